/**
 * The claim a denial answers with the corrections supplied on it (domain/claims/claim-under-correction.ts),
 * as the denial's page, GET /api/denials/<id> and `denial show` give it: read from the store only when
 * the denial has a matched claim. Holds CLM01 (PHI): for signed-in staff, like the page.
 */
import { z } from 'zod';
import { claimUnderCorrection, ClaimUnderCorrection } from '../../domain/claims/claim-under-correction';
import { claimFromOriginal } from '../../domain/claims/original-claim';
import type { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import type { DenialView } from '../../workflows/denial-messages';
import type { SubmittedClaimMatch } from '../../services/claims/claim-match';

export const ClaimUnderCorrectionOnFile = z.discriminatedUnion('status', [
  z.object({ status: z.literal('read'), claimId: z.string(), claim: ClaimUnderCorrection }),
  /** The stored claim is gone, or its segments do not read back as a claim. */
  z.object({ status: z.literal('unreadable'), claimId: z.string() }),
]);
export type ClaimUnderCorrectionOnFile = z.infer<typeof ClaimUnderCorrectionOnFile>;

/** The denial's matched claim with its corrections, as the workflow's writer would send it on the denial's route. */
export async function claimUnderCorrectionFor(store: SubmittedClaimStore, match: SubmittedClaimMatch, denial: Pick<DenialView, 'corrections' | 'route'>): Promise<ClaimUnderCorrectionOnFile | undefined> {
  if (match.status !== 'matched') return undefined;
  const { claimId } = match.claim;
  const stored = await store.claim(claimId);
  const original = stored && claimFromOriginal(stored.original);
  const voids = denial.route.kind === 'corrected_claim' && denial.route.claimFrequency === '8';
  return original ? { status: 'read', claimId, claim: claimUnderCorrection(original, denial.corrections, { void: voids }) } : { status: 'unreadable', claimId };
}
