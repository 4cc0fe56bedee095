/**
 * A payer-issue task: a payer that started denying a code significantly more often than before (the change
 * test of payer-shift.ts) becomes a task for supervisors, with the evidence a payer escalation needs (the
 * counts and the test, the dollars, example denials by reference) and a PDF of it. A supervisor escalates it
 * to the payer (with the payer's ticket or case number) or dismisses it with the reason. PHI-free: payers,
 * codes, amounts and denial references only.
 */
import { z } from 'zod';
import { patternString } from '../pattern-string';
import { ActorSchema } from '../lifecycle/tasks';
import type { ShiftFinding } from './payer-shift';

/** The alert that opened the issue: the week's cell of the change test and its result. */
export const PayerShiftAlertSchema = z.strictObject({
  payerId: z.string().min(1).max(80),
  /** Group-CARC, e.g. CO-197. */
  code: patternString(/^[A-Z]{2}-[A-Z0-9]{1,5}$/),
  /** The procedure code the shift is confined to, when its own cell raised the alert. */
  procedure: patternString(/^[A-Za-z0-9]{1,20}$/).optional(),
  /** The Monday of the week tested. */
  week: patternString(/^\d{4}-\d{2}-\d{2}$/),
  denials: z.number().int().nonnegative(),
  claims: z.number().int().nonnegative(),
  baselineDenials: z.number().int().nonnegative(),
  baselineClaims: z.number().int().nonnegative(),
  pValue: z.number().min(0).max(1),
  evidence: z.string().max(400),
});
export type PayerShiftAlert = z.infer<typeof PayerShiftAlertSchema>;

export function alertOf(week: string, f: ShiftFinding): PayerShiftAlert {
  const c = f.cell;
  return { payerId: c.payerId, code: c.carc, ...(c.procedure === undefined ? {} : { procedure: c.procedure }), week, denials: c.denials, claims: c.claims, baselineDenials: c.baselineDenials, baselineClaims: c.baselineClaims, pValue: f.pValue, evidence: f.evidence };
}

/** k of n as a percentage with one decimal ("6.0%"), as the evidence states rates; "n/a" without claims. */
export const shareOf = (k: number, n: number): string => (n > 0 ? `${((100 * k) / n).toFixed(1)}%` : 'n/a');

/** One workflow per payer, code (procedure) and week: the same alert raised twice opens one task. */
export function payerIssueId(a: Pick<PayerShiftAlert, 'payerId' | 'code' | 'procedure' | 'week'>): string {
  return `payer-issue-${a.payerId.replace(/[^A-Za-z0-9._-]/g, '_')}-${a.code}${a.procedure ? `-${a.procedure}` : ''}-${a.week}`;
}

/** A denial of the week with the code, as the evidence names it: by reference, never by patient. */
export interface PayerIssueExample {
  reference: string;
  workflowId: string;
  remitDate: string;
  atRiskCents: number;
}

export interface PayerIssueEvidence {
  alert: PayerShiftAlert;
  /** The week's denials with the code found in the ledger, and what they put at risk. */
  denials: number;
  atRiskCents: number;
  /** The largest few, most money first. */
  examples: PayerIssueExample[];
}

/** How many example denials the evidence lists. */
export const EXAMPLES_SHOWN = 10;

export function evidenceOf(alert: PayerShiftAlert, denials: readonly PayerIssueExample[]): PayerIssueEvidence {
  const sorted = [...denials].sort((a, b) => b.atRiskCents - a.atRiskCents || a.reference.localeCompare(b.reference));
  return { alert, denials: denials.length, atRiskCents: denials.reduce((n, d) => n + d.atRiskCents, 0), examples: sorted.slice(0, EXAMPLES_SHOWN) };
}

export const ResolvePayerIssueCommand = z
  .strictObject({
    taskId: z.string().min(1),
    version: z.number().int().nonnegative(),
    actor: ActorSchema,
    action: z.enum(['escalated', 'dismissed']),
    /** The payer's ticket, case or provider-representative reference, for an escalation. */
    payerReference: z.string().trim().min(1).max(80).optional(),
    reason: z.string().trim().min(3, { error: 'say why, in a few words' }).max(1000),
  })
  .superRefine((c, ctx) => {
    if (c.action === 'escalated' && !c.payerReference) ctx.addIssue({ code: 'custom', path: ['payerReference'], message: "an escalation names the payer's ticket or case number" });
  });
export type ResolvePayerIssueCommand = z.infer<typeof ResolvePayerIssueCommand>;

/** Who may resolve a payer issue. */
export const PAYER_ISSUE_ROLES = ['supervisor', 'admin'] as const;
