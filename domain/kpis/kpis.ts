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

/** The categories the reference asks denial rates for; `modifier` is a root cause inside coding. */
export const KPI_CATEGORIES = [
  { key: 'medical_necessity', label: 'Medical necessity', match: (f: DenialFacts) => f.category === 'medical_necessity' },
  { key: 'modifier', label: 'Modifier', match: (f: DenialFacts) => f.rootCause === 'wrong_modifier' },
  { key: 'eligibility', label: 'Eligibility', match: (f: DenialFacts) => f.category === 'eligibility' || f.category === 'coordination_of_benefits' },
  { key: 'authorization', label: 'Authorization', match: (f: DenialFacts) => f.category === 'authorization' },
  { key: 'coverage', label: 'Coverage', match: (f: DenialFacts) => f.category === 'non_covered' },
  { key: 'place_of_service', label: 'Place of service', match: (f: DenialFacts) => f.category === 'place_of_service' },
  { key: 'duplicate', label: 'Duplicate', match: (f: DenialFacts) => f.category === 'duplicate' },
  { key: 'timely_filing', label: 'Timely filing', match: (f: DenialFacts) => f.category === 'timely_filing' },
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
const matchesScope = (d: DenialFacts, f: KpiFilter) =>
  (!f.payerId || d.payerId === f.payerId) &&
  (!f.ownerTeam || d.ownerTeam === f.ownerTeam) &&
  (!f.category || d.category === f.category || KPI_CATEGORIES.some((c) => c.key === f.category && c.match(d)));
const sum = <T>(xs: readonly T[], by: (x: T) => number) => xs.reduce((n, x) => n + by(x), 0);
const OVERTURNED = new Set(['recovered', 'partially_recovered']);

/** The leak point a denial counts against: its root cause's control; an underpayment is leak point 22. */
export function leakPointOf(d: Pick<DenialFacts, 'rootCause' | 'underpaidCents'>): number | undefined {
  return controlForRootCause(d.rootCause as RootCause)?.leakPoint ?? (d.underpaidCents > 0 ? controlForRootCause('fee_schedule_mismatch')?.leakPoint : undefined);
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

function groupRatios(xs: readonly DenialFacts[], key: (d: DenialFacts) => string, hit: (d: DenialFacts) => boolean): Record<string, Ratio> {
  const groups = groupBy(xs, key);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => [k, ratio(g.filter(hit).length, g.length)]));
}

