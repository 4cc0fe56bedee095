/** A claim read from an 837 as the submitted claim store keeps it: keyed ids, plain facts, sealed rest. */
import type { SubmittedClaim } from '../../domain/claims';
import { claimMatchCanonical, submittedClaimCanonical, submittedClaimFacts } from '../../domain/claims/submitted-facts';
import type { StoredClaimWithSegments } from '../../runtime/store/submitted-claims';
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
