/**
 * Which denial a claim status answer is about. A 277's TRN*2 is our 276's trace number, which is the
 * denial's workflow id, so it names the workflow when it looks like one and the workflow exists; otherwise
 * (and for a 277CA, whose TRN*2 echoes CLM01) the payer and patient control number give the match key the
 * 835 intake recorded the denials under; a 999 names the set we sent by its control number. No match, or
 * more than one denial under one match key, is reported with a reason that repeats none of the identifiers.
 */
import { claimMatchCanonical } from '../../domain/claims/submitted-facts';
import type { SentClaimFile } from '../../runtime/store/submitted-claims';
import { claimMatchKey } from './claim-keys';
import type { AnswerRoute } from './status-answers';

/** What matching reads of the submitted claim store. */
export interface StatusLookup {
  denialsByMatchKey(matchKey: string): Promise<string[]>;
  sentFileByControlNumber(kind: SentClaimFile['kind'], controlNumber: number): Promise<SentClaimFile | undefined>;
}

export type DenialMatch =
  | { kind: 'matched'; workflowId: string; matchedBy: 'trace-number' | 'patient-control-number' | 'control-number'; answersFile?: string }
  | { kind: 'unmatched'; reason: string }
  | { kind: 'ambiguous'; candidates: number; reason: string };

export interface MatchDeps {
  lookup: StatusLookup;
  /** Whether a workflow with this id exists (running or closed). */
  workflowExists(workflowId: string): Promise<boolean>;
  claimIdKey: Buffer;
}

/** A denial workflow id: what our 276 puts in TRN02. */
const WORKFLOW_ID = /^denial-[0-9a-f]{40}$/;

export async function findDenial(route: AnswerRoute, deps: MatchDeps): Promise<DenialMatch> {
  if (route.kind === 'none') return { kind: 'unmatched', reason: route.reason };
  if (route.kind === 'sent-file') {
    const sent = await deps.lookup.sentFileByControlNumber(route.fileKind, route.controlNumber);
    if (!sent) return { kind: 'unmatched', reason: `no ${route.fileKind} this product sent has control number ${route.controlNumber}` };
    return { kind: 'matched', workflowId: sent.workflowId, matchedBy: 'control-number', answersFile: sent.fileName };
  }
  const trace = route.traceNumber?.trim();
  if (trace && WORKFLOW_ID.test(trace) && (await deps.workflowExists(trace))) return { kind: 'matched', workflowId: trace, matchedBy: 'trace-number' };
  if (!route.payerId?.trim() || !route.patientControlNumber?.trim()) {
    const missing = !route.payerId?.trim() ? 'no payer id (NM1*PR of the information source)' : 'no patient control number';
    return { kind: 'unmatched', reason: `its trace number names no denial workflow of ours, and it has ${missing} to match by` };
  }
  const denials = await deps.lookup.denialsByMatchKey(claimMatchKey(claimMatchCanonical(route.payerId, route.patientControlNumber), deps.claimIdKey));
  if (denials.length === 0) return { kind: 'unmatched', reason: 'no denial has this payer and patient control number' };
  if (denials.length > 1) return { kind: 'ambiguous', candidates: denials.length, reason: `${denials.length} denials share this payer and patient control number; none was chosen` };
  return { kind: 'matched', workflowId: denials[0]!, matchedBy: 'patient-control-number' };
}
