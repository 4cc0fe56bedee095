/**
 * The read model of one denial: its latest facts, folded from its ledger entries. Worklists, KPIs and
 * reports read this instead of replaying every entry; both ledger stores (SQLite, PostgreSQL) keep it
 * with the same pure fold, in the same transaction as the append.
 */
import { z } from 'zod';
import { ResolutionSchema, StageSchema, type LedgerEntry } from '../lifecycle/ledger-entry';
import { DenialSubjectSchema } from '../lifecycle/denial-subject';
import { isRecoveryRoute } from '../policy/recovery-likelihood';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Cents = z.number().int();

export const DenialFactsSchema = z.object({
  workflowId: z.string(),
  payerId: z.string(),
  category: z.string(),
  rootCause: z.string(),
  ownerTeam: z.string(),
  preventable: z.boolean(),
  route: z.string(),
  stage: StageSchema,
  resolution: ResolutionSchema.optional(),
  appealLevel: z.number().int(),
  chargeCents: Cents,
  /** What was at risk when the denial arrived. */
  initialAtRiskCents: Cents,
  atRiskCents: Cents,
  recoveredCents: Cents,
  lostCents: Cents,
  /** Shortfall against the fee schedule, when the denial is (also) an underpayment. */
  underpaidCents: Cents,
  /** The period anchor of denial KPIs: the remittance (BPR16) date, or the day the denial arrived. */
  remitDate: IsoDate,
  openedAt: z.string(),
  closedAt: z.string().optional(),
  /** The open filing deadline, while one runs. */
  dueDate: IsoDate.optional(),
  /** An appeal, reconsideration or reopening was submitted to the payer. */
  appealed: z.boolean(),
  appealSubmittedAt: z.string().optional(),
  /**
   * The last route on which the denial was submitted to its payer asking for payment (a corrected claim,
   * reopening, reconsideration, appeal or dispute), with the appeal level: where its outcome says something
   * about how this payer answers (domain/policy/recovery-likelihood.ts). Absent in facts folded before it existed.
   */
  attemptedRoute: z.object({ route: z.string(), appealLevel: z.number().int() }).optional(),
  /** The denial was routed to an underpayment dispute at some point (absent in facts folded before the route existed). */
  paymentDisputed: z.boolean().optional(),
  /** Human actions on the denial (completed tasks, commands, notes). */
  touches: z.number().int().nonnegative(),
  assignee: z.string().optional(),
  /** The queue working it (see LedgerEntry facts.workTeam). */
  workTeam: z.string().optional(),
  taskKind: z.string().optional(),
  lastSeq: z.number().int().nonnegative(),
  updatedAt: z.string(),
  /** Who and what it is about (sealed in the store): absent for denials whose first entry predates it. */
  subject: DenialSubjectSchema.optional(),
});
export type DenialFacts = z.infer<typeof DenialFactsSchema>;

export const CLOSED_STAGES = ['resolved', 'written_off', 'timely_filing_loss'] as const;
const APPEAL_ROUTES = new Set(['appeal', 'reconsideration', 'reopening']);
const HUMAN_TYPES = new Set<LedgerEntry['type']>(['task_completed', 'command', 'note']);

export function isClosed(stage: string): boolean {
  return (CLOSED_STAGES as readonly string[]).includes(stage);
}

/**
 * Folds one ledger entry into the denial's facts. Entries normally arrive in sequence order; one that
 * arrives late still counts its touch but does not overwrite newer facts.
 */
export function projectDenialFacts(prev: DenialFacts | undefined, e: LedgerEntry): DenialFacts {
  const human = HUMAN_TYPES.has(e.type) && e.actor.id !== 'system';
  const submitted = e.type === 'transition' && e.stage === 'submitted';
  const submittedAppeal = submitted && APPEAL_ROUTES.has(e.facts.route ?? '');
  const attemptedRoute = submitted && isRecoveryRoute(e.facts.route ?? '') ? e.facts.route : undefined;
  const base: DenialFacts = prev ?? {
    workflowId: e.workflowId,
    payerId: e.facts.payerId,
    category: e.facts.category ?? 'other',
    rootCause: e.facts.rootCause ?? 'unknown',
    ownerTeam: e.facts.ownerTeam ?? 'ar_follow_up',
    preventable: e.facts.preventable ?? false,
    route: e.facts.route ?? 'unknown',
    stage: e.stage,
    appealLevel: e.facts.appealLevel ?? 0,
    chargeCents: e.amounts.chargeCents,
    initialAtRiskCents: e.amounts.atRiskCents,
    atRiskCents: e.amounts.atRiskCents,
    recoveredCents: e.amounts.recoveredCents,
    lostCents: e.amounts.lostCents,
    underpaidCents: e.amounts.underpaidCents ?? 0,
    remitDate: e.facts.remitDate ?? e.at.slice(0, 10),
    openedAt: e.at,
    appealed: false,
    touches: 0,
    lastSeq: 0,
    updatedAt: e.at,
  };
  const next: DenialFacts = {
    ...base,
    touches: base.touches + (human ? 1 : 0),
    appealed: base.appealed || submittedAppeal,
    ...(base.paymentDisputed || e.facts.route === 'payment_dispute' ? { paymentDisputed: true } : {}),
    ...(submittedAppeal && !base.appealSubmittedAt ? { appealSubmittedAt: e.at } : {}),
    ...(e.subject ? { subject: e.subject } : {}),
    ...(attemptedRoute && (!prev || e.seq > prev.lastSeq)
      ? { attemptedRoute: { route: attemptedRoute, appealLevel: attemptedRoute === 'appeal' ? (e.facts.appealLevel ?? base.appealLevel) : 0 } }
      : {}),
  };
  if (prev && e.seq <= prev.lastSeq) return next;
  const closed = isClosed(e.stage);
  const { resolution: _r, dueDate: _d, assignee: _a, taskKind: _t, closedAt: _c, ...rest } = next;
  return {
    ...rest,
    payerId: e.facts.payerId,
    category: e.facts.category ?? next.category,
    rootCause: e.facts.rootCause ?? next.rootCause,
    ownerTeam: e.facts.ownerTeam ?? next.ownerTeam,
    preventable: e.facts.preventable ?? next.preventable,
    route: e.facts.route ?? next.route,
    stage: e.stage,
    ...(e.facts.resolution ? { resolution: e.facts.resolution } : {}),
    appealLevel: e.facts.appealLevel ?? next.appealLevel,
    chargeCents: e.amounts.chargeCents,
    atRiskCents: e.amounts.atRiskCents,
    recoveredCents: e.amounts.recoveredCents,
    lostCents: e.amounts.lostCents,
    underpaidCents: Math.max(next.underpaidCents, e.amounts.underpaidCents ?? 0),
    ...(closed ? { closedAt: next.closedAt ?? e.at } : {}),
    ...(!closed && e.deadline && e.stage !== 'submitted' && e.stage !== 'awaiting_payer' ? { dueDate: e.deadline.dueDate } : {}),
    ...(!closed && e.facts.assignee ? { assignee: e.facts.assignee } : {}),
    ...(e.facts.workTeam ?? next.workTeam ? { workTeam: e.facts.workTeam ?? next.workTeam } : {}),
    ...(!closed && e.facts.taskKind && e.type !== 'task_completed' ? { taskKind: e.facts.taskKind } : {}),
    lastSeq: e.seq,
    updatedAt: e.at,
  };
}
