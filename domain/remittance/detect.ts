// Denial detection: decides what a remitted claim means for the denial work.
//
//   denial     – CLP02 = 4; or paid zero under another status with a denial-type adjustment; or any
//                non-bookkeeping adjustment on the claim or a line (partial denial); or a line allowed
//                below the fee schedule (underpayment). Starts or updates a denial workflow.
//   reversal   – CLP02 = 22: the payer takes back a previous adjudication. An event for the claim's
//                existing workflow, never a new denial (the corrected claim that follows is judged alone).
//   payment    – adjudicated with nothing to work: an event for an existing workflow, if any.
//   not-final  – CLP02 = 25, predetermination pricing only: not a claim outcome.
import { z } from 'zod';
import { bookkeepingFor } from './bookkeeping';
import { type FeeSchedule } from './fee-schedule';
import { payerIdOf } from './identity';
import { type Adjustment, type ClaimPayment, type RemittanceContext, type ServiceLine } from './model';
import { formatCents } from './money';

export const DetectionReasonCode = z.enum([
  'claim-status-denied',
  'zero-paid-with-denial-reason',
  'denial-adjustment',
  'underpaid',
  'reversal',
  /** Money taken back from a claim whose denial had been recovered: the reopened denial's reason. */
  'recoupment',
  'predetermination',
  'paid',
]);
export type DetectionReasonCode = z.infer<typeof DetectionReasonCode>;

export const DetectionReason = z.object({
  code: DetectionReasonCode,
  /** One sentence for a person. */
  message: z.string(),
  level: z.enum(['claim', 'line']).optional(),
  /** Service line number (1-based) for line-level reasons. */
  line: z.number().int().positive().optional(),
  group: z.string().optional(),
  reason: z.string().optional(),
  amountCents: z.number().int().optional(),
});
export type DetectionReason = z.infer<typeof DetectionReason>;

export const ClaimOutcome = z.enum(['denial', 'reversal', 'payment', 'not-final']);
export type ClaimOutcome = z.infer<typeof ClaimOutcome>;

export const DenialDecision = z.object({
  outcome: ClaimOutcome,
  /** full: nothing paid on the claim; partial: paid, but with denied or underpaid parts. */
  extent: z.enum(['full', 'partial']).optional(),
  reasons: z.array(DetectionReason).min(1),
  /** Denial-type adjustments plus underpayment shortfalls (or unpaid charge for a bare CLP02=4). */
  amountAtRiskCents: z.number().int().nonnegative(),
});
export type DenialDecision = z.infer<typeof DenialDecision>;

export interface DetectOptions {
  feeSchedule?: FeeSchedule;
  /** Payer id to look up the fee schedule with; defaults to the claim identity payer id. */
  payerId?: string;
  /** Shortfalls up to this many cents are not underpayments (rounding in payer pricing). Default 0. */
  underpaymentToleranceCents?: number;
}

