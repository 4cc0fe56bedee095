/**
 * The prevention ledger: every event of a prevention task (opened, occurrence, repeat defect, control
 * recorded, reopened, escalated), PHI-free, idempotent on (preventionId, seq). It feeds the repeat
 * defect rate and the prevention board, and keeps the audit trail of what each team changed.
 */
import { z } from 'zod';
import { patternString } from '../pattern-string';
import { ActorSchema } from '../lifecycle/tasks';

export const PreventionEventTypeSchema = z.enum(['opened', 'occurrence', 'repeat', 'control_recorded', 'reopened', 'escalated', 'note']);
export type PreventionEventType = z.infer<typeof PreventionEventTypeSchema>;

export const PreventionStatusSchema = z.enum(['open', 'control_in_place', 'reopened']);
export type PreventionStatus = z.infer<typeof PreventionStatusSchema>;

export const ControlKindSchema = z.enum(['claim_edit', 'template', 'checklist', 'training', 'workflow_step', 'audit', 'role_change', 'payer_follow_up']);
export type ControlKind = z.infer<typeof ControlKindSchema>;

export const PreventionEntrySchema = z.object({
  preventionId: z.string(),
  seq: z.number().int().nonnegative(),
  at: z.string(),
  type: PreventionEventTypeSchema,
  status: PreventionStatusSchema,
  rootCause: z.string(),
  ownerTeam: z.string(),
  /** Set when the prevention task is kept per payer (the rule says so). */
  payerId: z.string().optional(),
  /** Leak point (1..27) of the leakage-controls guide, and the control that closes it. */
  leakPoint: z.number().int().positive().optional(),
  control: z.string(),
  /** For occurrences and repeats: the denial, its payer, category, amount and the remittance date. */
  denialWorkflowId: z.string().optional(),
  denialPayerId: z.string().optional(),
  category: z.string().optional(),
  amountCents: z.number().int().default(0),
  remitDate: patternString(/^\d{4}-\d{2}-\d{2}$/).optional(),
  actor: z.union([ActorSchema, z.object({ id: z.literal('system'), role: z.literal('automation') })]),
  summary: z.string(),
  /** Totals after this event. */
  occurrences: z.number().int().nonnegative(),
  totalCents: z.number().int().nonnegative(),
  repeats: z.number().int().nonnegative(),
});
export type PreventionEntry = z.infer<typeof PreventionEntrySchema>;
export type PreventionEntryInput = z.input<typeof PreventionEntrySchema>;

/** The prevention board's row: the latest state of one prevention task, folded from its entries. */
export const PreventionTaskFactsSchema = z.object({
  preventionId: z.string(),
  rootCause: z.string(),
  ownerTeam: z.string(),
  payerId: z.string().optional(),
  leakPoint: z.number().int().optional(),
  control: z.string(),
  status: PreventionStatusSchema,
  occurrences: z.number().int().nonnegative(),
  totalCents: z.number().int().nonnegative(),
  repeats: z.number().int().nonnegative(),
  openedAt: z.string(),
  lastOccurrenceAt: z.string().optional(),
  controlRecordedAt: z.string().optional(),
  controlSummary: z.string().optional(),
  escalations: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
});
export type PreventionTaskFacts = z.infer<typeof PreventionTaskFactsSchema>;

export function projectPreventionTask(prev: PreventionTaskFacts | undefined, e: PreventionEntry): PreventionTaskFacts {
  const base: PreventionTaskFacts = prev ?? {
    preventionId: e.preventionId,
    rootCause: e.rootCause,
    ownerTeam: e.ownerTeam,
    ...(e.payerId ? { payerId: e.payerId } : {}),
    ...(e.leakPoint ? { leakPoint: e.leakPoint } : {}),
    control: e.control,
    status: e.status,
    occurrences: 0,
    totalCents: 0,
    repeats: 0,
    openedAt: e.at,
    escalations: 0,
    lastSeq: 0,
  };
  if (prev && e.seq <= prev.lastSeq) return prev;
  return {
    ...base,
    status: e.status,
    occurrences: e.occurrences,
    totalCents: e.totalCents,
    repeats: e.repeats,
    ...(e.type === 'occurrence' || e.type === 'repeat' ? { lastOccurrenceAt: e.at } : {}),
    ...(e.type === 'control_recorded' ? { controlRecordedAt: e.at, controlSummary: e.summary } : {}),
    escalations: base.escalations + (e.type === 'escalated' ? 1 : 0),
    lastSeq: e.seq,
  };
}
