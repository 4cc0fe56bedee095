// 835 balancing rules and envelope control checks, on integer cents. Each check returns a message when
// something is off and undefined when it is fine; the reader turns messages into positioned findings.
import { type Adjustment, type ClaimPayment, type ServiceLine } from './model';
import { formatCents } from './money';

export function sumAdjustments(adjustments: readonly Adjustment[]): number {
  let cents = 0;
  for (const a of adjustments) cents += a.amount.cents;
  return cents;
}

/** Service line: SVC02 − Σ line CAS = SVC03. */
export function checkServiceLineBalance(line: ServiceLine): string | undefined {
  const expected = line.charge.cents - sumAdjustments(line.adjustments);
  if (expected === line.payment.cents) return undefined;
  return `Service line ${line.number}: charge ${line.charge.text} − adjustments ${formatCents(sumAdjustments(line.adjustments))} = ${formatCents(expected)}, but SVC03 paid ${line.payment.text}.`;
}

/** Claim: CLP03 − Σ all CAS (claim and line level) = CLP04. */
export function checkClaimBalance(claim: ClaimPayment): string | undefined {
  let adjusted = sumAdjustments(claim.adjustments);
  for (const line of claim.serviceLines) adjusted += sumAdjustments(line.adjustments);
  const expected = claim.charge.cents - adjusted;
  if (expected === claim.payment.cents) return undefined;
  return `Claim ${claim.patientControlNumber}: charge ${claim.charge.text} − adjustments ${formatCents(adjusted)} = ${formatCents(expected)}, but CLP04 paid ${claim.payment.text}.`;
}

/** Transaction: BPR02 = Σ CLP04 − Σ PLB (a positive PLB amount reduces the payment). */
export function checkPaymentBalance(paymentCents: number, claimPaymentsCents: number, providerAdjustmentsCents: number): string | undefined {
  const expected = claimPaymentsCents - providerAdjustmentsCents;
  if (expected === paymentCents) return undefined;
  return `BPR02 ${formatCents(paymentCents)} ≠ Σ CLP04 ${formatCents(claimPaymentsCents)} − Σ PLB ${formatCents(providerAdjustmentsCents)} = ${formatCents(expected)}.`;
}

/** Control numbers match when equal, or numerically equal when both are digits ("0001" = "1"). */
export function controlNumbersMatch(opening: string, closing: string | undefined): boolean {
  if (closing === undefined) return false;
  const a = opening.trim();
  const b = closing.trim();
  if (a === b) return true;
  return /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b);
}

export function checkControlNumber(what: string, opening: string, closing: string | undefined): string | undefined {
  if (controlNumbersMatch(opening, closing)) return undefined;
  return `${what}: opening control number '${opening}' does not match closing '${closing ?? ''}'.`;
}

export function checkCount(what: string, declared: string | undefined, actual: number): string | undefined {
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) === actual) return undefined;
  return `${what}: declared ${declared ?? '(missing)'}, counted ${actual}.`;
}
