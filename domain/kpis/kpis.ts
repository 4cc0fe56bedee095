/**
 * The leakage KPIs, as pure formulas over the ledger's read model (denial facts, remittance volumes,
 * prevention entries). Definitions follow the denials reference (section 6.1) with these conventions:
 *  - claim level; dollars are gross charges unless the KPI says otherwise;
 *  - the period anchor of denial metrics is the remittance date (BPR16) of the denial;
 *  - the denominator of the initial denial rates is the claims adjudicated on the remittances of the
 *    same period and payer (reversals and predeterminations excluded). HFMA divides by claims submitted
 *    (three-month average); an 835 feed does not see submissions, so this is the remittance denial rate
 *    of MAP Key AR-5, which is what the feed can measure honestly.
 * Every KPI can be filtered by period, payer, owning team and category.
 */
import { z } from 'zod';
import { addDays, daysBetween, isIsoDate } from '../policy/dates';
import { isClosed, type DenialFacts } from './denial-facts';
import { DENIAL_COUNT_FIELDS, totalDenials, type DenialCounts, type DenialGroup, type DenialGroupCounts, type DenialTotals } from './denial-totals';
import type { RemittanceVolume } from './remittance-volume';
import { controlForRootCause, LEAKAGE_CONTROLS } from '../prevention/controls';
import type { PreventionEntry, PreventionEventType } from '../prevention/prevention-entry';
import type { RootCause } from '../policy/taxonomy';

const IsoDate = z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD');

export const KpiFilterSchema = z
  .object({
    from: IsoDate,
    to: IsoDate,
    payerId: z.string().min(1).optional(),
    ownerTeam: z.string().min(1).optional(),
    category: z.string().min(1).optional(),
  })
  .refine((f) => !isIsoDate(f.from) || !isIsoDate(f.to) || f.from <= f.to, { message: '`from` must not be after `to`', path: ['from'] });
export type KpiFilter = z.infer<typeof KpiFilterSchema>;

type Classified = Pick<DenialFacts, 'category' | 'rootCause'>;

/** The categories the reference asks denial rates for; `modifier` is a root cause inside coding. */
export const KPI_CATEGORIES = [
  { key: 'medical_necessity', label: 'Medical necessity', match: (f: Classified) => f.category === 'medical_necessity' },
  { key: 'modifier', label: 'Modifier', match: (f: Classified) => f.rootCause === 'wrong_modifier' },
  { key: 'eligibility', label: 'Eligibility', match: (f: Classified) => f.category === 'eligibility' || f.category === 'coordination_of_benefits' },
  { key: 'authorization', label: 'Authorization', match: (f: Classified) => f.category === 'authorization' },
  { key: 'coverage', label: 'Coverage', match: (f: Classified) => f.category === 'non_covered' },
  { key: 'place_of_service', label: 'Place of service', match: (f: Classified) => f.category === 'place_of_service' },
  { key: 'duplicate', label: 'Duplicate', match: (f: Classified) => f.category === 'duplicate' },
  { key: 'timely_filing', label: 'Timely filing', match: (f: Classified) => f.category === 'timely_filing' },
] as const;
export type KpiCategoryKey = (typeof KPI_CATEGORIES)[number]['key'];

export const AGING_BUCKETS = [
  { label: '0-30 days', min: 0, max: 30 },
  { label: '31-60 days', min: 31, max: 60 },
  { label: '61-90 days', min: 61, max: 90 },
  { label: '91-120 days', min: 91, max: 120 },
  { label: 'over 120 days', min: 121, max: Infinity },
] as const;

export const DEADLINE_HORIZON_DAYS = 14;

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, or null when there is nothing to divide by. */
  value: number | null;
}

