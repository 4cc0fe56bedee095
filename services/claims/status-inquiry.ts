/**
 * The 276 claim status inquiry about the claim a denial answers, for the clearinghouse: built from the
 * matched original claim when there is one, else from the denial's own fields and the organization's
 * provider. The trace number (TRN02) is the workflow id, PHI-free, which the 277 echoes in TRN*2 so the
 * answer finds its denial. Validated before it is returned; each refusal says what to fix, naming fields,
 * never their values.
 */
import { validate276, writeStatusInquiry, StatusInquiryRequest } from '../../domain/claim-status';
import { claimFromOriginal } from '../../domain/claims/original-claim';
import { validationErrorsText } from '../../domain/claims/validate-issue';
import type { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { submittedClaimMatch, submittedClaimText } from './claim-match';
import { requestFromClaim, requestFromDenial, StatusInquirySubject, type Draft } from './status-inquiry-request';

export { StatusInquirySubject } from './status-inquiry-request';

export interface StatusInquiry {
  text: string;
  traceNumber: string;
  controlNumber: number;
  /** The stored claim it asks about; absent when it was built from the denial's own fields. */
  claimId?: string;
}

export interface StatusInquiryOptions {
  now: Date;
  /** ISA06/GS02: the trading partner id the clearinghouse gave the practice. */
  senderId: string;
  /** ISA08/GS03: the clearinghouse's or payer's interchange id. */
  receiverId: string;
  usage?: 'P' | 'T';
  /** The organization's provider (ORGANIZATION_CONFIG): who asks when no stored claim names the billing provider. */
  provider?: { name: string; npi?: string | undefined };
  /** The number recorded for this file when it is written again (a retried send), so its bytes are the same. */
  controlNumber?: number;
}

export class StatusInquiryRefused extends Error {}

const DENIAL_ID = /^denial-[0-9a-f]{40}$/;

async function draftFor(store: SubmittedClaimStore, subject: StatusInquirySubject, opts: StatusInquiryOptions): Promise<Draft & { claimId?: string; without?: string }> {
  const asker = { senderId: opts.senderId, receiverId: opts.receiverId, usage: opts.usage ?? 'P' };
  const match = await submittedClaimMatch(store, subject.workflowId);
  if (match.status !== 'matched') return { ...requestFromDenial(subject, opts.provider, asker), without: submittedClaimText(match) };
  const stored = await store.claim(match.claim.claimId);
  const claim = stored && claimFromOriginal(stored.original);
  if (!claim) throw new StatusInquiryRefused(`The stored claim ${match.claim.claimId} could not be read back from its segments.`);
  return { ...requestFromClaim(subject, stored, claim, asker), claimId: match.claim.claimId };
}

const issuesText = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

export async function statusInquiryFor(store: SubmittedClaimStore, denial: StatusInquirySubject, opts: StatusInquiryOptions): Promise<StatusInquiry> {
  const given = StatusInquirySubject.safeParse(denial);
  if (!given.success) throw new StatusInquiryRefused(`The denial's fields are not what a status inquiry takes: ${issuesText(given.error.issues)}.`);
  const subject = given.data;
  if (!DENIAL_ID.test(subject.workflowId)) throw new StatusInquiryRefused('The trace number must be a denial workflow id (denial- and 40 hex digits), the one id that names nothing of the patient.');
  const draft = await draftFor(store, subject, opts);
  const source = draft.claimId ? `the stored claim ${draft.claimId}` : `the denial (no matched original claim: ${draft.without})`;
  if (draft.missing.length) throw new StatusInquiryRefused(`A 276 needs ${draft.missing.join(', ')}; ${source} does not give it.`);
  const parsed = StatusInquiryRequest.safeParse(draft.request);
  if (!parsed.success) {
    throw new StatusInquiryRefused(`The inquiry built from ${source} is not valid: ${issuesText(parsed.error.issues)}.`);
  }
  const controlNumber = opts.controlNumber ?? (await store.nextControlNumber());
  const text = writeStatusInquiry(parsed.data, { interchange: controlNumber, group: controlNumber, transaction: controlNumber }, opts.now);
  const errors = validationErrorsText(validate276(text, 'status-inquiry'));
  if (errors) throw new StatusInquiryRefused(`The status inquiry does not validate: ${errors}`);
  return { text, traceNumber: subject.workflowId, controlNumber, ...(draft.claimId ? { claimId: draft.claimId } : {}) };
}
