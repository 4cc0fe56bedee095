/**
 * The human side of a denial: the tasks AR specialists and supervisors complete, the commands that
 * complete them (zod schemas shared by the workflow's validators, the API and the CLI), and who may do what.
 */
import { z } from 'zod';
import { patternString } from '../pattern-string';
import { isIsoDate } from '../policy/dates';
import { RouteSchema } from '../policy/routes';
import { OwnerTeamSchema } from '../policy/taxonomy';

export const RoleSchema = z.enum(['ar_specialist', 'supervisor', 'automation', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/** Who acted: a person or an API key. Ids only, never names of patients. */
export const ActorSchema = z.strictObject({
  id: z.string().trim().min(1).max(120),
  role: RoleSchema,
});
export type Actor = z.infer<typeof ActorSchema>;

/** A staff member's id, as the user directory issues it: what a denial is assigned to. */
export const UserIdSchema = patternString(/^[a-z][a-z0-9._-]{1,62}$/, 'expected a staff id such as ar.alex: 2-63 lower-case letters, digits, ".", "_" or "-", starting with a letter')
  .refine((id) => id !== 'system', { error: '"system" is reserved for the workflow itself; pick another id' });

/** The queues that work denials: the owning teams, and supervisors for approvals and problems. A closed set. */
export const WorkTeamSchema = z.enum([...OwnerTeamSchema.options, 'supervisors'], {
  error: (i) => `unknown team ${JSON.stringify(i.input)}: one of ${[...OwnerTeamSchema.options, 'supervisors'].join(', ')}`,
});
export type WorkTeam = z.infer<typeof WorkTeamSchema>;

export const TaskKindSchema = z.enum([
  'confirm_route',
  'supply_corrections',
  'prepare_appeal',
  'record_submission',
  'approve_write_off',
  'follow_up',
  'resolve_problem',
]);
export type TaskKind = z.infer<typeof TaskKindSchema>;

export const TASK_TITLES: Readonly<Record<TaskKind, string>> = {
  confirm_route: 'Confirm or override the recommended route',
  supply_corrections: 'Supply the corrections for the corrected claim',
  prepare_appeal: 'Attach the supporting documents and approve the appeal packet',
  record_submission: 'Submit to the payer and record the submission',
  approve_write_off: 'Approve or refuse the write-off',
  follow_up: 'Follow up with the payer: no answer within the response window',
  resolve_problem: 'Resolve the problem that stopped this denial, then retry or choose the route',
};

/** Roles allowed to complete each task kind; supervisors and admins may always act. */
export const TASK_ROLES: Readonly<Record<TaskKind, readonly Role[]>> = {
  confirm_route: ['ar_specialist', 'supervisor', 'admin'],
  supply_corrections: ['ar_specialist', 'supervisor', 'admin'],
  prepare_appeal: ['ar_specialist', 'supervisor', 'admin'],
  record_submission: ['ar_specialist', 'supervisor', 'admin'],
  approve_write_off: ['supervisor', 'admin'],
  follow_up: ['ar_specialist', 'supervisor', 'admin'],
  resolve_problem: ['supervisor', 'admin'],
};

export const HumanTaskSchema = z.object({
  id: z.string(),
  kind: TaskKindSchema,
  title: z.string(),
  /** Bumped on every change to the case; a completion must name the version it was made against. */
  version: z.number().int(),
  team: z.string(),
  assignee: z.string().optional(),
  createdAt: z.string(),
  dueDate: z.string().optional(),
  /** Set while an accepted completion is still running (a packet being built): others are refused. */
  claimedBy: z.string().optional(),
});
export type HumanTask = z.infer<typeof HumanTaskSchema>;

const TaskRef = { taskId: z.string().min(1), version: z.number().int().nonnegative(), actor: ActorSchema };
const reason = z.string().trim().min(3, { error: 'give a reason of a few words' }).max(2000);
// Our own calendar check: zod's ISO date regex does not behave the same inside the workflow sandbox.
const isoDate = z.string().refine(isIsoDate, { error: 'expected a date as YYYY-MM-DD' });

export const ConfirmRouteCommand = z.strictObject({
  ...TaskRef,
  decision: z.enum(['confirm', 'override']),
  route: RouteSchema.optional(),
  reason: reason.optional(),
  /** After checking a window with the payer (route verify_window): its real last day. */
  windowDueDate: isoDate.optional(),
}).superRefine((c, ctx) => {
  if (c.decision === 'override' && !c.route) ctx.addIssue({ code: 'custom', path: ['route'], message: 'an override names the route to take' });
  if (c.decision === 'override' && !c.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'an override needs a reason' });
});
export type ConfirmRouteCommand = z.infer<typeof ConfirmRouteCommand>;

export const CorrectionSchema = z.strictObject({
  field: z.enum(['modifier', 'authorization_number', 'diagnosis_pointer', 'diagnosis_code', 'procedure_code', 'units', 'place_of_service', 'rendering_provider', 'payer', 'member_data', 'other']),
  /** Service line number, for line-level fields. */
  line: z.number().int().positive().optional(),
  from: z.string().max(200).optional(),
  to: z.string().trim().min(1, { error: 'give the corrected value' }).max(200),
  note: z.string().max(500).optional(),
});
export type Correction = z.infer<typeof CorrectionSchema>;

export const SupplyCorrectionsCommand = z.strictObject({
  ...TaskRef,
  corrections: z.array(CorrectionSchema).min(1, { error: 'list at least one correction' }),
});
export type SupplyCorrectionsCommand = z.infer<typeof SupplyCorrectionsCommand>;

export const DocumentRefSchema = z.strictObject({
  id: z.string().min(1),
  sha256: patternString(/^[0-9a-f]{64}$/, 'expected the document sha256 (64 hex digits)'),
  name: z.string().min(1).max(200),
  contentType: z.string().min(1),
  size: z.number().int().nonnegative(),
});
export type DocumentRef = z.infer<typeof DocumentRefSchema>;

export const AttachDocumentsCommand = z.strictObject({
  version: z.number().int().nonnegative(),
  actor: ActorSchema,
  documents: z.array(DocumentRefSchema.extend({ description: z.string().max(200).optional() })).min(1),
});
export type AttachDocumentsCommand = z.infer<typeof AttachDocumentsCommand>;

export const ApprovePacketCommand = z.strictObject({ ...TaskRef, argument: z.string().trim().max(4000).optional() });
export type ApprovePacketCommand = z.infer<typeof ApprovePacketCommand>;

export const RecordSubmissionCommand = z.strictObject({
  ...TaskRef,
  date: isoDate,
  channel: z.enum(['edi', 'portal', 'fax', 'mail', 'phone']),
  reference: z.string().trim().min(1, { error: 'give the confirmation or tracking number' }).max(120),
});
export type RecordSubmissionCommand = z.infer<typeof RecordSubmissionCommand>;

export const RecordPayerDecisionCommand = z.strictObject({
  version: z.number().int().nonnegative(),
  actor: ActorSchema,
  outcome: z.enum(['paid', 'partially_paid', 'denied']),
  paidAmount: z.number().nonnegative().max(10_000_000),
  /** The notice date of the payer's decision (the date on its letter), not the day it is recorded: the next level counts from it. */
  date: isoDate,
  reference: z.string().trim().max(120).optional(),
}).superRefine((c, ctx) => {
  if (c.outcome !== 'denied' && c.paidAmount <= 0) ctx.addIssue({ code: 'custom', path: ['paidAmount'], message: 'a payment needs the amount paid' });
});
export type RecordPayerDecisionCommand = z.infer<typeof RecordPayerDecisionCommand>;

export const ApproveWriteOffCommand = z.strictObject({ ...TaskRef, approve: z.boolean(), reason });
export type ApproveWriteOffCommand = z.infer<typeof ApproveWriteOffCommand>;

export const ReassignCommand = z.strictObject({
  version: z.number().int().nonnegative(),
  actor: ActorSchema,
  /** A staff id from the directory (the client checks that the person exists before sending). */
  to: UserIdSchema,
  team: WorkTeamSchema.optional(),
  reason,
});
export type ReassignCommand = z.infer<typeof ReassignCommand>;

export const AddNoteCommand = z.strictObject({ actor: ActorSchema, text: z.string().trim().min(1).max(4000) });
export type AddNoteCommand = z.infer<typeof AddNoteCommand>;

/** A supervisor's answer to a case parked as needs_attention: try the step again, or take another route. */
export const ResolveProblemCommand = z.strictObject({
  ...TaskRef,
  action: z.enum(['retry', 'override']),
  route: RouteSchema.optional(),
  reason,
}).superRefine((c, ctx) => {
  if (c.action === 'override' && !c.route) ctx.addIssue({ code: 'custom', path: ['route'], message: 'an override names the route to take' });
});
export type ResolveProblemCommand = z.infer<typeof ResolveProblemCommand>;

/** What every Update returns: enough to refresh a page or chain the next call, never the whole case. */
export interface TaskResult {
  version: number;
  stage: string;
  /** The task open after the Update, if any. */
  taskId: string | null;
}
