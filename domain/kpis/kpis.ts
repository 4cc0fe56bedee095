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
import type { PreventionEntry } from '../prevention/prevention-entry';
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

export interface KpiInputs {
  /** Denial facts; those outside the filter are ignored, so a store may pre-filter or not. */
  facts: readonly DenialFacts[];
  volumes: readonly RemittanceVolume[];
  prevention: readonly PreventionEntry[];
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

function groupRatios(xs: readonly DenialFacts[], key: (d: DenialFacts) => string, hit: (d: DenialFacts) => boolean): Record<string, Ratio> {
  const groups = new Map<string, DenialFacts[]>();
  for (const x of xs) groups.set(key(x), [...(groups.get(key(x)) ?? []), x]);
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

  const open = scoped.filter((d) => !isClosed(d.stage) && d.remitDate <= asOf);
  const horizon = addDays(asOf, DEADLINE_HORIZON_DAYS);
  const dueSoon = open
    .filter((d) => d.dueDate && d.dueDate >= asOf && d.dueDate <= horizon)
    .sort((a, b) => a.dueDate!.localeCompare(b.dueDate!) || b.atRiskCents - a.atRiskCents);

  const prevention = inputs.prevention.filter(
    (p) => inPeriod(p.at.slice(0, 10), filter) && (!filter.ownerTeam || p.ownerTeam === filter.ownerTeam) && (!filter.payerId || p.denialPayerId === filter.payerId || p.payerId === filter.payerId) && (!filter.category || p.category === filter.category),
  );
  const observed = prevention.filter((p) => p.type === 'occurrence' || p.type === 'repeat');
  const repeats = prevention.filter((p) => p.type === 'repeat');

  return {
    filter,
    asOf,
    volume: { claims, chargeCents, remittances: volumes.length },
    denials: { count: denials.length, chargeCents: sum(denials, (d) => d.chargeCents), atRiskCents: sum(denials, (d) => d.initialAtRiskCents) },
    initialDenialRate: { byCount: ratio(denials.length, claims), byDollars: ratio(sum(denials, (d) => d.chargeCents), chargeCents) },
    preventableDenialRate: ratio(denials.filter((d) => d.preventable).length, denials.length),
    denialRateByCategory: Object.fromEntries(KPI_CATEGORIES.map((c) => [c.key, ratio(denials.filter(c.match).length, claims)])) as Record<KpiCategoryKey, Ratio>,
    repeatDefectRate: ratio(repeats.length, observed.length),
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
    touchesPerDenial: denials.length ? sum(denials, (d) => d.touches) / denials.length : null,
    openAtRisk: {
      totalCents: sum(open, (d) => d.atRiskCents),
      count: open.length,
      buckets: AGING_BUCKETS.map((b) => {
        const inBucket = open.filter((d) => {
          const age = daysBetween(d.remitDate, asOf);
          return age >= b.min && age <= b.max;
        });
        return { label: b.label, cents: sum(inBucket, (d) => d.atRiskCents), count: inBucket.length };
      }),
    },
    deadlinesNext14Days: {
      count: dueSoon.length,
      atRiskCents: sum(dueSoon, (d) => d.atRiskCents),
      items: dueSoon.map((d) => ({ workflowId: d.workflowId, dueDate: d.dueDate!, daysLeft: daysBetween(asOf, d.dueDate!), atRiskCents: d.atRiskCents, category: d.category, payerId: d.payerId, ownerTeam: d.ownerTeam })),
    },
    prevention: {
      occurrences: observed.length,
      repeats: repeats.length,
      controlsRecorded: prevention.filter((p) => p.type === 'control_recorded').length,
      reopened: prevention.filter((p) => p.type === 'reopened').length,
    },
    leakPoints: LEAKAGE_CONTROLS.filter((c) => c.detection.kind === 'remittance').map((c) => {
      const hit = denials.filter((d) => leakPointOf(d) === c.leakPoint);
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