export function computeKpis(inputs: KpiInputs, filter: KpiFilter, asOf: string = filter.to): KpiReport {
  const scoped = inputs.facts.filter((d) => matchesScope(d, filter));
  const denials = scoped.filter((d) => inPeriod(d.remitDate, filter));
  const volumes = inputs.volumes.filter((v) => inPeriod(v.remitDate, filter) && (!filter.payerId || v.payerId === filter.payerId));
  const claims = sum(volumes, (v) => v.claims);
  const chargeCents = sum(volumes, (v) => v.chargeCents);

  const resolvedDays = denials
    .filter((d) => d.closedAt)
    .map((d) => Math.max(0, daysBetween(d.remitDate, d.closedAt!.slice(0, 10))))
    .sort((a, b) => a - b);

  // Appeals count once decided: a pending appeal is neither won nor lost yet.
  const decidedAppeals = denials.filter((d) => d.appealed && isClosed(d.stage));
  const overturned = decidedAppeals.filter((d) => OVERTURNED.has(d.resolution ?? ''));

  const tfLost = denials.filter((d) => d.resolution === 'timely_filing_loss' || (d.category === 'timely_filing' && d.resolution === 'written_off'));
  const underpaid = denials.filter((d) => d.underpaidCents > 0);
  const disputed = underpaid.filter((d) => d.paymentDisputed === true);
  // Recovery beyond the shortfall (a denied line paid on the same claim) is not the dispute's.
  const disputeRecovered = sum(disputed, (d) => Math.min(d.recoveredCents, d.underpaidCents));

  const { openWork = openWorkOf(inputs.facts, filter, asOf), preventionTally = tallyPrevention(inputs.prevention, filter) } = inputs;
  checkComputedFor('open work', { scope: openWork.scope, days: openWork.asOf }, filter, asOf);
  checkComputedFor('prevention tally', { scope: preventionTally.scope, days: `${preventionTally.from}..${preventionTally.to}` }, filter, `${filter.from}..${filter.to}`);
  const tally = (...types: PreventionEventType[]) => sum(types, (t) => preventionTally.byType[t] ?? 0);
  const dueSoon = [...openWork.dueSoon].sort((a, b) => a.dueDate!.localeCompare(b.dueDate!) || b.atRiskCents - a.atRiskCents || a.workflowId.localeCompare(b.workflowId));

  // Once per denial, not once per denial and leak point: finding a root cause's control is a search.
  const byLeakPoint = groupBy(denials, leakPointOf);

  const observed = tally('occurrence', 'repeat');
  const repeats = tally('repeat');

  return {
    filter,
    asOf,
    volume: { claims, chargeCents, remittances: volumes.length },
    denials: { count: denials.length, chargeCents: sum(denials, (d) => d.chargeCents), atRiskCents: sum(denials, (d) => d.initialAtRiskCents) },
    initialDenialRate: { byCount: ratio(denials.length, claims), byDollars: ratio(sum(denials, (d) => d.chargeCents), chargeCents) },
    preventableDenialRate: ratio(denials.filter((d) => d.preventable).length, denials.length),
    denialRateByCategory: Object.fromEntries(KPI_CATEGORIES.map((c) => [c.key, ratio(denials.filter(c.match).length, claims)])) as Record<KpiCategoryKey, Ratio>,
    repeatDefectRate: ratio(repeats, observed),
    daysToResolve: { resolved: resolvedDays.length, median: percentile(resolvedDays, 50), p90: percentile(resolvedDays, 90) },
    appealOverturnRate: {
      overall: ratio(overturned.length, decidedAppeals.length),
      dollars: ratio(sum(overturned, (d) => d.recoveredCents), sum(decidedAppeals, (d) => d.initialAtRiskCents)),
      byCategory: groupRatios(decidedAppeals, (d) => d.category, (d) => OVERTURNED.has(d.resolution ?? '')),
      byPayer: groupRatios(decidedAppeals, (d) => d.payerId, (d) => OVERTURNED.has(d.resolution ?? '')),
    },
    timelyFilingLoss: { cents: sum(tfLost, (d) => d.lostCents), count: tfLost.length, rate: ratio(sum(tfLost, (d) => d.lostCents), chargeCents) },
    recoveredCents: sum(denials, (d) => d.recoveredCents),
    writtenOffCents: sum(denials.filter((d) => d.resolution === 'written_off'), (d) => d.lostCents),
    underpayments: {
      found: underpaid.length,
      foundCents: sum(underpaid, (d) => d.underpaidCents),
      recoveredCents: sum(underpaid, (d) => Math.min(d.recoveredCents, d.underpaidCents)),
      recoveryRate: ratio(sum(underpaid, (d) => Math.min(d.recoveredCents, d.underpaidCents)), sum(underpaid, (d) => d.underpaidCents)),
    },
    underpaymentDisputes: {
      opened: disputed.length,
      disputedCents: sum(disputed, (d) => d.underpaidCents),
      recoveredCents: disputeRecovered,
      recoveryRate: ratio(disputeRecovered, sum(disputed, (d) => d.underpaidCents)),
    },
    touchesPerDenial: denials.length ? sum(denials, (d) => d.touches) / denials.length : null,
    openAtRisk: { totalCents: sum(openWork.aging, (b) => b.cents), count: sum(openWork.aging, (b) => b.count), buckets: openWork.aging },
    deadlinesNext14Days: {
      count: dueSoon.length,
      atRiskCents: sum(dueSoon, (d) => d.atRiskCents),
      items: dueSoon.map((d) => ({ workflowId: d.workflowId, dueDate: d.dueDate!, daysLeft: daysBetween(asOf, d.dueDate!), atRiskCents: d.atRiskCents, category: d.category, payerId: d.payerId, ownerTeam: d.ownerTeam })),
    },
    prevention: { occurrences: observed, repeats, controlsRecorded: tally('control_recorded'), reopened: tally('reopened') },
    leakPoints: LEAKAGE_CONTROLS.filter((c) => c.detection.kind === 'remittance').map((c) => {
      const hit = byLeakPoint.get(c.leakPoint) ?? [];
      return { leakPoint: c.leakPoint, name: c.leakPointName, control: c.control, kpi: c.kpi, denials: hit.length, atRiskCents: sum(hit, (d) => d.initialAtRiskCents), rate: ratio(hit.length, claims) };
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
