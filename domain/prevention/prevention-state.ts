/**
 * A prevention task's state and how it changes, as pure functions the prevention workflow calls: an
 * occurrence of the defect, a control recorded by the owning team, the escalation threshold. The
 * workflow only adds the side effects (ledger, mail) that these decisions name.
 */
import { z } from 'zod';
import { patternString } from '../pattern-string';
import { addDays, isIsoDate } from '../policy/dates';
import { ActorSchema } from '../lifecycle/tasks';
import { DenialCategorySchema, OwnerTeamSchema, RootCauseSchema } from '../policy/taxonomy';
import { ControlKindSchema, type PreventionStatus } from './prevention-entry';

const IsoDate = z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD');

/** Which prevention task a defect belongs to: root cause x owning team, and the payer when the control says so. */
export const PreventionKeySchema = z.strictObject({
  id: patternString(/^prevention-[a-z0-9_.-]+$/),
  rootCause: RootCauseSchema,
  ownerTeam: OwnerTeamSchema,
  payerId: z.string().optional(),
});
export type PreventionKey = z.infer<typeof PreventionKeySchema>;

export const PreventionControlRefSchema = z.strictObject({
  leakPoint: z.number().int().positive(),
  leakPointName: z.string(),
  control: z.string(),
  kpi: z.string(),
});
export type PreventionControlRef = z.infer<typeof PreventionControlRefSchema>;

export const EscalationRuleSchema = z.strictObject({ occurrences: z.number().int().positive(), windowDays: z.number().int().positive() });
export type EscalationRule = z.infer<typeof EscalationRuleSchema>;

/** One denial that traces back to the defect. PHI-free: ids, codes, amounts, dates. */
export const DefectOccurrenceSchema = z.strictObject({
  denialWorkflowId: z.string().min(1),
  payerId: z.string(),
  category: DenialCategorySchema,
  amountCents: z.number().int().nonnegative(),
  remitDate: IsoDate,
  /** First date of service: a claim serviced before the control took effect is not a repeat. */
  serviceDate: IsoDate.optional(),
  codes: z.array(z.string()).max(50),
});
export type DefectOccurrence = z.infer<typeof DefectOccurrenceSchema>;

/** What a denial workflow sends: which task, which control closes it, and the occurrence. */
export const DefectReportSchema = z.strictObject({
  key: PreventionKeySchema,
  control: PreventionControlRefSchema,
  escalation: EscalationRuleSchema,
  occurrence: DefectOccurrenceSchema,
});
export type DefectReport = z.infer<typeof DefectReportSchema>;

export const RecordControlCommand = z.strictObject({
  taskId: z.string().min(1),
  version: z.number().int().nonnegative(),
  actor: ActorSchema,
  kind: ControlKindSchema,
  /** What was changed, for the audit trail: the edit, template, checklist or training. Not for patient details. */
  what: z.string().trim().min(10, 'say what was done (at least 10 characters)').max(2000),
  /** From when claims are covered by the control; default today. Later denials of earlier services are not repeats. */
  effectiveFrom: IsoDate.optional(),
});
export type RecordControlCommand = z.infer<typeof RecordControlCommand>;

export interface ControlRecord {
  kind: z.infer<typeof ControlKindSchema>;
  what: string;
  by: string;
  at: string;
  effectiveFrom: string;
}

export interface PreventionState {
  key: PreventionKey;
  control: PreventionControlRef;
  escalation: EscalationRule;
  status: PreventionStatus;
  /** Changes with every reopening, so a stale page cannot close the new round. */
  round: number;
  version: number;
  occurrences: number;
  totalCents: number;
  repeats: number;
  /** Occurrence days (workflow clock) inside the escalation window. */
  recent: string[];
  lastEscalatedOn?: string;
  /** Denials already counted: a retried report counts once. Bounded; old ids fall off. */
  counted: string[];
  controls: ControlRecord[];
  /** The latest occurrences, for the task page. */
  examples: DefectOccurrence[];
  openedAt: string;
}

const COUNTED_LIMIT = 5000;
const EXAMPLES_LIMIT = 20;

export function taskIdOf(state: Pick<PreventionState, 'key' | 'round'>): string {
  return `${state.key.id}#${state.round}`;
}

export function newPreventionState(report: Omit<DefectReport, 'occurrence'>, now: string): PreventionState {
  return {
    key: report.key,
    control: report.control,
    escalation: report.escalation,
    status: 'open',
    round: 1,
    version: 0,
    occurrences: 0,
    totalCents: 0,
    repeats: 0,
    recent: [],
    counted: [],
    controls: [],
    examples: [],
    openedAt: now,
  };
}

export type OccurrenceOutcome =
  | { kind: 'duplicate' }
  | { kind: 'counted'; first: boolean; repeat: boolean; reopened: boolean; escalate: boolean; beforeControl: boolean };

/**
 * Counts an occurrence. It is a repeat defect when a control was recorded and the claim's service (or,
 * without one, its remittance) is on or after the day the control took effect; a repeat reopens a task
 * whose control was in place.
 */
export function observeOccurrence(state: PreventionState, o: DefectOccurrence, today: string): { state: PreventionState; outcome: OccurrenceOutcome } {
  if (state.counted.includes(o.denialWorkflowId)) return { state, outcome: { kind: 'duplicate' } };
  const first = state.occurrences === 0;
  const control = state.controls.at(-1);
  const claimDay = o.serviceDate ?? o.remitDate;
  const repeat = !!control && claimDay >= control.effectiveFrom;
  const reopened = repeat && state.status === 'control_in_place';
  const windowStart = addDays(today, -(state.escalation.windowDays - 1));
  const recent = [...state.recent.filter((d) => d >= windowStart), today];
  const escalate = recent.length >= state.escalation.occurrences && (!state.lastEscalatedOn || state.lastEscalatedOn < windowStart);
  const next: PreventionState = {
    ...state,
    status: reopened ? 'reopened' : state.status,
    round: reopened ? state.round + 1 : state.round,
    version: state.version + 1,
    occurrences: state.occurrences + 1,
    totalCents: state.totalCents + o.amountCents,
    repeats: state.repeats + (repeat ? 1 : 0),
    recent,
    ...(escalate ? { lastEscalatedOn: today } : {}),
    counted: [...state.counted, o.denialWorkflowId].slice(-COUNTED_LIMIT),
    examples: [...state.examples, o].slice(-EXAMPLES_LIMIT),
  };
  return { state: next, outcome: { kind: 'counted', first, repeat, reopened, escalate, beforeControl: !!control && !repeat } };
}

/** Why a control cannot be recorded now, or null. */
export function controlRejection(state: PreventionState, cmd: RecordControlCommand): string | null {
  if (cmd.version !== state.version) return `Stale: the prevention task is at version ${state.version}, your page showed version ${cmd.version}. Reload and try again.`;
  if (cmd.taskId !== taskIdOf(state)) return `Task ${cmd.taskId} is no longer open: the current round is ${taskIdOf(state)}.`;
  if (state.status === 'control_in_place') return 'A control is already recorded for this prevention task; it reopens if the defect comes back.';
  if (cmd.actor.role === 'automation') return 'A control is recorded by a person of the owning team or a supervisor, not by automation.';
  return null;
}

export function recordControl(state: PreventionState, cmd: RecordControlCommand, now: string): PreventionState {
  const record: ControlRecord = { kind: cmd.kind, what: cmd.what, by: cmd.actor.id, at: now, effectiveFrom: cmd.effectiveFrom ?? now.slice(0, 10) };
  return { ...state, status: 'control_in_place', version: state.version + 1, controls: [...state.controls, record].slice(-20) };
}
