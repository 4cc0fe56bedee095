/**
 * Replays denials through the current and the candidate rules and says what changes for each: route,
 * appeal level, deadline (days earlier or later), expected recovery, dollars affected. Two changes are
 * flagged, and flags fail the command so CI can gate on them:
 *
 * - DEADLINE_LATER_THAN_SOURCE: for the same case, the same route and the same dates, a limit
 *   (timely filing, corrected claim, reopening, secondary claim, appeal level n: the part after '#' of
 *   the limit id) falls due later under the candidate than under the current rule, and the current
 *   rule's limit is verified (verify: false, so it states its source). The current verified limit is
 *   the latest date the source allows; a later date would let a filing miss the real deadline. Checked
 *   for the current route and for the candidate's route. Later than an unverified limit is reported,
 *   not flagged.
 * - MOVED_TO_WRITE_OFF: the current rules work the case (any route but write-off and post-only) and the
 *   candidate writes it off.
 */
import {
  daysBetween,
  deadlinesUnderRules,
  describeRoute,
  type DenialExplanation,
  type FilingDeadline,
  type Route,
} from '../../domain/policy';
import type { RuleSource } from './candidate';
import type { Progress, ReplayCase } from './replay-cases';

export interface Outcome {
  route: string;
  routeKind: Route['kind'];
  appealLevel: number | null;
  deadline: { dueDate: string; limitId: string; verify: boolean; anchor: string } | null;
  expectedRecovery: number;
  payerRule: string | null;
}

export type Flag =
  | { code: 'DEADLINE_LATER_THAN_SOURCE'; route: string; limit: string; currentDue: string; candidateDue: string; daysLater: number; source: string }
  | { code: 'MOVED_TO_WRITE_OFF'; from: string; to: string };

export interface CaseChange {
  id: string;
  source: ReplayCase['source'];
  payerId: string;
  category: string;
  remitDate: string;
  atRiskCents: number;
  current: Outcome;
  candidate: Outcome;
  changed: ('route' | 'appeal_level' | 'deadline' | 'expected_recovery')[];
  /** Candidate primary due date minus current, in days (positive = later); null unless both have one. */
  deadlineShiftDays: number | null;
  expectedRecoveryDelta: number;
  flags: Flag[];
  assumptions: string[];
}

export interface GroupSummary {
  payerId: string;
  category: string;
  cases: number;
  changed: number;
  routeChanged: number;
  levelChanged: number;
  deadlinesEarlier: number;
  deadlinesLater: number;
  flagged: number;
  dollarsAffectedCents: number;
  expectedRecoveryDelta: number;
}

export interface BacktestReport {
  current: { payerRules: string; policy: string };
  candidate: { label: string; payerRules: string; policy: string };
  source: 'ledger' | '835';
  window: { from?: string; to?: string };
  replayed: number;
  /** Cases the rules could not decide (kept out of the comparison), with why. */
  failed: { id: string; error: string }[];
  changes: CaseChange[];
  summary: GroupSummary[];
  totals: Omit<GroupSummary, 'payerId' | 'category'>;
  flags: number;
  notes: string[];
}

function outcomeOf(e: DenialExplanation): Outcome {
  const d = e.deadlines.primary;
  return {
    route: describeRoute(e.decision.route),
    routeKind: e.decision.route.kind,
    appealLevel: e.decision.appealLevel?.level ?? null,
    deadline: d ? { dueDate: d.dueDate, limitId: d.limitId, verify: d.verify, anchor: `${d.anchor.kind} ${d.anchor.date}` } : null,
    expectedRecovery: e.decision.expectedRecovery.value,
    payerRule: e.payerRule ? `${e.payerRule.id}@${e.payerRule.version}` : null,
  };
}

const limitOf = (d: FilingDeadline) => `${d.kind}#${d.limitId.split('#')[1] ?? ''}`;

/** Limits of `route` that fall due later under the candidate than under a verified current limit. */
type LaterFlag = Extract<Flag, { code: 'DEADLINE_LATER_THAN_SOURCE' }>;

function laterThanSource(cur: DenialExplanation, candidate: RuleSource, current: RuleSource, route: Route): LaterFlag[] {
  const now = deadlinesUnderRules(cur.input, route, current.payerRules).deadlines;
  const next = deadlinesUnderRules(cur.input, route, candidate.payerRules).deadlines;
  const flags: LaterFlag[] = [];
  for (const d of next) {
    const c = now.find((x) => limitOf(x) === limitOf(d));
    if (!c || c.verify) continue;
    const days = daysBetween(c.dueDate, d.dueDate);
    if (days > 0) {
      flags.push({ code: 'DEADLINE_LATER_THAN_SOURCE', route: describeRoute(route), limit: d.limitId, currentDue: c.dueDate, candidateDue: d.dueDate, daysLater: days, source: `${c.limitId}${c.source ? ` (${c.source})` : ''}` });
    }
  }
  return flags;
}

