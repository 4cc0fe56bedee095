// Inputs of the denial workflow: a DenialCase starts it; a RemittanceEvent is a later remittance for the
// same claim (payment, reversal, new denial) delivered to it.
//
// PHI-free by construction: no patient or insured names, member ids, medical record numbers or
// addresses. CLP01 is the provider's own account number and stays. Every object is strict, so a field
// that is not listed here (a name slipping in) fails validation instead of being carried along.
import { z } from 'zod';
import { patternString } from './pattern-string';
import { ClaimOutcome, DetectionReason } from './remittance/detect';
import { SegmentPosition } from './remittance/model';

const IsoDate = patternString(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Cents = z.number().int();

/** Where the claim sat in its file: the reader's position, strict like everything in a case. */
export const SourcePosition = SegmentPosition.strict();
export type SourcePosition = z.infer<typeof SourcePosition>;

export const CasePayer = z.strictObject({
  id: z.string(),
  idSource: z.enum(['N1-PR-N104', 'REF-2U', 'TRN03', 'N1-PR-name', 'none']),
  name: z.string().optional(),
});

/** The provider being paid (1000B): business identifiers, not PHI. */
export const CasePayee = z.strictObject({
  name: z.string().optional(),
  idQualifier: z.string().optional(),
  id: z.string().optional(),
});

export const CaseClaim = z.strictObject({
  /** CLP01: the provider's patient account number (not a payer member id). */
  patientControlNumber: z.string(),
  /** CLP07: payer claim control number (ICN/DCN), what a corrected claim refers to. */
  payerClaimControlNumber: z.string().optional(),
  status: z.string(),
  filingIndicator: z.string().optional(),
  facilityType: z.string().optional(),
  frequency: z.string().optional(),
  chargeCents: Cents,
  paidCents: Cents,
  patientResponsibilityCents: Cents.optional(),
  serviceDateFrom: IsoDate.optional(),
  serviceDateTo: IsoDate.optional(),
  /** Claim REFs that identify the claim or its authorization (F8, 9A, 9C, BB, G1, G3, 0K) — never member ids. */
  references: z.array(z.strictObject({ qualifier: z.string(), value: z.string() })),
});

export const CaseAdjustment = z.strictObject({
  level: z.enum(['claim', 'line']),
  line: z.number().int().positive().optional(),
  group: z.string(),
  reason: z.string(),
  amountCents: Cents,
  quantity: z.number().optional(),
});
export type CaseAdjustment = z.infer<typeof CaseAdjustment>;

export const CaseRemark = z.strictObject({
  level: z.enum(['claim', 'line']),
  line: z.number().int().positive().optional(),
  /** MOA / MIA (claim) or LQ*HE (line). */
  source: z.enum(['MOA', 'MIA', 'LQ']),
  code: z.string(),
});
export type CaseRemark = z.infer<typeof CaseRemark>;

const CaseProcedure = z.strictObject({ qualifier: z.string(), code: z.string(), modifiers: z.array(z.string()) });

export const CaseServiceLine = z.strictObject({
  line: z.number().int().positive(),
  procedure: CaseProcedure,
  /** SVC06: what was billed, when the payer changed the code. */
  originalProcedure: CaseProcedure.optional(),
  revenueCode: z.string().optional(),
  chargeCents: Cents,
  paidCents: Cents,
  /** AMT*B6 when the payer sent it. */
  allowedCents: Cents.optional(),
  unitsPaid: z.number().optional(),
  serviceDateFrom: IsoDate.optional(),
  serviceDateTo: IsoDate.optional(),
  /** REF*6R line item control number, to match the line to the billed claim line. */
  lineControlNumber: z.string().optional(),
});
export type CaseServiceLine = z.infer<typeof CaseServiceLine>;

export const CaseRemittance = z.strictObject({
  /** BPR16 check/EFT date. */
  date: IsoDate.optional(),
  /** TRN02 check or EFT trace number. */
  traceNumber: z.string().optional(),
  paymentMethod: z.string().optional(),
  paymentCents: Cents.optional(),
});

export const CaseDetection = z.strictObject({
  outcome: ClaimOutcome,
  extent: z.enum(['full', 'partial']).optional(),
  reasons: z.array(DetectionReason),
  amountAtRiskCents: Cents.nonnegative(),
});

const adjudicationShape = {
  payer: CasePayer,
  payee: CasePayee.optional(),
  claim: CaseClaim,
  adjustments: z.array(CaseAdjustment),
  remarks: z.array(CaseRemark),
  serviceLines: z.array(CaseServiceLine),
  remittance: CaseRemittance,
  source: SourcePosition,
};

/** Input of a denial workflow. */
export const DenialCase = z.strictObject({
  version: z.literal(1),
  ...adjudicationShape,
  detection: CaseDetection.extend({ outcome: z.literal('denial'), reasons: z.array(DetectionReason).min(1) }),
});
export type DenialCase = z.infer<typeof DenialCase>;

/** A later remittance for a claim that already has a workflow. */
export const RemittanceEvent = z.strictObject({
  version: z.literal(1),
  kind: ClaimOutcome,
  ...adjudicationShape,
  detection: CaseDetection,
});
export type RemittanceEvent = z.infer<typeof RemittanceEvent>;
