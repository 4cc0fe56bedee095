/**
 * Input of notify(). PHI-free by construction: ids, enums, amounts and dates only, no free text that a
 * name could slip into. `phiValues` is the second line of defence: values the workflow knows are PHI
 * (patient name, member id, account number …) that the rendered mail is checked against. They are used
 * for the check only and never logged or returned.
 */
import { z } from 'zod';
import { DenialCategorySchema, IsoDateSchema, RootCauseSchema } from '../../domain/policy';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected an id in lower case (letters, digits, _ . -)');

const common = {
  /** One key per event (e.g. workflow id + event sequence): the same key never sends twice. */
  idempotencyKey: z.string().min(1).max(300),
  /** The workflow the mail is about (PHI-free id); the link points to it. */
  workflowId: z.string().regex(/^[A-Za-z0-9._:-]{1,160}$/, 'expected a workflow id (letters, digits, . _ : -)'),
  /** Owner team (config.teams key). */
  team: Slug,
  /** Person id of the assignee (config.people key), when there is one. */
  assignee: Slug.optional(),
  /** Values that must not appear in the mail; refused (not sent) if one does. */
  phiValues: z.array(z.string()).max(100).default([]),
};

const money = z.number().int().nonnegative();
/** Fixed wording from our own catalogues (never user input), still checked against PHI like every value. */
const CatalogueText = z.string().min(1).max(160);

export const NotifyInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('task_assigned'),
    ...common,
    /** Kind of task, e.g. prepare_appeal, correct_claim, approve_write_off. */
    task: Slug,
    category: DenialCategorySchema,
    amountAtRiskCents: money,
    /** The deadline the task works against. */
    deadline: IsoDateSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('reminder'),
    ...common,
    task: Slug.optional(),
    category: DenialCategorySchema,
    amountAtRiskCents: money,
    deadline: IsoDateSchema,
    /** T-n: days left until the deadline. */
    daysLeft: z.number().int().nonnegative(),
  }),
  z.strictObject({
    kind: z.literal('escalation'),
    ...common,
    task: Slug.optional(),
    category: DenialCategorySchema,
    amountAtRiskCents: money,
    deadline: IsoDateSchema,
    daysLeft: z.number().int(),
    reason: z.enum(['deadline_near', 'task_overdue', 'unassigned', 'approval_needed']),
  }),
  z.strictObject({
    kind: z.literal('deadline_breach'),
    ...common,
    category: DenialCategorySchema,
    amountAtRiskCents: money,
    deadline: IsoDateSchema,
  }),
  z.strictObject({
    kind: z.literal('prevention_task_opened'),
    ...common,
    rootCause: RootCauseSchema,
    category: DenialCategorySchema.optional(),
    /** Denials with this root cause so far. */
    occurrences: z.number().int().positive(),
    amountAtRiskCents: money,
    /** Reopened because the defect came back after it was closed. */
    reopened: z.boolean().default(false),
    /** The prevention control that closes the leak (from the controls catalogue), e.g. "modifier checklist". */
    control: CatalogueText.optional(),
  }),
  z.strictObject({
    kind: z.literal('prevention_escalation'),
    ...common,
    rootCause: RootCauseSchema,
    /** Occurrences inside the window that crossed the threshold. */
    occurrences: z.number().int().positive(),
    windowDays: z.number().int().positive(),
    amountAtRiskCents: money,
    control: CatalogueText.optional(),
  }),
  z.strictObject({
    kind: z.literal('leakage_report'),
    ...common,
    from: IsoDateSchema,
    to: IsoDateSchema,
    /** The rendered PDF, attached to the mail (a file the report activity wrote). */
    reportFile: z.string().min(1),
    /** Headline figures for the mail body; the PDF has the rest. */
    denials: z.number().int().nonnegative(),
    amountAtRiskCents: money,
    recoveredCents: money,
    timelyFilingLossCents: money,
    repeatDefects: z.number().int().nonnegative(),
  }),
  z.strictObject({
    kind: z.literal('payer_issue_opened'),
    ...common,
    payerId: z.string().regex(/^[A-Za-z0-9 ._-]{1,80}$/),
    /** Group-CARC, e.g. CO-197. */
    code: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,5}$/),
    /** The procedure code the shift is confined to, if it is. */
    procedure: z.string().regex(/^[A-Za-z0-9]{1,20}$/).optional(),
    week: IsoDateSchema,
    /** The change test's evidence sentence (counts, rates, p): built from numbers, no free text. */
    evidence: z.string().min(1).max(400),
    denials: z.number().int().nonnegative(),
    amountAtRiskCents: money,
    /** The evidence PDF, attached when there is one. */
    evidenceFile: z.string().min(1).optional(),
  }),
]);
export type NotifyInput = z.input<typeof NotifyInput>;
export type ParsedNotifyInput = z.output<typeof NotifyInput>;
export type NotificationKind = ParsedNotifyInput['kind'];

export const NotifyResult = z.strictObject({
  /** `already_sent`: the idempotency key was sent before; nothing was sent now. */
  status: z.enum(['sent', 'already_sent']),
  transport: z.enum(['smtp', 'outbox']),
  messageId: z.string(),
  recipients: z.number().int().nonnegative(),
  /** The .eml file, in outbox mode. */
  file: z.string().optional(),
});
export type NotifyResult = z.infer<typeof NotifyResult>;
