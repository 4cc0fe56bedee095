// The remittance (X12 835) model the reader emits. Types are inferred from the zod schemas so the
// schemas can validate at boundaries (tests, queues); the reader itself builds plain objects and does not
// run zod per claim, to stay close to raw-split speed.
import { z } from 'zod';

/** An amount exactly as sent (`text`, for audit and display) and as integer cents (for arithmetic). */
export const Money = z.object({ text: z.string(), cents: z.number().int() });
export type Money = z.infer<typeof Money>;

export const Delimiters = z.object({
  element: z.string().length(1),
  component: z.string().length(1),
  repetition: z.string().length(1).optional(),
  segment: z.string().length(1),
});
export type Delimiters = z.infer<typeof Delimiters>;

/** Where something sits: file, ISA13, GS06, ST02, segment number in the file and in the set, segment id. */
export const SegmentPosition = z.object({
  file: z.string(),
  interchange: z.string().optional(),
  group: z.string().optional(),
  set: z.string().optional(),
  segment: z.number().int().nonnegative(),
  segmentInSet: z.number().int().positive().optional(),
  segmentId: z.string(),
});
export type SegmentPosition = z.infer<typeof SegmentPosition>;

export const Reference = z.object({ qualifier: z.string(), value: z.string(), description: z.string().optional() });
export type Reference = z.infer<typeof Reference>;

/** DTM: dates stay CCYYMMDD strings as sent; the reader has no clock and no time zone. */
export const DateReference = z.object({ qualifier: z.string(), date: z.string(), time: z.string().optional() });
export type DateReference = z.infer<typeof DateReference>;

export const QualifiedAmount = z.object({ qualifier: z.string(), amount: Money });
export type QualifiedAmount = z.infer<typeof QualifiedAmount>;

export const QualifiedQuantity = z.object({ qualifier: z.string(), quantity: z.number() });
export type QualifiedQuantity = z.infer<typeof QualifiedQuantity>;

export const Contact = z.object({
  function: z.string(),
  name: z.string().optional(),
  channels: z.array(z.object({ qualifier: z.string(), value: z.string() })),
});
export type Contact = z.infer<typeof Contact>;

