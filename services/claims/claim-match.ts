/**
 * The submitted claim a denial answers, as the denial's detail shows it (CLI `denial show`, the API and the
 * page): the stored claim's id, frequency, dates, charge and source file, never its patient control
 * number. Computed when read, so a claim ingested after its denial shows as soon as it is stored.
 */
import { z } from 'zod';
import { matchSubmittedClaim } from '../../domain/claims/matching';
import { formatCents } from '../../domain/remittance';
import type { StoredClaim, SubmittedClaimStore } from '../../runtime/store/submitted-claims';

const MatchedClaim = z.object({
  claimId: z.string(),
  kind: z.string(),
  frequency: z.string(),
  serviceFrom: z.string().optional(),
  serviceTo: z.string().optional(),
  charge: z.string(),
  /** sha256 of the 837 file it came in. */
  sourceFile: z.string(),
  receivedAt: z.string(),
});

export const SubmittedClaimMatch = z.discriminatedUnion('status', [
  /** The denial was ingested before claims were matched: nothing to match it with. */
  z.object({ status: z.literal('unknown') }),
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('matched'), claim: MatchedClaim, supersedes: z.array(z.string()) }),
  z.object({ status: z.literal('ambiguous'), reason: z.string(), candidates: z.array(MatchedClaim) }),
]);
export type SubmittedClaimMatch = z.infer<typeof SubmittedClaimMatch>;

function shown(c: StoredClaim): z.infer<typeof MatchedClaim> {
  return {
    claimId: c.claimId,
    kind: c.kind,
    frequency: c.frequency,
    ...(c.serviceFrom ? { serviceFrom: c.serviceFrom } : {}),
    ...(c.serviceTo ? { serviceTo: c.serviceTo } : {}),
    charge: formatCents(c.chargeCents),
    sourceFile: c.sourceFile,
    receivedAt: c.receivedAt,
  };
}

export async function submittedClaimMatch(store: SubmittedClaimStore, workflowId: string): Promise<SubmittedClaimMatch> {
  const ref = await store.denialRef(workflowId);
  if (!ref) return { status: 'unknown' };
  const match = matchSubmittedClaim(ref, await store.claimsByMatchKey(ref.matchKey));
  if (match.kind === 'none') return { status: 'none' };
  if (match.kind === 'ambiguous') return { status: 'ambiguous', reason: match.reason, candidates: match.candidates.map(shown) };
  return { status: 'matched', claim: shown(match.claim), supersedes: match.superseded.map((c) => c.claimId) };
}

/** What the denial's claim is, or why none is named, for a person (the CLI line, the denial's page). */
export function submittedClaimText(m: SubmittedClaimMatch): string {
  const dates = (c: z.infer<typeof MatchedClaim>) => (c.serviceFrom ? `${c.serviceFrom}${c.serviceTo && c.serviceTo !== c.serviceFrom ? `–${c.serviceTo}` : ''}` : 'no dates');
  switch (m.status) {
    case 'unknown':
      return 'not looked for (the denial came before claims were matched)';
    case 'none':
      return 'none stored matches (ingest the 837 that carried it)';
    case 'ambiguous':
      return `ambiguous, ${m.reason}: ${m.candidates.map((c) => c.claimId).join(', ')}`;
    case 'matched':
      return `${m.claim.claimId}, frequency ${m.claim.frequency}, ${dates(m.claim)}, charge ${m.claim.charge}, from file ${m.claim.sourceFile.slice(0, 12)}…${m.supersedes.length ? ` (supersedes ${m.supersedes.join(', ')})` : ''}`;
  }
}

export const submittedClaimLine = (m: SubmittedClaimMatch) => `Submitted claim: ${submittedClaimText(m)}`;