export function detectDenial(claim: ClaimPayment, context: RemittanceContext, options: DetectOptions = {}): DenialDecision {
  const ref = claimLabel(claim);
  if (claim.status === '22') {
    return {
      outcome: 'reversal',
      reasons: [{ code: 'reversal', message: `${ref} is a reversal (CLP02 22) of an earlier adjudication: an event for the claim's existing workflow, not a new denial.` }],
      amountAtRiskCents: 0,
    };
  }
  if (claim.status === '25') {
    return {
      outcome: 'not-final',
      reasons: [{ code: 'predetermination', message: `${ref} is predetermination pricing only (CLP02 25): not a claim outcome.` }],
      amountAtRiskCents: 0,
    };
  }

  const signals: DetectionReason[] = [];
  for (const a of claim.adjustments) denialSignal(a, 'claim', undefined, signals);
  for (const line of claim.serviceLines) for (const a of line.adjustments) denialSignal(a, 'line', line, signals);
  if (options.feeSchedule !== undefined) {
    const payerId = options.payerId ?? payerIdOf(context).payerId;
    for (const line of claim.serviceLines) underpayment(line, payerId, options.feeSchedule, options.underpaymentToleranceCents ?? 0, signals);
  }

  const reasons: DetectionReason[] = [];
  const paidNothing = claim.payment.cents <= 0;
  const hasDenialAdjustment = signals.some((s) => s.code === 'denial-adjustment');
  if (claim.status === '4') {
    reasons.push({ code: 'claim-status-denied', level: 'claim', message: `${ref} was denied by the payer (CLP02 4).` });
  } else if (paidNothing && hasDenialAdjustment) {
    reasons.push({
      code: 'zero-paid-with-denial-reason',
      level: 'claim',
      message: `${ref} was paid nothing under status ${claim.status} with a denial-type adjustment: a denial even though CLP02 is not 4.`,
    });
  }
  reasons.push(...signals);

  if (reasons.length === 0) {
    return {
      outcome: 'payment',
      reasons: [{ code: 'paid', message: `${ref} was paid ${claim.payment.text} with only contractual, patient-share or COB adjustments.` }],
      amountAtRiskCents: 0,
    };
  }
  let atRisk = 0;
  for (const s of signals) atRisk += s.amountCents ?? 0;
  if (atRisk === 0) atRisk = Math.max(0, claim.charge.cents - claim.payment.cents);
  return {
    outcome: 'denial',
    extent: paidNothing ? 'full' : 'partial',
    reasons,
    amountAtRiskCents: atRisk,
  };
}

function claimLabel(claim: ClaimPayment): string {
  return claim.payerClaimControlNumber === undefined
    ? `Claim ${claim.patientControlNumber}`
    : `Claim ${claim.patientControlNumber} (payer claim ${claim.payerClaimControlNumber})`;
}

function procedureLabel(line: ServiceLine): string {
  const p = line.procedure;
  return [p.code, ...p.modifiers].join('-');
}

/** A positive adjustment that is not bookkeeping. Zero and negative amounts move no money against us. */
function denialSignal(a: Adjustment, level: 'claim' | 'line', line: ServiceLine | undefined, into: DetectionReason[]): void {
  if (a.amount.cents <= 0 || bookkeepingFor(a.group, a.reason) !== undefined) return;
  const where = line === undefined ? 'Claim-level' : `Line ${line.number} (${procedureLabel(line)})`;
  const paid = line !== undefined && line.payment.cents === 0 ? ', line paid nothing' : '';
  into.push({
    code: 'denial-adjustment',
    level,
    line: line?.number,
    group: a.group,
    reason: a.reason,
    amountCents: a.amount.cents,
    message: `${where} adjustment ${a.group}-${a.reason} of ${formatCents(a.amount.cents)}${paid}: not a contractual, patient-share or COB adjustment.`,
  });
}

/** Allowed = AMT*B6 when sent, else paid + patient share on the line (what the payer priced the line at). */
function allowedCents(line: ServiceLine): number {
  const b6 = line.amounts.find((x) => x.qualifier === 'B6');
  if (b6 !== undefined) return b6.amount.cents;
  let allowed = line.payment.cents;
  for (const a of line.adjustments) if (a.group === 'PR') allowed += a.amount.cents;
  return allowed;
}

function underpayment(line: ServiceLine, payerId: string, schedule: FeeSchedule, tolerance: number, into: DetectionReason[]): void {
  // Denied lines are already reported by their CARCs; underpayment is about lines that were paid.
  if (line.payment.cents <= 0) return;
  const entry = schedule.find(payerId, line.procedure.code, line.procedure.modifiers);
  if (entry === undefined) return;
  const units = line.unitsPaid ?? 1; // SVC05 absent means one unit
  const expected = Math.round(entry.expectedAllowedCents * units);
  const allowed = allowedCents(line);
  const shortfall = expected - allowed;
  if (shortfall <= tolerance) return;
  into.push({
    code: 'underpaid',
    level: 'line',
    line: line.number,
    amountCents: shortfall,
    message: `Line ${line.number} (${procedureLabel(line)}) allowed ${formatCents(allowed)}, fee schedule expects ${formatCents(expected)}: underpaid by ${formatCents(shortfall)}.`,
  });
}
