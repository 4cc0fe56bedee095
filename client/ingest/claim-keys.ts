/**
 * Keys that make intake exactly-once. The workflow id is a keyed hash (HMAC-SHA256 with a deployment
 * key) of the claim identity, so the same claim always reaches the same workflow and nothing in the id
 * can be reversed into a claim number. The event key identifies one adjudication of that claim in one
 * remittance, so delivering the same file twice is recognised as a duplicate.
 */
import crypto from 'node:crypto';
import type { ClaimIdentityInput, ClaimPayment, RemittanceContext } from '../../domain/remittance';

/** HMAC-SHA256 of `text` under the deployment's claim-id key, 160 bits in hex. */
function keyedHash(text: string, key: Buffer): string {
  return crypto.createHmac('sha256', key).update(text).digest('hex').slice(0, 40);
}

export function denialWorkflowId(identity: ClaimIdentityInput, key: Buffer): string {
  return `denial-${keyedHash(identity.canonical, key)}`;
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
  return keyedHash(adjudication, key);
}

/** A submitted claim's id: the keyed hash of its identity (submittedClaimCanonical), never its CLM01. */
export function submittedClaimId(canonical: string, key: Buffer): string {
  return `claim-${keyedHash(canonical, key)}`;
}

/** The keyed hash (claimMatchCanonical) under which a denial and a submitted claim of one payer and patient control number meet. */
export function claimMatchKey(canonical: string, key: Buffer): string {
  return keyedHash(canonical, key);
}

/**
 * One claim status answer (a 277 STC, a 277CA claim acknowledgement, a 999 set result) for one denial:
 * the same answer delivered twice, in the same file or another, has the same key.
 */
export function claimStatusEventKey(workflowId: string, identity: readonly string[], key: Buffer): string {
  return keyedHash(JSON.stringify(['claim-status/v1', workflowId, ...identity]), key);
}
