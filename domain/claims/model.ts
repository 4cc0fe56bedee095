// The practice's own submitted claims (X12 837P 005010X222A1, 837I 005010X223A2) as the reader emits
// them. Types are inferred from the zod schemas, like the remittance model: the schemas validate at
// boundaries (tests, queues), the reader builds plain objects.
//
// PHI: member ids, names and addresses are data here (a corrected claim must carry them), but they never
// appear in a finding message; messages name the segment and element instead.
import { z } from 'zod';
import { Delimiters, Finding, FunctionalGroup, Interchange, Money, SegmentPosition } from '../remittance/model';

export const ClaimKind = z.enum(['professional', 'institutional']);
export type ClaimKind = z.infer<typeof ClaimKind>;

/** DTP as sent: D8 (one date) or RD8 (from-to); `from`/`to` are CCYYMMDD when the format allows. */
export const ClaimDate = z.object({
  qualifier: z.string(),
  format: z.string(),
  value: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type ClaimDate = z.infer<typeof ClaimDate>;

export const ClaimReference = z.object({ qualifier: z.string(), value: z.string() });
export type ClaimReference = z.infer<typeof ClaimReference>;

/** One HI composite: qualifier (ABK, ABF, BK, BH, BE...) and code; POA indicator (HIxx-9) for 837I. */
export const HealthCode = z.object({ qualifier: z.string(), code: z.string(), presentOnAdmission: z.string().optional() });
export type HealthCode = z.infer<typeof HealthCode>;

/** SV101 / SV202 composite: qualifier:code:mod1..mod4:description. */
export const ClaimProcedure = z.object({
  qualifier: z.string(),
  code: z.string(),
  modifiers: z.array(z.string()).max(4),
  description: z.string().optional(),
});
export type ClaimProcedure = z.infer<typeof ClaimProcedure>;

/** Loop 2400: LX with SV1 (professional) or SV2 (institutional). */
export const SubmittedLine = z.object({
  /** 1-based position in the claim; corrections are keyed by it (LX01 of a well-formed claim). */
  number: z.number().int().positive(),
  /** LX01 as sent. */
  assignedNumber: z.string(),
  /** SV201 (institutional only). */
  revenueCode: z.string().optional(),
  /** SV101 / SV202; an institutional line may have only a revenue code. */
  procedure: ClaimProcedure.optional(),
  charge: Money,
  /** SV103 / SV204: UN (units) or MJ (minutes), DA (days) for 837I. */
  unitBasis: z.string().optional(),
  units: z.number().optional(),
  /** SV105 (professional only). */
  placeOfService: z.string().optional(),
  /** SV107 pointers (1-based into the claim's diagnoses, professional only). */
  diagnosisPointers: z.array(z.number().int().positive()),
  /** DTP*472 of the line. */
  serviceDate: ClaimDate.optional(),
  dates: z.array(ClaimDate),
  references: z.array(ClaimReference),
  position: SegmentPosition,
});
export type SubmittedLine = z.infer<typeof SubmittedLine>;

/**
 * The segments a corrected claim is re-emitted from, as sent (without terminators): only the corrected
 * elements, the hierarchy numbers and the envelope control fields are rewritten. Loops shared by several
 * claims (one billing provider, one subscriber with two claims) are shared arrays.
 */
export const OriginalSegments = z.object({
  /** The delimiters in force for this claim (component separator as the claim used it). */
  delimiters: Delimiters,
  interchange: z.string().optional(),
  group: z.string().optional(),
  transaction: z.string(),
  /** BHT and loops 1000A (submitter) and 1000B (receiver). */
  header: z.array(z.string()),
  /** Loop 2000A from its HL: PRV, 2010AA billing provider, 2010AB pay-to, 2010AC. */
  billingProvider: z.array(z.string()),
  /** Loop 2000B from its HL: SBR, 2010BA subscriber, 2010BB payer. */
  subscriber: z.array(z.string()),
  /** Loop 2000C from its HL when the patient is not the subscriber: PAT, 2010CA. */
  patient: z.array(z.string()).optional(),
  /** Loop 2300 from CLM to the end of the claim, its 2310/2320/2400 loops included. */
  claim: z.array(z.string()),
});
export type OriginalSegments = z.infer<typeof OriginalSegments>;

export const SubmittedClaim = z.object({
  kind: ClaimKind,
  /** GS08 (ST03 without a GS), e.g. 005010X222A1. */
  implementationGuide: z.string(),
  /** CLM01. */
  patientControlNumber: z.string(),
  /** CLM02. */
  charge: Money,
  /** CLM05: place of service (P) or facility type (I) code, its qualifier (B or A), claim frequency. */
  facility: z.object({ code: z.string(), qualifier: z.string().optional(), frequency: z.string() }),
  /** 2010BB NM1*PR. */
  payer: z.object({ name: z.string(), idQualifier: z.string().optional(), id: z.string().optional() }),
  /** 2010AA NM1*85: the NPI when NM108 is XX; REF*EI tax id. */
  billingProvider: z.object({ name: z.string(), npi: z.string().optional(), taxId: z.string().optional() }),
  /** 2000B SBR and 2010BA NM1*IL. memberId is PHI. */
  subscriber: z.object({
    payerResponsibility: z.string().optional(),
    relationship: z.string().optional(),
    filingIndicator: z.string().optional(),
    memberId: z.string().optional(),
  }),
  /** True when the claim sits under a 2000C patient loop (the patient is a dependent). */
  patientIsDependent: z.boolean(),
  /** REF*F8 in 2300, on a claim that is itself a replacement or void. */
  payerClaimControlNumber: z.string().optional(),
  /** REF*G1 in 2300. */
  priorAuthorization: z.string().optional(),
  references: z.array(ClaimReference),
  /** HI diagnosis composites in order (principal first): the targets of SV107 pointers. */
  diagnoses: z.array(HealthCode),
  /** Other HI composites (occurrence, value, condition, procedure codes...). */
  otherHealthCodes: z.array(HealthCode),
  /** DTP*434 (837I). */
  statementDates: ClaimDate.optional(),
  dates: z.array(ClaimDate),
  serviceLines: z.array(SubmittedLine),
  original: OriginalSegments,
  position: SegmentPosition,
  /** Warnings about this claim (balance, dates); also emitted as finding events. */
  findings: z.array(Finding),
});
export type SubmittedClaim = z.infer<typeof SubmittedClaim>;

export const ClaimFileCounts = z.object({
  segments: z.number().int(),
  interchanges: z.number().int(),
  sets837: z.number().int(),
  setsSkipped: z.number().int(),
  claims: z.number().int(),
  quarantined: z.number().int(),
  envelopeErrors: z.number().int(),
  claimErrors: z.number().int(),
  warnings: z.number().int(),
});
export type ClaimFileCounts = z.infer<typeof ClaimFileCounts>;

/** What read837 yields, one at a time, in file order. */
export const ClaimReadEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interchange-start'), interchange: Interchange, position: SegmentPosition }),
  z.object({ kind: z.literal('interchange-end'), controlNumber: z.string(), groups: z.number().int(), position: SegmentPosition }),
  z.object({
    kind: z.literal('set-start'),
    controlNumber: z.string(),
    claimKind: ClaimKind,
    implementationGuide: z.string(),
    group: FunctionalGroup.optional(),
    position: SegmentPosition,
  }),
  /** A transaction set that is not an 837P/837I (835, 999, 837D...): skipped, reported. */
  z.object({ kind: z.literal('set-skipped'), setType: z.string(), implementationGuide: z.string().optional(), controlNumber: z.string(), position: SegmentPosition }),
  z.object({ kind: z.literal('claim'), claim: SubmittedClaim }),
  /** A claim (or segments with no claim) that could not be read reliably. The rest of the file goes on. */
  z.object({
    kind: z.literal('quarantined'),
    patientControlNumber: z.string().optional(),
    findings: z.array(Finding),
    /** The record's raw segments, for a person to look at (they hold PHI: never log them). */
    segments: z.array(z.string()),
    position: SegmentPosition,
  }),
  z.object({ kind: z.literal('finding'), finding: Finding }),
  z.object({ kind: z.literal('set-end'), controlNumber: z.string(), claims: z.number().int(), quarantined: z.number().int(), position: SegmentPosition }),
  /** Always the last event. `rejected` when an envelope-level error was found: do not trust the file. */
  z.object({
    kind: z.literal('end'),
    file: z.string(),
    verdict: z.enum(['accepted', 'rejected']),
    counts: ClaimFileCounts,
    rejection: z.array(Finding),
  }),
]);
export type ClaimReadEvent = z.infer<typeof ClaimReadEvent>;
export type SubmittedClaimEvent = Extract<ClaimReadEvent, { kind: 'claim' }>;
export type QuarantinedClaimEvent = Extract<ClaimReadEvent, { kind: 'quarantined' }>;
export type ClaimEndEvent = Extract<ClaimReadEvent, { kind: 'end' }>;