const NOT_WORKED: readonly Route['kind'][] = ['write_off', 'post_only'];

export function compareCase(rc: ReplayCase, cur: DenialExplanation, cand: DenialExplanation, current: RuleSource, candidate: RuleSource): CaseChange {
  const a = outcomeOf(cur);
  const b = outcomeOf(cand);
  const changed: CaseChange['changed'] = [];
  if (a.route !== b.route) changed.push('route');
  if (a.appealLevel !== b.appealLevel) changed.push('appeal_level');
  if (a.deadline?.dueDate !== b.deadline?.dueDate) changed.push('deadline');
  if (Math.abs(a.expectedRecovery - b.expectedRecovery) >= 0.005) changed.push('expected_recovery');
  const later = laterThanSource(cur, candidate, current, cur.decision.route);
  if (b.route !== a.route) {
    for (const f of laterThanSource(cur, candidate, current, cand.decision.route)) if (!later.some((x) => x.limit === f.limit)) later.push(f);
  }
  const flags: Flag[] = [...later];
  if (!NOT_WORKED.includes(a.routeKind) && b.routeKind === 'write_off') flags.push({ code: 'MOVED_TO_WRITE_OFF', from: a.route, to: b.route });
  return {
    id: rc.id,
    source: rc.source,
    payerId: rc.payerId,
    category: cur.classification.primary.category,
    remitDate: rc.remitDate,
    atRiskCents: rc.atRiskCents,
    current: a,
    candidate: b,
    changed,
    deadlineShiftDays: a.deadline && b.deadline ? daysBetween(a.deadline.dueDate, b.deadline.dueDate) : null,
    expectedRecoveryDelta: Math.round((b.expectedRecovery - a.expectedRecovery) * 100) / 100,
    flags,
    assumptions: rc.assumptions,
  };
}

function emptyTotals(): BacktestReport['totals'] {
  return { cases: 0, changed: 0, routeChanged: 0, levelChanged: 0, deadlinesEarlier: 0, deadlinesLater: 0, flagged: 0, dollarsAffectedCents: 0, expectedRecoveryDelta: 0 };
}

function tally(t: BacktestReport['totals'], c: CaseChange): void {
  t.cases++;
  if (c.changed.length === 0) return;
  t.changed++;
  if (c.changed.includes('route')) t.routeChanged++;
  if (c.changed.includes('appeal_level')) t.levelChanged++;
  if ((c.deadlineShiftDays ?? 0) < 0) t.deadlinesEarlier++;
  if ((c.deadlineShiftDays ?? 0) > 0) t.deadlinesLater++;
  if (c.flags.length > 0) t.flagged++;
  t.dollarsAffectedCents += c.atRiskCents;
  t.expectedRecoveryDelta = Math.round((t.expectedRecoveryDelta + c.expectedRecoveryDelta) * 100) / 100;
}

export function runBacktest(cases: ReplayCase[], current: RuleSource, candidate: RuleSource, meta: { source: 'ledger' | '835'; window: { from?: string; to?: string }; notes: string[]; progress: Progress }): BacktestReport {
  const all: CaseChange[] = [];
  const failed: BacktestReport['failed'] = [];
  for (const [i, rc] of cases.entries()) {
    try {
      all.push(compareCase(rc, rc.decide(current), rc.decide(candidate), current, candidate));
    } catch (err) {
      failed.push({ id: rc.id, error: (err as Error).message.split('\n')[0] ?? 'error' });
    }
    if ((i + 1) % 1000 === 0) meta.progress(`replayed ${i + 1} of ${cases.length} denials`);
  }
  meta.progress(`replayed ${cases.length} denials`);
  const groups = new Map<string, GroupSummary>();
  const totals = emptyTotals();
  for (const c of all) {
    const k = `${c.payerId}\u0000${c.category}`;
    const g = groups.get(k) ?? { payerId: c.payerId, category: c.category, ...emptyTotals() };
    tally(g, c);
    tally(totals, c);
    groups.set(k, g);
  }
  const changes = all.filter((c) => c.changed.length > 0 || c.flags.length > 0);
  return {
    current: { payerRules: current.payerRules.version, policy: current.policyVersion },
    candidate: { label: candidate.label, payerRules: candidate.payerRules.version, policy: candidate.policyVersion },
    source: meta.source,
    window: meta.window,
    replayed: all.length,
    failed,
    changes,
    summary: [...groups.values()].filter((g) => g.changed > 0).sort((x, y) => y.dollarsAffectedCents - x.dollarsAffectedCents || x.payerId.localeCompare(y.payerId)),
    totals,
    flags: changes.reduce((n, c) => n + c.flags.length, 0),
    notes: meta.notes,
  };
}
