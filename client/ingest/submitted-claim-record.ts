/**
 * A claim read from an 837 as the submitted claim store keeps it (keyed ids, plain facts, sealed rest), and
 * a denied 835 claim's reference to it, under the same match key.
 */
import type { SubmittedClaim } from '../../domain/claims';
import { remittanceServicePeriod } from '../../domain/claims/matching';
import type { ClaimPayment } from '../../domain/remittance';
import { claimMatchCanonical, submittedClaimCanonical, submittedClaimFacts } from '../../domain/claims/submitted-facts';
import type { DenialClaimRef, StoredClaimWithSegments } from '../../runtime/store/submitted-claims';
import { claimMatchKey, submittedClaimId } from './claim-keys';

export interface ClaimSource {
  /** sha256 of the 837 file. */
  sourceFile: string;
  reportId: string;
  receivedAt: string;
}

export function storedClaimOf(claim: SubmittedClaim, key: Buffer, source: ClaimSource): StoredClaimWithSegments {
  const facts = submittedClaimFacts(claim);
  return {
    claimId: submittedClaimId(submittedClaimCanonical(facts), key),
    matchKey: claimMatchKey(claimMatchCanonical(facts.payerId, facts.patientControlNumber), key),
    ...facts,
    ...source,
    ...(claim.payerClaimControlNumber ? { payerClaimControlNumber: claim.payerClaimControlNumber } : {}),
    original: claim.original,
  };
}

/** What the store keeps of a denial to find its submitted claim, whichever of the two arrives first. */
export function denialClaimRefOf(workflowId: string, payerId: string, claim: ClaimPayment, key: Buffer): DenialClaimRef {
  return {
    workflowId,
    matchKey: claimMatchKey(claimMatchCanonical(payerId, claim.patientControlNumber), key),
    payerId,
    ...remittanceServicePeriod(claim),
    patientControlNumber: claim.patientControlNumber,
  };
}
