/**
 * The frequency-7 replacement (or 8 void) of the claim a denial answers, written from the stored original:
 * the payer's claim number is the denial's CLP07, the corrections those supplied on the denial, the control
 * numbers from the store's counter. Validated before it is returned; each refusal says why.
 */
import { claimFromOriginal } from '../../domain/claims/original-claim';
import { claimCorrectionsFrom } from '../../domain/claims/denial-corrections';
import { validate837 } from '../../domain/claims/validate-837';
import { validationErrorsText } from '../../domain/claims/validate-issue';
import { writeCorrectedClaim } from '../../domain/claims/writer';
import type { Correction } from '../../domain/lifecycle/tasks';
import type { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { submittedClaimMatch, submittedClaimText } from './claim-match';

export interface CorrectedClaim {
  text: string;
  claimId: string;
  frequency: '7' | '8';
  controlNumber: number;
  /** Supplied corrections the claim's segments cannot carry: listed, not applied. */
  notApplied: Correction[];
}

export class CorrectedClaimRefused extends Error {}

export async function correctedClaimFor(
  store: SubmittedClaimStore,
  denial: { workflowId: string; payerClaimControlNumber: string | undefined; corrections: readonly Correction[] },
  opts: { void: boolean; now: Date; controlNumber?: number },
): Promise<CorrectedClaim> {
  const match = await submittedClaimMatch(store, denial.workflowId);
  if (match.status !== 'matched') throw new CorrectedClaimRefused(`No matched original claim: ${submittedClaimText(match)}.`);
  if (!denial.payerClaimControlNumber) throw new CorrectedClaimRefused('The 835 gave no payer claim control number (CLP07) to name in REF*F8.');
  const stored = await store.claim(match.claim.claimId);
  const original = stored && claimFromOriginal(stored.original);
  if (!original) throw new CorrectedClaimRefused(`The stored claim ${match.claim.claimId} could not be read back from its segments.`);
  const frequency = opts.void ? '8' : '7';
  const { corrections, notApplied } = opts.void ? { corrections: undefined, notApplied: [] } : claimCorrectionsFrom(denial.corrections);
  // A resend of a file already recorded keeps its number, so the same claim is written byte for byte again.
  const controlNumber = opts.controlNumber ?? (await store.nextControlNumber());
  const text = writeCorrectedClaim(original, {
    frequency,
    payerClaimControlNumber: denial.payerClaimControlNumber,
    ...(corrections ? { corrections } : {}),
    controlNumbers: { interchange: controlNumber, group: controlNumber, transaction: controlNumber },
    now: opts.now,
  });
  const errors = validationErrorsText(validate837(text, 'corrected-claim'));
  if (errors) throw new CorrectedClaimRefused(`The corrected claim does not validate: ${errors}`);
  return { text, claimId: match.claim.claimId, frequency, controlNumber, notApplied };
}
