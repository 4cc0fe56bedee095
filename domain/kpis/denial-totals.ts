/**
 * The period's denials as the KPI formulas need them: counts and cents per payer, owning team, category
 * and root cause, plus how many days each resolved denial took. Every denial KPI is a sum of these, or a
 * percentile of the days, so a store can keep them per remit day as denials change (a rollup) and sum a
 * period's days, instead of reading every denial of the period. `denialCounts` is the one definition of
 * what a denial adds; `totalDenials` makes the same totals from facts.
 */
import { daysBetween } from '../policy/dates';
import { isClosed, type DenialFacts } from './denial-facts';

/** What a total is kept per. `underpaid` decides the leak point of a root cause without a control. */
export interface DenialGroup {
  payerId: string;
  ownerTeam: string;
  category: string;
  rootCause: string;
  underpaid: boolean;
}

/** Sums over the denials of a group; a denial adds 0 or 1 to each count. */
export interface DenialCounts {
  denials: number;
  chargeCents: number;
  initialAtRiskCents: number;
  preventable: number;
  touches: number;
  recoveredCents: number;
  /** Lost cents of the denials resolved as written off. */
  writtenOffCents: number;
  /** Appealed and closed: won or lost. */
  appealsDecided: number;
  appealsDecidedAtRiskCents: number;
  appealsOverturned: number;
  appealsOverturnedRecoveredCents: number;
  timelyFilingLosses: number;
  timelyFilingLostCents: number;
  underpaidCents: number;
  /** Recovered up to the shortfall: recovery beyond it (a denied line paid on the same claim) is not the underpayment's. */
  underpaidRecoveredCents: number;
  disputes: number;
  disputedCents: number;
  disputeRecoveredCents: number;
}

export type DenialGroupCounts = DenialGroup & DenialCounts;

/** Resolved denials of a category and root cause that took `days` days from remittance to closing. */
export type ResolutionDays = Pick<DenialGroup, 'category' | 'rootCause'> & { days: number; denials: number };

/** The denials remitted in [from, to] (both inclusive) of every payer and team, or of one. */
export interface DenialTotalsQuery {
  from: string;
  to: string;
  payerId?: string;
  ownerTeam?: string;
}

export interface DenialTotals {
  from: string;
  to: string;
  /** The payer and team summed; absent: every one. Only a report of the same payer and team can use them. */
  scope: { payerId?: string; ownerTeam?: string };
  groups: readonly DenialGroupCounts[];
  resolutionDays: readonly ResolutionDays[];
}

export const DENIAL_COUNT_FIELDS = [
  'denials',
  'chargeCents',
  'initialAtRiskCents',
  'preventable',
  'touches',
  'recoveredCents',
  'writtenOffCents',
  'appealsDecided',
  'appealsDecidedAtRiskCents',
  'appealsOverturned',
  'appealsOverturnedRecoveredCents',
  'timelyFilingLosses',
  'timelyFilingLostCents',
  'underpaidCents',
  'underpaidRecoveredCents',
  'disputes',
  'disputedCents',
  'disputeRecoveredCents',
] as const satisfies readonly (keyof DenialCounts)[];

export const OVERTURNED_RESOLUTIONS: readonly string[] = ['recovered', 'partially_recovered'];

export function groupOf(d: DenialFacts): DenialGroup {
  return { payerId: d.payerId, ownerTeam: d.ownerTeam, category: d.category, rootCause: d.rootCause, underpaid: d.underpaidCents > 0 };
}

const one = (yes: boolean) => (yes ? 1 : 0);

/** What one denial adds to its group's totals. */
export function denialCounts(d: DenialFacts): DenialCounts {
  // Appeals count once decided: a pending appeal is neither won nor lost yet.
  const decided = d.appealed && isClosed(d.stage);
  const overturned = decided && OVERTURNED_RESOLUTIONS.includes(d.resolution ?? '');
  const timelyFilingLost = d.resolution === 'timely_filing_loss' || (d.category === 'timely_filing' && d.resolution === 'written_off');
  const underpaid = d.underpaidCents > 0;
  const disputed = underpaid && d.paymentDisputed === true;
  const underpaidRecovered = underpaid ? Math.min(d.recoveredCents, d.underpaidCents) : 0;
  return {
    denials: 1,
    chargeCents: d.chargeCents,
    initialAtRiskCents: d.initialAtRiskCents,
    preventable: one(d.preventable),
    touches: d.touches,
    recoveredCents: d.recoveredCents,
    writtenOffCents: d.resolution === 'written_off' ? d.lostCents : 0,
    appealsDecided: one(decided),
    appealsDecidedAtRiskCents: decided ? d.initialAtRiskCents : 0,
    appealsOverturned: one(overturned),
    appealsOverturnedRecoveredCents: overturned ? d.recoveredCents : 0,
    timelyFilingLosses: one(timelyFilingLost),
    timelyFilingLostCents: timelyFilingLost ? d.lostCents : 0,
    underpaidCents: underpaid ? d.underpaidCents : 0,
    underpaidRecoveredCents: underpaidRecovered,
    disputes: one(disputed),
    disputedCents: disputed ? d.underpaidCents : 0,
    disputeRecoveredCents: disputed ? underpaidRecovered : 0,
  };
}

/** Days from remittance to closing, for a resolved denial. */
export function daysToResolve(d: DenialFacts): number | undefined {
  return d.closedAt ? Math.max(0, daysBetween(d.remitDate, d.closedAt.slice(0, 10))) : undefined;
}

const groupKey = (g: DenialGroup) => JSON.stringify([g.payerId, g.ownerTeam, g.category, g.rootCause, g.underpaid]);

/** The totals of the denials among `facts` that `q` asks for: what a store sums its rollup to. */
export function totalDenials(facts: readonly DenialFacts[], q: DenialTotalsQuery): DenialTotals {
  const groups = new Map<string, DenialGroupCounts>();
  const days = new Map<string, ResolutionDays>();
  const asked = (d: DenialFacts) =>
    d.remitDate >= q.from && d.remitDate <= q.to && (!q.payerId || d.payerId === q.payerId) && (!q.ownerTeam || d.ownerTeam === q.ownerTeam);
  for (const d of facts.filter(asked)) {
    const group = groupOf(d);
    const key = groupKey(group);
    const counts = denialCounts(d);
    const total = groups.get(key);
    if (total) for (const f of DENIAL_COUNT_FIELDS) total[f] += counts[f];
    else groups.set(key, { ...group, ...counts });
    const took = daysToResolve(d);
    if (took === undefined) continue;
    const dayKey = JSON.stringify([d.category, d.rootCause, took]);
    const resolved = days.get(dayKey);
    if (resolved) resolved.denials += 1;
    else days.set(dayKey, { category: d.category, rootCause: d.rootCause, days: took, denials: 1 });
  }
  return { from: q.from, to: q.to, scope: { payerId: q.payerId, ownerTeam: q.ownerTeam }, groups: [...groups.values()], resolutionDays: [...days.values()] };
}