export interface KpiReport {
  filter: KpiFilter;
  /** Open-work figures (aging, deadlines) are as of this day. */
  asOf: string;
  volume: { claims: number; chargeCents: number; remittances: number };
  denials: { count: number; chargeCents: number; atRiskCents: number };
  initialDenialRate: { byCount: Ratio; byDollars: Ratio };
  preventableDenialRate: Ratio;
  denialRateByCategory: Record<KpiCategoryKey, Ratio>;
  /** Defects that came back after their team recorded a control ÷ defects observed, in the period. */
  repeatDefectRate: Ratio;
  daysToResolve: { resolved: number; median: number | null; p90: number | null };
  appealOverturnRate: { overall: Ratio; dollars: Ratio; byCategory: Record<string, Ratio>; byPayer: Record<string, Ratio> };
  timelyFilingLoss: { cents: number; count: number; rate: Ratio };
  recoveredCents: number;
  writtenOffCents: number;
  underpayments: { found: number; foundCents: number; recoveredCents: number; recoveryRate: Ratio };
  /** Underpayments worked as disputes (route payment_dispute): how many, the shortfall disputed, what came back. */
  underpaymentDisputes: { opened: number; disputedCents: number; recoveredCents: number; recoveryRate: Ratio };
  touchesPerDenial: number | null;
  openAtRisk: { totalCents: number; count: number; buckets: { label: string; cents: number; count: number }[] };
  deadlinesNext14Days: { count: number; atRiskCents: number; items: { workflowId: string; dueDate: string; daysLeft: number; atRiskCents: number; category: string; payerId: string; ownerTeam: string }[] };
  prevention: { occurrences: number; repeats: number; controlsRecorded: number; reopened: number };
  /**
   * Per leak point of the controls catalogue that remittances can show: the denials whose root cause it
   * covers, as a rate of claims adjudicated and in dollars at risk. This is how each control's KPI
   * (modifier denial rate, auth denial rate, ...) is measured from the feed.
   */
  leakPoints: { leakPoint: number; name: string; control: string; kpi: string; denials: number; atRiskCents: number; rate: Ratio }[];
}

/** The payer, team and category a total was computed for: it answers only a report with the same. */
export type KpiScope = Pick<KpiFilter, 'payerId' | 'ownerTeam' | 'category'>;

/**
 * The open work in a scope as of a day: what the aging buckets and the deadline list are made of.
 * `openWorkOf` makes it from facts; a store can compute the same with a query per `agingWindows` window
 * and one for the `deadlineWindow`, without loading every open denial.
 */
export interface OpenWork {
  asOf: string;
  scope: KpiScope;
  /** Per aging bucket, in AGING_BUCKETS order. */
  aging: { label: string; cents: number; count: number }[];
  /** Open denials whose deadline falls in the deadline window, in any order. */
  dueSoon: readonly DenialFacts[];
}

/** The prevention entries of a period in a scope, counted by type: all the prevention KPIs need (`tallyPrevention`). */
export interface PreventionTally {
  from: string;
  to: string;
  scope: KpiScope;
  byType: Partial<Record<PreventionEventType, number>>;
}

