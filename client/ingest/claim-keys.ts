/**
 * Keys that make intake exactly-once. The workflow id is a keyed hash (HMAC-SHA256 with a deployment
 * key) of the claim identity, so the same claim always reaches the same workflow and nothing in the id
 * can be reversed into a claim number. The event key identifies one adjudication of that claim in one
 * remittance, so delivering the same file twice is recognised as a duplicate.
 */
import crypto from 'node:crypto';
import type { ClaimIdentityInput, ClaimPayment, RemittanceContext } from '../../domain/remittance';

export function denialWorkflowId(identity: ClaimIdentityInput, key: Buffer): string {
  return `denial-${crypto.createHmac('sha256', key).update(identity.canonical).digest('hex').slice(0, 40)}`;
}

export function remittanceEventKey(workflowId: string, claim: ClaimPayment, context: RemittanceContext, key: Buffer): string {
  const adjudication = JSON.stringify([
    workflowId,
    context.trace?.traceNumber ?? '',
    context.payment?.date ?? '',
    claim.status,
    claim.charge.cents,
    claim.payment.cents,
    claim.adjustments.map((a) => [a.group, a.reason, a.amount.cents]),
    claim.serviceLines.map((l) => [l.procedure.code, l.charge.cents, l.payment.cents, l.adjustments.map((a) => [a.group, a.reason, a.amount.cents])]),
  ]);
  return crypto.createHmac('sha256', key).update(adjudication).digest('hex').slice(0, 40);
}

