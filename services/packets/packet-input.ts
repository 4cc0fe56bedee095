/**
 * Input of the packet assembler: what the denial workflow knows about the claim, mapped into the shape a
 * letter to the payer needs.
 *
 * Unlike the workflow's own DenialCase this DOES carry PHI (patient name, member id, date of birth): the
 * payer cannot match an appeal without them. It travels only in the (encrypted) activity payload and into
 * the PDF. Never log it, never put it in an error message: errors name fields, not values.
 */
import { z } from 'zod';
import { DenialCategorySchema, GroupCodeSchema, IsoDateSchema, PayerClassSchema, daysBetween, type DenialCategory } from '../../domain/policy';
import { DocumentRef } from '../documents/document-store';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Cents = z.number().int();
const NonNegativeCents = Cents.nonnegative();

/** NPI check digit: Luhn over the 9 leading digits with the 80840 card-issuer prefix (CMS NPI standard). */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
}

export const PostalAddress = z.strictObject({
  /** Street lines (suite, PO box, department) in mailing order. */
  street: z.array(Text(120)).min(1).max(4),
  city: Text(60),
  state: z.string().trim().regex(/^[A-Z]{2}$/, 'expected a two-letter state code'),
  postalCode: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'expected a ZIP code (12345 or 12345-6789)'),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

const Phone = z.string().trim().regex(/^[0-9()+\-. x]{7,25}$/, 'expected a phone number');
const Email = z.email();

export const PacketPayer = z.strictObject({
  name: Text(120),
  /** Decides what the appeal level is called and which rules the letter cites. */
  payerClass: PayerClassSchema,
  /** EDI payer id, for the summary page. */
  payerId: Text(40).optional(),
  /** Department line, e.g. "Provider Appeals" or "Part B Redeterminations". */
  attention: Text(120).optional(),
  address: PostalAddress,
  fax: Phone.optional(),
});

export const PacketProvider = z.strictObject({
  name: Text(120),
  npi: z.string().trim().refine(isValidNpi, 'expected a 10-digit NPI with a valid check digit'),
  /** Federal tax id, stored as XX-XXXXXXX. */
  tin: z
    .string()
    .trim()
    .regex(/^\d{2}-?\d{7}$/, 'expected a 9-digit TIN (XX-XXXXXXX)')
    .transform((t) => `${t.replace('-', '').slice(0, 2)}-${t.replace('-', '').slice(2)}`),
  address: PostalAddress,
  phone: Phone,
  fax: Phone.optional(),
  email: Email.optional(),
});

/** Who signs the letter: the AR specialist or the authorised representative. */
export const PacketSigner = z.strictObject({
  name: Text(80),
  title: Text(80),
  /** e.g. "CPC, CRCR". */
  credentials: Text(40).optional(),
  phone: Phone.optional(),
  email: Email.optional(),
});

/** PHI: goes into the letter only. */
export const PacketPatient = z.strictObject({
  name: Text(120),
  /** Payer member id (Medicare: the MBI). */
  memberId: Text(40),
  dateOfBirth: IsoDateSchema.optional(),
});

export const PacketAdjustment = z.strictObject({
  group: GroupCodeSchema,
  /** CARC as on the remittance (CAS02/05/…). */
  code: z.string().trim().regex(/^[A-Z0-9]{1,5}$/i, 'expected a CARC such as 50 or B7').transform((c) => c.toUpperCase()),
  amountCents: Cents,
  /** Overrides the meaning from the CARC table (e.g. the payer's own wording). */
  meaning: Text(300).optional(),
});
export type PacketAdjustment = z.infer<typeof PacketAdjustment>;

export const PacketRemark = z.strictObject({
  code: z.string().trim().regex(/^(M|MA|N)\d{1,4}$/i, 'expected a RARC such as N115 or MA130').transform((c) => c.toUpperCase()),
  meaning: Text(300).optional(),
});
export type PacketRemark = z.infer<typeof PacketRemark>;

export const PacketServiceLine = z.strictObject({
  line: z.number().int().positive(),
  serviceDateFrom: IsoDateSchema,
  serviceDateTo: IsoDateSchema.optional(),
  /** CPT/HCPCS (or revenue code for institutional lines without one). */
  procedureCode: z.string().trim().regex(/^[A-Z0-9]{3,8}$/i, 'expected a procedure code such as 99214 or J1100').transform((c) => c.toUpperCase()),
  modifiers: z.array(z.string().trim().regex(/^[A-Z0-9]{2}$/i, 'expected a two-character modifier').transform((m) => m.toUpperCase())).max(4).default([]),
  revenueCode: z.string().trim().regex(/^\d{3,4}$/, 'expected a revenue code such as 0450').optional(),
  units: z.number().nonnegative(),
  billedCents: NonNegativeCents,
  allowedCents: NonNegativeCents.optional(),
  paidCents: Cents,
  adjustments: z.array(PacketAdjustment).default([]),
  remarks: z.array(PacketRemark).default([]),
});
export type PacketServiceLine = z.infer<typeof PacketServiceLine>;

export const PacketClaim = z.strictObject({
  /** CLP01: the provider's patient account number. */
  patientAccountNumber: Text(40),
  /** CLP07: the payer's claim control number (ICN/DCN) the appeal refers to. */
  payerClaimControlNumber: Text(50),
  serviceDateFrom: IsoDateSchema,
  serviceDateTo: IsoDateSchema.optional(),
  billedCents: NonNegativeCents,
  allowedCents: NonNegativeCents.optional(),
  paidCents: Cents,
  patientResponsibilityCents: NonNegativeCents.optional(),
  /** The amount the appeal asks for (the workflow's amount at risk); default: unpaid charges of the disputed lines. */
  amountInDisputeCents: NonNegativeCents.optional(),
  /** Date of the remittance/EOB that carries the decision appealed (835 BPR16). */
  noticeDate: IsoDateSchema,
  /** TRN02 check or EFT trace number. */
  checkOrEftNumber: Text(50).optional(),
  /** Claim-level CAS and MOA/MIA remarks. */
  adjustments: z.array(PacketAdjustment).default([]),
  remarks: z.array(PacketRemark).default([]),
});

/** One line paid below what the contract or fee schedule says it is worth. */
export const PacketUnderpaidLine = z.strictObject({
  line: z.number().int().positive(),
  /** Procedure code with modifiers, as the remittance gave it (99214-25). */
  procedure: Text(40),
  /** Contracted rate or fee-schedule amount for the units paid. */
  expectedCents: NonNegativeCents,
  allowedCents: NonNegativeCents,
  paidCents: Cents,
  /** expected − allowed. */
  varianceCents: Cents.positive(),
});
export type PacketUnderpaidLine = z.infer<typeof PacketUnderpaidLine>;

/** What an underpayment letter disputes, and what the expected amounts are based on. */
export const PacketUnderpayment = z.strictObject({
  /** contract: the provider agreement's rate; fee_schedule: the payer's (Medicare) fee schedule. */
  basis: z.enum(['contract', 'fee_schedule']),
  lines: z.array(PacketUnderpaidLine).min(1).max(200),
});

export const AppealKind = z.enum(['reopening', 'reconsideration', 'appeal', 'external_review']);

export const PacketAppeal = z.strictObject({
  /** 1 = first level; a reopening (outside the appeal ladder) may give 0. */
  level: z.number().int().min(0).max(9),
  /** What the payer calls this level, from the payer rule (e.g. "Redetermination (MAC)", "Claim reconsideration"). */
  name: Text(100),
  kind: AppealKind,
  /** A payer form sent with the letter (e.g. "CMS-20027"), named in the letter. */
  payerForm: Text(80).optional(),
});

/** The specialist's own case for this claim. */
export const PacketArgument = z.strictObject({
  /** Paragraphs separated by a blank line. */
  summary: z.string().trim().max(8000).optional(),
  /** Short bullet points that support the argument. */
  points: z.array(Text(600)).max(20).default([]),
  /** Policies cited: LCD/NCD, NCCI manual chapter, CPT guideline, contract section, payer policy (835 REF*0K). */
  references: z.array(Text(300)).max(20).default([]),
  /** Replaces the template's default request (the sentence that says what the payer should do). */
  requestedAction: Text(600).optional(),
});

/** Category facts the letters cite when present; all optional, each template says what it needs. */
export const PacketFacts = z.strictObject({
  // medical necessity
  diagnoses: z.array(z.strictObject({ code: z.string().trim().regex(/^[A-Z][0-9A-Z.]{2,7}$/i, 'expected an ICD-10-CM code'), description: Text(200).optional() })).max(12).default([]),
  clinicalSummary: z.string().trim().max(6000).optional(),
  treatingProvider: Text(120).optional(),
  // authorization
  authorizationNumber: Text(60).optional(),
  authorizationDate: IsoDateSchema.optional(),
  /** Where the authorization came from: portal, UM vendor, phone line. */
  authorizationSource: Text(120).optional(),
  /** Call or case reference of the authorization contact. */
  authorizationReference: Text(80).optional(),
  /** Emergency service: no prior authorization may be required. */
  emergency: z.boolean().optional(),
  // timely filing
  originalSubmissionDate: IsoDateSchema.optional(),
  /** Control number of the 999/277CA acceptance (or payer receipt) that proves timely receipt. */
  acceptanceReference: Text(80).optional(),
  payerReceivedDate: IsoDateSchema.optional(),
  clearinghouseName: Text(120).optional(),
  // duplicate
  /** The claim the payer considers this one a duplicate of. */
  relatedClaimControlNumber: Text(50).optional(),
  /** What makes the services distinct (separate session, other side, repeat procedure, modifier 76/77/XE…). */
  distinguishingFacts: z.string().trim().max(3000).optional(),
  // coordination of benefits
  primaryPayerName: Text(120).optional(),
  primaryNoticeDate: IsoDateSchema.optional(),
  primaryPaidCents: Cents.optional(),
  /** This payer is primary: other coverage ended on this date. */
  otherCoverageEndDate: IsoDateSchema.optional(),
  /** Where the order of benefits is documented (COB questionnaire, Medicare MSP questionnaire, eligibility response). */
  coverageOrderSource: Text(300).optional(),
  // Medicare Advantage, non-contracted provider
  waiverOfLiabilityEnclosed: z.boolean().optional(),
});

export const PacketCorrection = z.strictObject({
  /** Service line the correction applies to; absent for claim-level fields. */
  line: z.number().int().positive().optional(),
  field: Text(80),
  /** What the claim said (empty when the value was missing). */
  from: z.string().trim().max(200).default(''),
  to: Text(200),
  reason: Text(400),
});
export type PacketCorrection = z.infer<typeof PacketCorrection>;

export const PacketAttachment = z.strictObject({
  /** A PDF in the DocumentStore. */
  ref: DocumentRef,
  /** Shown in the enclosure list and the index, e.g. "Operative report, 03/02/2026". */
  title: Text(120),
  description: Text(300).optional(),
});
export type PacketAttachment = z.infer<typeof PacketAttachment>;

/** The letter templates (templates/letters/<id>.md). */
export const LetterTemplateId = z.enum([
  'medical-necessity',
  'coding',
  'authorization',
  'timely-filing',
  'duplicate',
  'coordination-of-benefits',
  'generic',
  'underpayment',
]);
export type LetterTemplateId = z.infer<typeof LetterTemplateId>;

const TEMPLATE_BY_CATEGORY: Readonly<Record<DenialCategory, LetterTemplateId>> = {
  medical_necessity: 'medical-necessity',
  coding: 'coding',
  bundling: 'coding',
  place_of_service: 'coding',
  authorization: 'authorization',
  timely_filing: 'timely-filing',
  duplicate: 'duplicate',
  coordination_of_benefits: 'coordination-of-benefits',
  eligibility: 'generic',
  missing_information: 'generic',
  credentialing: 'generic',
  non_covered: 'generic',
  contractual: 'generic',
  pricing: 'generic',
  patient_responsibility: 'generic',
  other: 'generic',
};

export function letterTemplateFor(category: DenialCategory): LetterTemplateId {
  return TEMPLATE_BY_CATEGORY[category];
}

export const AppealPacketInput = z
  .strictObject({
    /** The denial workflow (PHI-free id): names the stored packet and every log line. */
    workflowId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,120}$/, 'expected a workflow id (letters, digits, . _ : -)'),
    category: DenialCategorySchema,
    /** Overrides the template chosen from the category. */
    template: LetterTemplateId.optional(),
    /** Date printed on the letter; default: today (activity clock, UTC). */
    letterDate: IsoDateSchema.optional(),
    payer: PacketPayer,
    provider: PacketProvider,
    signer: PacketSigner,
    patient: PacketPatient,
    claim: PacketClaim,
    serviceLines: z.array(PacketServiceLine).max(200).default([]),
    /** Lines the appeal disputes; default: the lines carrying a denial adjustment (all lines when none does). */
    disputedLines: z.array(z.number().int().positive()).max(200).optional(),
    appeal: PacketAppeal,
    argument: PacketArgument.default({ points: [], references: [] }),
    facts: PacketFacts.default({ diagnoses: [] }),
    corrections: z.array(PacketCorrection).max(50).default([]),
    attachments: z.array(PacketAttachment).max(60).default([]),
    /** The lines paid below the contract or fee schedule, for the underpayment letter. */
    underpayment: PacketUnderpayment.optional(),
  })
  .superRefine((input, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const notBefore = (from: string, to: string | undefined) => to === undefined || daysBetween(from, to) >= 0;

    if (!notBefore(input.claim.serviceDateFrom, input.claim.serviceDateTo)) issue(['claim', 'serviceDateTo'], 'the through date is before the from date');
    if (daysBetween(input.claim.serviceDateFrom, input.claim.noticeDate) < 0) issue(['claim', 'noticeDate'], 'the notice date is before the date of service');

    const lineNumbers = new Set<number>();
    input.serviceLines.forEach((l, i) => {
      if (lineNumbers.has(l.line)) issue(['serviceLines', i, 'line'], `line number ${l.line} appears twice`);
      lineNumbers.add(l.line);
      if (!notBefore(l.serviceDateFrom, l.serviceDateTo)) issue(['serviceLines', i, 'serviceDateTo'], 'the through date is before the from date');
    });
    input.disputedLines?.forEach((n, i) => {
      if (!lineNumbers.has(n)) issue(['disputedLines', i], `line ${n} is not among the service lines`);
    });
    input.corrections.forEach((c, i) => {
      if (c.line !== undefined && !lineNumbers.has(c.line)) issue(['corrections', i, 'line'], `line ${c.line} is not among the service lines`);
    });
    if (input.appeal.level === 0 && input.appeal.kind !== 'reopening') issue(['appeal', 'level'], 'level 0 is only for a reopening');

    const seen = new Set<string>();
    input.attachments.forEach((a, i) => {
      if (seen.has(a.ref.id)) issue(['attachments', i, 'ref'], 'the same document is attached twice');
      seen.add(a.ref.id);
    });

    // Each letter needs the facts its argument rests on; without them it would be an empty form letter.
    const template = input.template ?? letterTemplateFor(input.category);
    const hasSummary = !!input.argument.summary;
    const f = input.facts;
    switch (template) {
      case 'medical-necessity':
        if (!hasSummary && !f.clinicalSummary) issue(['facts', 'clinicalSummary'], 'a medical-necessity appeal needs the clinical rationale (facts.clinicalSummary or argument.summary)');
        break;
      case 'coding':
        if (!hasSummary && input.corrections.length === 0) issue(['corrections'], 'a coding appeal needs the corrections or an argument.summary');
        break;
      case 'authorization':
        if (!hasSummary && !f.authorizationNumber && !f.emergency) issue(['facts', 'authorizationNumber'], 'an authorization appeal needs the authorization number, facts.emergency or an argument.summary');
        break;
      case 'timely-filing':
        if (!f.originalSubmissionDate) issue(['facts', 'originalSubmissionDate'], 'a timely-filing appeal needs the original submission date');
        if (f.originalSubmissionDate && daysBetween(input.claim.serviceDateFrom, f.originalSubmissionDate) < 0) issue(['facts', 'originalSubmissionDate'], 'the submission date is before the date of service');
        break;
      case 'duplicate':
        if (!hasSummary && !f.distinguishingFacts) issue(['facts', 'distinguishingFacts'], 'a duplicate-denial appeal needs the distinguishing facts or an argument.summary');
        break;
      case 'coordination-of-benefits':
        if (!hasSummary && !f.primaryPayerName && !f.otherCoverageEndDate) issue(['facts', 'primaryPayerName'], 'a COB appeal needs the primary payer, the other coverage end date or an argument.summary');
        break;
      case 'generic':
        if (!hasSummary) issue(['argument', 'summary'], 'the generic letter needs the argument (argument.summary)');
        break;
      case 'underpayment':
        if (!input.underpayment) issue(['underpayment'], 'an underpayment letter needs the underpaid lines (underpayment.lines)');
        input.underpayment?.lines.forEach((l, i) => {
          if (!lineNumbers.has(l.line)) issue(['underpayment', 'lines', i, 'line'], `line ${l.line} is not among the service lines`);
        });
        break;
    }
  }, { when: (payload) => payload.issues.length === 0 });
export type AppealPacketInput = z.input<typeof AppealPacketInput>;
export type ParsedAppealPacketInput = z.output<typeof AppealPacketInput>;

export const AppealPacketResult = z.strictObject({
  ref: DocumentRef,
  sha256: z.string(),
  pages: z.number().int().positive(),
});
export type AppealPacketResult = z.infer<typeof AppealPacketResult>;