export interface KpiInputs {
  /** Denial facts; those outside the filter are ignored, so a store may pre-filter or not. */
  facts: readonly DenialFacts[];
  volumes: readonly RemittanceVolume[];
  prevention: readonly PreventionEntry[];
  /** The open work as of the report's day, when the store computed it; then `facts` need only hold the period's denials. */
  openWork?: OpenWork;
  /** The prevention entries counted, when the store counted them; then `prevention` is not read. */
  preventionTally?: PreventionTally;
  /** The period's denials totalled, when the store summed its rollup; then `facts` need only hold the open work's denials. */
  denialTotals?: DenialTotals;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const inPeriod = (date: string, f: KpiFilter) => date >= f.from && date <= f.to;
const matchesCategory = (d: Classified, f: KpiFilter) => !f.category || d.category === f.category || KPI_CATEGORIES.some((c) => c.key === f.category && c.match(d));
const matchesScope = (d: DenialFacts, f: KpiFilter) => (!f.payerId || d.payerId === f.payerId) && (!f.ownerTeam || d.ownerTeam === f.ownerTeam) && matchesCategory(d, f);
const sum = <T>(xs: readonly T[], by: (x: T) => number) => xs.reduce((n, x) => n + by(x), 0);

/** The leak point a denial counts against: its root cause's control; an underpayment is leak point 22. */
export function leakPointOf(d: Pick<DenialGroup, 'rootCause' | 'underpaid'>): number | undefined {
  return controlForRootCause(d.rootCause as RootCause)?.leakPoint ?? (d.underpaid ? controlForRootCause('fee_schedule_mismatch')?.leakPoint : undefined);
}

/** A range of days, both ends inclusive; no `from`: open-ended into the past. */
export interface DateWindow {
  from?: string;
  to: string;
}

const inWindow = (date: string, w: DateWindow) => (w.from === undefined || date >= w.from) && date <= w.to;

/** The remit dates of each aging bucket as of a day: a denial remitted within a window has that bucket's age. */
export function agingWindows(asOf: string): (DateWindow & { label: string })[] {
  return AGING_BUCKETS.map((b) => ({ label: b.label, ...(Number.isFinite(b.max) ? { from: addDays(asOf, -b.max) } : {}), to: addDays(asOf, -b.min) }));
}

/** The due dates the dashboard lists: from the day itself to DEADLINE_HORIZON_DAYS after it. */
export function deadlineWindow(asOf: string): Required<DateWindow> {
  return { from: asOf, to: addDays(asOf, DEADLINE_HORIZON_DAYS) };
}

const scopeOf = ({ payerId, ownerTeam, category }: KpiScope): KpiScope => ({ payerId, ownerTeam, category });
const sameScope = (a: KpiScope, b: KpiScope) => a.payerId === b.payerId && a.ownerTeam === b.ownerTeam && a.category === b.category;

/** The open work among `facts` (open, in the filter's scope, remitted by `asOf`). */
export function openWorkOf(facts: readonly DenialFacts[], filter: KpiFilter, asOf: string): OpenWork {
  const open = facts.filter((d) => matchesScope(d, filter) && !isClosed(d.stage) && d.remitDate <= asOf);
  const due = deadlineWindow(asOf);
  return {
    asOf,
    scope: scopeOf(filter),
    aging: agingWindows(asOf).map((w) => {
      const aged = open.filter((d) => inWindow(d.remitDate, w));
      return { label: w.label, cents: sum(aged, (d) => d.atRiskCents), count: aged.length };
    }),
    dueSoon: open.filter((d) => d.dueDate !== undefined && inWindow(d.dueDate, due)),
  };
}

/** The prevention entries of the filter's period and scope, counted by type. */
export function tallyPrevention(entries: readonly PreventionEntry[], filter: KpiFilter): PreventionTally {
  const byType: PreventionTally['byType'] = {};
  for (const p of entries) {
    const inScope =
      inPeriod(p.at.slice(0, 10), filter) &&
      (!filter.ownerTeam || p.ownerTeam === filter.ownerTeam) &&
      (!filter.payerId || p.denialPayerId === filter.payerId || p.payerId === filter.payerId) &&
      (!filter.category || p.category === filter.category);
    if (inScope) byType[p.type] = (byType[p.type] ?? 0) + 1;
  }
  return { from: filter.from, to: filter.to, scope: scopeOf(filter), byType };
}

/** A total computed for another day or scope would give a wrong report without a sign: refuse it. */
function checkComputedFor(what: string, computedFor: { scope: KpiScope; days: string }, filter: KpiFilter, days: string): void {
  if (!sameScope(computedFor.scope, filter) || computedFor.days !== days) {
    throw new Error(`${what} computed for ${computedFor.days} ${JSON.stringify(computedFor.scope)} cannot answer for ${days} ${JSON.stringify(scopeOf(filter))}`);
  }
}

function groupBy<K, T>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const group = groups.get(k);
    if (group) group.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

/** The counts summed over `groups`. */
function sumCounts(groups: readonly DenialCounts[]): DenialCounts {
  const total = Object.fromEntries(DENIAL_COUNT_FIELDS.map((f) => [f, 0])) as unknown as DenialCounts;
  for (const g of groups) for (const f of DENIAL_COUNT_FIELDS) total[f] += g[f];
  return total;
}

/** Overturned ÷ decided appeals per key, in key order, of the keys with a decided appeal. */
function appealRatios(groups: readonly DenialGroupCounts[], key: (g: DenialGroupCounts) => string): Record<string, Ratio> {
  const decided = groupBy(
    groups.filter((g) => g.appealsDecided > 0),
    key,
  );
  return Object.fromEntries(
    [...decided].sort(([a], [b]) => a.localeCompare(b)).map(([k, gs]) => {
      const t = sumCounts(gs);
      return [k, ratio(t.appealsOverturned, t.appealsDecided)];
    }),
  );
}

export function computeKpis(inputs: KpiInputs, filter: KpiFilter, asOf: string = filter.to): KpiReport {
  const { denialTotals = totalDenials(inputs.facts, filter) } = inputs;
  // A KPI category is a test of category and root cause: applied here, to what was totalled for the payer and team.
  checkComputedFor('denial totals', { scope: { ...denialTotals.scope, category: filter.category }, days: `${denialTotals.from}..${denialTotals.to}` }, filter, `${filter.from}..${filter.to}`);
  const groups = denialTotals.groups.filter((g) => matchesCategory(g, filter));
  const t = sumCounts(groups);
  const volumes = inputs.volumes.filter((v) => inPeriod(v.remitDate, filter) && (!filter.payerId || v.payerId === filter.payerId));
  const claims = sum(volumes, (v) => v.claims);
  const chargeCents = sum(volumes, (v) => v.chargeCents);

  const resolvedDays = denialTotals.resolutionDays
    .filter((r) => matchesCategory(r, filter))
    .flatMap((r) => Array<number>(r.denials).fill(r.days))
    .sort((a, b) => a - b);

  const { openWork = openWorkOf(inputs.facts, filter, asOf), preventionTally = tallyPrevention(inputs.prevention, filter) } = inputs;
  checkComputedFor('open work', { scope: openWork.scope, days: openWork.asOf }, filter, asOf);
  checkComputedFor('prevention tally', { scope: preventionTally.scope, days: `${preventionTally.from}..${preventionTally.to}` }, filter, `${filter.from}..${filter.to}`);
  const tally = (...types: PreventionEventType[]) => sum(types, (t) => preventionTally.byType[t] ?? 0);
  const dueSoon = [...openWork.dueSoon].sort((a, b) => a.dueDate!.localeCompare(b.dueDate!) || b.atRiskCents - a.atRiskCents || a.workflowId.localeCompare(b.workflowId));

  // Once per group, not once per group and leak point: finding a root cause's control is a search.
  const byLeakPoint = groupBy(groups, leakPointOf);
  const countOf = (match: (g: DenialGroupCounts) => boolean) => sum(groups.filter(match), (g) => g.denials);

  const observed = tally('occurrence', 'repeat');
  const repeats = tally('repeat');

  return {
    filter,
    asOf,
    volume: { claims, chargeCents, remittances: volumes.length },
    denials: { count: t.denials, chargeCents: t.chargeCents, atRiskCents: t.initialAtRiskCents },
    initialDenialRate: { byCount: ratio(t.denials, claims), byDollars: ratio(t.chargeCents, chargeCents) },
    preventableDenialRate: ratio(t.preventable, t.denials),
    denialRateByCategory: Object.fromEntries(KPI_CATEGORIES.map((c) => [c.key, ratio(countOf(c.match), claims)])) as Record<KpiCategoryKey, Ratio>,
    repeatDefectRate: ratio(repeats, observed),
    daysToResolve: { resolved: resolvedDays.length, median: percentile(resolvedDays, 50), p90: percentile(resolvedDays, 90) },
    appealOverturnRate: {
      overall: ratio(t.appealsOverturned, t.appealsDecided),
      dollars: ratio(t.appealsOverturnedRecoveredCents, t.appealsDecidedAtRiskCents),
      byCategory: appealRatios(groups, (g) => g.category),
      byPayer: appealRatios(groups, (g) => g.payerId),
    },
    timelyFilingLoss: { cents: t.timelyFilingLostCents, count: t.timelyFilingLosses, rate: ratio(t.timelyFilingLostCents, chargeCents) },
    recoveredCents: t.recoveredCents,
    writtenOffCents: t.writtenOffCents,
    underpayments: {
      found: countOf((g) => g.underpaid),
      foundCents: t.underpaidCents,
      recoveredCents: t.underpaidRecoveredCents,
      recoveryRate: ratio(t.underpaidRecoveredCents, t.underpaidCents),
    },
    underpaymentDisputes: {
      opened: t.disputes,
      disputedCents: t.disputedCents,
      recoveredCents: t.disputeRecoveredCents,
      recoveryRate: ratio(t.disputeRecoveredCents, t.disputedCents),
    },
    touchesPerDenial: t.denials ? t.touches / t.denials : null,
    openAtRisk: { totalCents: sum(openWork.aging, (b) => b.cents), count: sum(openWork.aging, (b) => b.count), buckets: openWork.aging },
    deadlinesNext14Days: {
      count: dueSoon.length,
      atRiskCents: sum(dueSoon, (d) => d.atRiskCents),
      items: dueSoon.map((d) => ({ workflowId: d.workflowId, dueDate: d.dueDate!, daysLeft: daysBetween(asOf, d.dueDate!), atRiskCents: d.atRiskCents, category: d.category, payerId: d.payerId, ownerTeam: d.ownerTeam })),
    },
    prevention: { occurrences: observed, repeats, controlsRecorded: tally('control_recorded'), reopened: tally('reopened') },
    leakPoints: LEAKAGE_CONTROLS.filter((c) => c.detection.kind === 'remittance').map((c) => {
      const hit = byLeakPoint.get(c.leakPoint) ?? [];
      return { leakPoint: c.leakPoint, name: c.leakPointName, control: c.control, kpi: c.kpi, denials: sum(hit, (g) => g.denials), atRiskCents: sum(hit, (g) => g.initialAtRiskCents), rate: ratio(sum(hit, (g) => g.denials), claims) };
    }),
  };
}

/** Consecutive 7-day periods ending on `to`, oldest first: the weekly report's trend lines. */
export function weeklyPeriods(to: string, weeks: number): { from: string; to: string }[] {
  return Array.from({ length: weeks }, (_, i) => {
    const end = addDays(to, -7 * (weeks - 1 - i));
    return { from: addDays(end, -6), to: end };
  });
}
