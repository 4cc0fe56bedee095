// Which submitted claims an acknowledgement rejected, and why: what opens a task on the denial ("a rejected
// corrected claim opens a task"). Claims are named by control numbers only, never by patient.
import { type ClaimAcknowledgementRead, type ImplementationAcknowledgementRead, type RejectedSubmission } from './model';

/** 999: every rejected transaction set (all claims in it are rejected), with the claims its errors name. */
export function rejectedSets(ack: ImplementationAcknowledgementRead): RejectedSubmission[] {
  return ack.groups.flatMap((group) =>
    group.sets
      .filter((set) => set.classification === 'rejected')
      .map((set) => ({
        acknowledgement: '999' as const,
        groupControlNumber: group.groupControlNumber,
        setId: set.setId,
        setControlNumber: set.controlNumber,
        patientControlNumbers: [...new Set(set.segmentErrors.flatMap((e) => (e.patientControlNumber === undefined ? [] : [e.patientControlNumber])))],
        reason: set.explanation,
        position: set.position,
      })),
  );
}

/** 277CA: every rejected claim, and every rejected batch that lists no claims (all claims sent in it). */
export function rejectedClaimAcks(ack: ClaimAcknowledgementRead): RejectedSubmission[] {
  const claims: RejectedSubmission[] = ack.claims
    .filter((c) => c.classification === 'rejected')
    .map((c) => {
      const rejected: RejectedSubmission = { acknowledgement: '277CA', scope: 'claim', reason: c.explanation, position: c.position };
      if (c.patientControlNumber !== undefined) rejected.patientControlNumber = c.patientControlNumber;
      if (c.payerClaimControlNumber !== undefined) rejected.payerClaimControlNumber = c.payerClaimControlNumber;
      if (c.clearinghouseTraceNumber !== undefined) rejected.clearinghouseTraceNumber = c.clearinghouseTraceNumber;
      if (c.rejectedWith?.traceNumber !== undefined) rejected.batchTraceNumber = c.rejectedWith.traceNumber;
      return rejected;
    });
  const batches: RejectedSubmission[] = ack.batches
    .filter((b) => b.classification === 'rejected' && b.claims.length === 0)
    .map((b) => ({ acknowledgement: '277CA', scope: 'batch', ...(b.traceNumber === undefined ? {} : { batchTraceNumber: b.traceNumber }), reason: b.explanation, position: b.position }));
  return [...batches, ...claims];
}

/** The rejections of either acknowledgement. */
export function rejectedClaims(ack: ImplementationAcknowledgementRead | ClaimAcknowledgementRead): RejectedSubmission[] {
  return 'groups' in ack ? rejectedSets(ack) : rejectedClaimAcks(ack);
}