export const Address = z.object({
  lines: z.array(z.string()),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

/** 1000A payer (N1*PR) or 1000B payee (N1*PE). */
export const Party = z.object({
  entityCode: z.string(),
  name: z.string().optional(),
  idQualifier: z.string().optional(),
  id: z.string().optional(),
  address: Address.optional(),
  references: z.array(Reference),
  contacts: z.array(Contact),
  /** RDM (payee only): how the remittance is delivered. */
  remittanceDelivery: z.object({ method: z.string(), name: z.string().optional(), address: z.string().optional() }).optional(),
});
export type Party = z.infer<typeof Party>;

/** BPR. Bank routing and account numbers are deliberately not modelled: denial work never needs them. */
export const Payment = z.object({
  handling: z.string(),
  amount: Money.optional(),
  creditDebit: z.string().optional(),
  method: z.string().optional(),
  format: z.string().optional(),
  companyId: z.string().optional(),
  /** BPR16: check issue or EFT effective date (CCYYMMDD). */
  date: z.string().optional(),
});
export type Payment = z.infer<typeof Payment>;

/** TRN reassociation trace. */
export const Trace = z.object({
  type: z.string(),
  traceNumber: z.string(),
  originatorId: z.string().optional(),
  supplemental: z.string().optional(),
});
export type Trace = z.infer<typeof Trace>;

export const Interchange = z.object({
  controlNumber: z.string(),
  senderQualifier: z.string(),
  senderId: z.string(),
  receiverQualifier: z.string(),
  receiverId: z.string(),
  date: z.string(),
  time: z.string(),
  version: z.string(),
  usage: z.string(),
  delimiters: Delimiters,
});
export type Interchange = z.infer<typeof Interchange>;

export const FunctionalGroup = z.object({
  functionalId: z.string(),
  senderCode: z.string(),
  receiverCode: z.string(),
  date: z.string(),
  time: z.string(),
  controlNumber: z.string(),
  version: z.string(),
});
export type FunctionalGroup = z.infer<typeof FunctionalGroup>;

/** Everything around a claim in its transaction set. One object per set, shared by its claims. */
export const RemittanceContext = z.object({
  source: z.string(),
  interchange: Interchange.optional(),
  group: FunctionalGroup.optional(),
  transaction: z.object({ controlNumber: z.string(), implementationReference: z.string().optional() }),
  payment: Payment.optional(),
  trace: Trace.optional(),
  currency: z.string().optional(),
  /** DTM*405 production date. */
  productionDate: z.string().optional(),
  /** Header REF (EV receiver id, F2 version). */
  references: z.array(Reference),
  payer: Party.optional(),
  payee: Party.optional(),
});
export type RemittanceContext = z.infer<typeof RemittanceContext>;

/** Loop 2000: LX header number with optional institutional summaries (kept as sent, informational). */
export const HeaderNumber = z.object({
  number: z.string(),
  /** TS3 elements 1..n as sent (provider id, facility type, fiscal period, claim count, amounts). */
  providerSummary: z.array(z.string()).optional(),
  /** TS2 elements 1..n as sent (DRG amounts and days). */
  supplementalSummary: z.array(z.string()).optional(),
});
export type HeaderNumber = z.infer<typeof HeaderNumber>;

/** One CAS reason/amount/quantity triple, carrying its segment's group code. */
export const Adjustment = z.object({
  group: z.string(),
  reason: z.string(),
  amount: Money,
  quantity: z.number().optional(),
});
export type Adjustment = z.infer<typeof Adjustment>;

/** 2100 NM1 (QC patient, IL insured, 74 corrected, 82 rendering, TT crossover, PR corrected payer, GB other subscriber). */
export const ClaimParty = z.object({
  entityId: z.string(),
  entityType: z.string().optional(),
  lastName: z.string().optional(),
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  suffix: z.string().optional(),
  idQualifier: z.string().optional(),
  id: z.string().optional(),
});
export type ClaimParty = z.infer<typeof ClaimParty>;

/** MIA (inpatient) or MOA (outpatient) adjudication: remark codes pulled out, every element kept as sent. */
export const Adjudication = z.object({ remarkCodes: z.array(z.string()), elements: z.array(z.string()) });
export type Adjudication = z.infer<typeof Adjudication>;

/** SVC01 / SVC06 composite: qualifier:code:mod1..mod4:description. */
export const Procedure = z.object({
  qualifier: z.string(),
  code: z.string(),
  modifiers: z.array(z.string()),
  description: z.string().optional(),
});
export type Procedure = z.infer<typeof Procedure>;

/** LQ: HE = remark code (RARC), RX = NCPDP reject code. */
export const LineRemark = z.object({ qualifier: z.string(), code: z.string() });
export type LineRemark = z.infer<typeof LineRemark>;

export const FindingSeverity = z.enum(['envelope', 'claim', 'warning']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

export const Finding = z.object({
  code: z.string(),
  severity: FindingSeverity,
  message: z.string(),
  position: SegmentPosition,
});
export type Finding = z.infer<typeof Finding>;

/** Loop 2110. */
export const ServiceLine = z.object({
  /** 1-based index of the SVC within its claim (the "S<n>" of EXPECTED.md). */
  number: z.number().int().positive(),
  procedure: Procedure,
  charge: Money,
  payment: Money,
  revenueCode: z.string().optional(),
  unitsPaid: z.number().optional(),
  originalProcedure: Procedure.optional(),
  originalUnits: z.number().optional(),
  dates: z.array(DateReference),
  adjustments: z.array(Adjustment),
  references: z.array(Reference),
  amounts: z.array(QualifiedAmount),
  quantities: z.array(QualifiedQuantity),
  remarks: z.array(LineRemark),
  position: SegmentPosition,
});
export type ServiceLine = z.infer<typeof ServiceLine>;

/** Loop 2100 with its service lines. */
export const ClaimPayment = z.object({
  patientControlNumber: z.string(),
  status: z.string(),
  charge: Money,
  payment: Money,
  patientResponsibility: Money.optional(),
  filingIndicator: z.string().optional(),
  payerClaimControlNumber: z.string().optional(),
  facilityType: z.string().optional(),
  frequency: z.string().optional(),
  patientStatus: z.string().optional(),
  drgCode: z.string().optional(),
  drgWeight: z.number().optional(),
  dischargeFraction: z.number().optional(),
  yesNo: z.string().optional(),
  adjustments: z.array(Adjustment),
  /** NM1 by entity identifier (NM101). */
  parties: z.record(z.string(), ClaimParty),
  inpatient: Adjudication.optional(),
  outpatient: Adjudication.optional(),
  dates: z.array(DateReference),
  references: z.array(Reference),
  amounts: z.array(QualifiedAmount),
  quantities: z.array(QualifiedQuantity),
  contacts: z.array(Contact),
  serviceLines: z.array(ServiceLine),
  position: SegmentPosition,
  /** Warnings about this claim (balancing, out-of-order segments); also emitted as finding events. */
  findings: z.array(Finding),
});
export type ClaimPayment = z.infer<typeof ClaimPayment>;

/** PLB. Positive amounts reduce the payment, negative ones increase it. */
export const ProviderAdjustment = z.object({
  providerId: z.string(),
  fiscalPeriodDate: z.string(),
  adjustments: z.array(z.object({ reason: z.string(), reference: z.string().optional(), amount: Money })),
  position: SegmentPosition,
});
export type ProviderAdjustment = z.infer<typeof ProviderAdjustment>;

export const SetSummary = z.object({
  claims: z.number().int(),
  quarantined: z.number().int(),
  providerAdjustments: z.number().int(),
  /** BPR02 in cents, when present and readable. */
  paymentCents: z.number().int().optional(),
  claimPaymentsCents: z.number().int(),
  providerAdjustmentsCents: z.number().int(),
  /** BPR02 = Σ CLP04 − Σ PLB; undefined when it could not be checked (no BPR, quarantined records). */
  balanced: z.boolean().optional(),
});
export type SetSummary = z.infer<typeof SetSummary>;

export const FileCounts = z.object({
  segments: z.number().int(),
  interchanges: z.number().int(),
  sets835: z.number().int(),
  setsSkipped: z.number().int(),
  claims: z.number().int(),
  quarantined: z.number().int(),
  providerAdjustments: z.number().int(),
  envelopeErrors: z.number().int(),
  claimErrors: z.number().int(),
  warnings: z.number().int(),
});
export type FileCounts = z.infer<typeof FileCounts>;

/** What the reader yields, one at a time, in file order. */
export const RemittanceReadEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interchange-start'), interchange: Interchange, position: SegmentPosition }),
  z.object({ kind: z.literal('interchange-end'), controlNumber: z.string(), groups: z.number().int(), position: SegmentPosition }),
  z.object({
    kind: z.literal('set-start'),
    controlNumber: z.string(),
    implementationReference: z.string().optional(),
    interchange: z.string().optional(),
    group: FunctionalGroup.optional(),
    position: SegmentPosition,
  }),
  /** A transaction set that is not an 835 (278, 837, 999...): skipped, reported. */
  z.object({ kind: z.literal('set-skipped'), setType: z.string(), controlNumber: z.string(), position: SegmentPosition }),
  z.object({ kind: z.literal('claim'), claim: ClaimPayment, header: HeaderNumber.optional(), context: RemittanceContext }),
  z.object({ kind: z.literal('provider-adjustment'), adjustment: ProviderAdjustment, context: RemittanceContext }),
  /** A record that could not be read reliably. The rest of the file goes on. */
  z.object({
    kind: z.literal('quarantined'),
    record: z.enum(['claim', 'service-line', 'provider-adjustment']),
    patientControlNumber: z.string().optional(),
    payerClaimControlNumber: z.string().optional(),
    /** CLP03 as the file gives it; '' when it could not be read, undefined with no CLP. */
    charge: z.string().optional(),
    findings: z.array(Finding),
    /** Raw segments for a person to look at: the record's first segment and those from the first problem on. */
    segments: z.array(z.string()),
    position: SegmentPosition,
    context: RemittanceContext.optional(),
  }),
  z.object({ kind: z.literal('finding'), finding: Finding }),
  z.object({ kind: z.literal('set-end'), controlNumber: z.string(), summary: SetSummary, position: SegmentPosition }),
  /** Always the last event. `rejected` when an envelope-level error was found: do not trust the file. */
  z.object({
    kind: z.literal('end'),
    file: z.string(),
    verdict: z.enum(['accepted', 'rejected']),
    counts: FileCounts,
    rejection: z.array(Finding),
  }),
]);
export type RemittanceReadEvent = z.infer<typeof RemittanceReadEvent>;
export type ClaimEvent = Extract<RemittanceReadEvent, { kind: 'claim' }>;
export type EndEvent = Extract<RemittanceReadEvent, { kind: 'end' }>;
