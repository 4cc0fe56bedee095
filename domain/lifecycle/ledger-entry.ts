/**
 * One state change of a denial, as appended to the ledger: PHI-free facts (codes, amounts, dates, team,
 * route), the transition, who acted and why; the first also names its subject (patient, account), which the
 * store seals, with the keyed terms it is found by. The ledger outlives workflow retention and feeds worklists,
 * KPIs and reports; (workflowId, seq) makes each append idempotent.
 */
import { z } from 'zod';
import { patternString } from '../pattern-string';
import { DenialSubjectSchema, SearchTermSchema } from './denial-subject';
import { ActorSchema } from './tasks';

export const StageSchema = z.enum([
  'intake',
  'classified',
  'routed',
  'in_work',
  'packet_ready',
  'submitted',
  'awaiting_payer',
  /** Parked: something could not proceed; a supervisor's task says why. Deadlines keep running. */
  'needs_attention',
  'resolved',
  'written_off',
  'timely_filing_loss',
]);
export type Stage = z.infer<typeof StageSchema>;

export const ResolutionSchema = z.enum(['recovered', 'partially_recovered', 'upheld', 'transferred', 'posted', 'written_off', 'timely_filing_loss']);
export type Resolution = z.infer<typeof ResolutionSchema>;

export const SystemActor = { id: 'system', role: 'automation' } as const;

export const LedgerEntrySchema = z.object({
  workflowId: z.string(),
  seq: z.number().int().nonnegative(),
  at: z.string(),
  type: z.enum(['transition', 'task_opened', 'task_completed', 'command', 'payer_event', 'notification', 'note', 'deadline']),
  stage: StageSchema,
  fromStage: StageSchema.optional(),
  actor: z.union([ActorSchema, z.object({ id: z.literal('system'), role: z.literal('automation') })]),
  summary: z.string(),
  rationale: z.array(z.string()).default([]),
  facts: z.object({
    payerId: z.string(),
    category: z.string().optional(),
    rootCause: z.string().optional(),
    ownerTeam: z.string().optional(),
    preventable: z.boolean().optional(),
    route: z.string().optional(),
    appealLevel: z.number().int().optional(),
    codes: z.array(z.string()).default([]),
    ruleIds: z.array(z.string()).default([]),
    taskId: z.string().optional(),
    taskKind: z.string().optional(),
    assignee: z.string().optional(),
    /** The queue working the denial (an AR team, or supervisors for approvals): AR specialists see their own team's. */
    workTeam: z.string().optional(),
    resolution: ResolutionSchema.optional(),
    /** BPR16 date of the remittance that brought the denial: the period anchor of denial KPIs. */
    remitDate: patternString(/^\d{4}-\d{2}-\d{2}$/).optional(),
    /** Notice date of a payer decision recorded by hand: the next appeal level counts from it. */
    decisionNoticeDate: patternString(/^\d{4}-\d{2}-\d{2}$/).optional(),
  }),
  amounts: z.object({ chargeCents: z.number().int(), atRiskCents: z.number().int(), recoveredCents: z.number().int(), lostCents: z.number().int().default(0), underpaidCents: z.number().int().default(0) }),
  deadline: z
    .object({ dueDate: z.string(), kind: z.string(), limitId: z.string(), payerRuleVersion: z.string(), rulesetVersion: z.string(), anchor: z.string() })
    .optional(),
  /** Who and what the denial is about (PHI): sealed in the store, shown on worklists, found by `searchTerms`. */
  subject: DenialSubjectSchema.optional(),
  /** The subject's search terms (keyed hashes), added by the ledger activity that knows the key. */
  searchTerms: z.array(SearchTermSchema).max(400).optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;
