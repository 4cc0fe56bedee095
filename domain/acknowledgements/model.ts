// Acknowledgements of a claim file we sent: the 999 (005010X231A1, was each 837 set syntactically accepted)
// and the 277CA (005010X214, was each claim accepted into adjudication).
import { z } from 'zod';
import { StatusCode } from '../claim-status/model';
import { Finding, Money, SegmentPosition } from '../remittance/model';

export const CodeWithMeaning = z.object({ code: z.string(), meaning: z.string() });
export type CodeWithMeaning = z.infer<typeof CodeWithMeaning>;

/** IK4: one element of the segment named by its IK3. IK404 may hold PHI: it is kept, never put in messages. */
export const ElementError = z.object({
  /** IK401-1, IK401-2, IK401-3: element, component and repetition positions. */
  elementPosition: z.number().int().positive().optional(),
  componentPosition: z.number().int().positive().optional(),
  repetitionPosition: z.number().int().positive().optional(),
  /** IK402: the data element reference number in the X12 dictionary. */
  referenceNumber: z.string().optional(),
  error: CodeWithMeaning,
  badData: z.string().optional(),
  position: SegmentPosition,
});
export type ElementError = z.infer<typeof ElementError>;

/** IK3: one segment of the acknowledged set, with the IK4s under it. */
export const SegmentError = z.object({
  segmentId: z.string(),
  /** IK302: position of the segment in the acknowledged set, ST = 1. */
  segmentPosition: z.number().int().positive().optional(),
  /** IK303: the loop id, e.g. 2300. */
  loop: z.string().optional(),
  error: CodeWithMeaning.optional(),
  /** CTX*CLM01 of the IK3: the patient control number of the claim the error sits in. */
  patientControlNumber: z.string().optional(),
  elements: z.array(ElementError),
  position: SegmentPosition,
});
export type SegmentError = z.infer<typeof SegmentError>;

export const SetClassification = z.enum(['accepted', 'accepted-with-errors', 'rejected']);
export type SetClassification = z.infer<typeof SetClassification>;

/** AK2 loop: one transaction set of the acknowledged group. */
export const SetAcknowledgement = z.object({
  setId: z.string(),
  controlNumber: z.string(),
  implementationReference: z.string().optional(),
  /** IK501 and IK502..IK506. */
  result: CodeWithMeaning,
  errors: z.array(CodeWithMeaning),
  classification: SetClassification,
  explanation: z.string(),
  segmentErrors: z.array(SegmentError),
  position: SegmentPosition,
});
export type SetAcknowledgement = z.infer<typeof SetAcknowledgement>;

/** AK1 with its AK2 loops and AK9. */
export const GroupAcknowledgement = z.object({
  functionalIdCode: z.string(),
  groupControlNumber: z.string(),
  version: z.string().optional(),
  sets: z.array(SetAcknowledgement),
  trailer: z
    .object({
      result: CodeWithMeaning,
      included: z.number().int().nonnegative().optional(),
      received: z.number().int().nonnegative().optional(),
      accepted: z.number().int().nonnegative().optional(),
      errors: z.array(CodeWithMeaning),
      position: SegmentPosition,
    })
    .optional(),
  position: SegmentPosition,
});
export type GroupAcknowledgement = z.infer<typeof GroupAcknowledgement>;

export const ImplementationAcknowledgementRead = z.object({ groups: z.array(GroupAcknowledgement), findings: z.array(Finding) });
export type ImplementationAcknowledgementRead = z.infer<typeof ImplementationAcknowledgementRead>;

export const ClaimAckClassification = z.enum(['accepted', 'rejected', 'pended']);
export type ClaimAckClassification = z.infer<typeof ClaimAckClassification>;

/** One STC of a 277CA with what it means for the claim or batch. */
export const AckStatus = StatusCode.extend({
  classification: ClaimAckClassification,
  /** STC02, CCYYMMDD as sent. */
  effectiveDate: z.string().optional(),
  /** STC03: WQ accept, U reject. Not used to classify: real files send WQ with A7 (imsweb sample). */
  actionCode: z.string().optional(),
  /** STC10 and STC11. */
  additional: z.array(StatusCode),
  position: SegmentPosition,
});
export type AckStatus = z.infer<typeof AckStatus>;

/** 2200B (information receiver) or 2200C (provider): a batch whose status covers every claim under it. */
export const BatchAcknowledgement = z.object({
  loop: z.enum(['2200B', '2200C']),
  traceNumber: z.string().optional(),
  classification: ClaimAckClassification,
  explanation: z.string(),
  statuses: z.array(AckStatus),
  /** Patient control numbers of the claims listed under the batch (a rejected batch may list none). */
  claims: z.array(z.string()),
  position: SegmentPosition,
});
export type BatchAcknowledgement = z.infer<typeof BatchAcknowledgement>;

/** 2200D: one claim we sent. */
export const ClaimAcknowledgement = z.object({
  /** TRN02: CLM01 of our 837 echoed back. */
  patientControlNumber: z.string().optional(),
  /** NM109 of the information source (2100A NM1*PR), when the source is a payer. */
  payerId: z.string().optional(),
  /** REF*1K and REF*D9. */
  payerClaimControlNumber: z.string().optional(),
  clearinghouseTraceNumber: z.string().optional(),
  classification: ClaimAckClassification,
  explanation: z.string(),
  statuses: z.array(AckStatus),
  /** The rejected batch that rejects this claim whatever the claim's own status says. */
  rejectedWith: z.object({ loop: z.enum(['2200B', '2200C']), traceNumber: z.string().optional() }).optional(),
  /** STC04 of the first STC. */
  totalCharge: Money.optional(),
  /** DTP*472, CCYYMMDD as sent. */
  serviceDates: z.object({ from: z.string(), to: z.string() }).optional(),
  position: SegmentPosition,
});
export type ClaimAcknowledgement = z.infer<typeof ClaimAcknowledgement>;

export const ClaimAcknowledgementRead = z.object({
  batches: z.array(BatchAcknowledgement),
  claims: z.array(ClaimAcknowledgement),
  findings: z.array(Finding),
});
export type ClaimAcknowledgementRead = z.infer<typeof ClaimAcknowledgementRead>;

/** A submission an acknowledgement rejected: what later opens a task on the denial. No PHI. */
export const RejectedSubmission = z.discriminatedUnion('acknowledgement', [
  z.object({
    acknowledgement: z.literal('999'),
    groupControlNumber: z.string(),
    setId: z.string(),
    setControlNumber: z.string(),
    /** CTX*CLM01 of the set's segment errors: the claims the errors sit in, when the 999 names them. */
    patientControlNumbers: z.array(z.string()),
    reason: z.string(),
    position: SegmentPosition,
  }),
  z.object({
    acknowledgement: z.literal('277CA'),
    /** 'batch': a rejected 2200B/2200C that lists no claims; every claim sent in it is rejected. */
    scope: z.enum(['claim', 'batch']),
    patientControlNumber: z.string().optional(),
    payerClaimControlNumber: z.string().optional(),
    clearinghouseTraceNumber: z.string().optional(),
    batchTraceNumber: z.string().optional(),
    reason: z.string(),
    position: SegmentPosition,
  }),
]);
export type RejectedSubmission = z.infer<typeof RejectedSubmission>;
