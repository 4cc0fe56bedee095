// Claim status (X12 276/277, 005010X212): the inquiry we send for one claim and the answers we read back.
import { z } from 'zod';
import { isCalendarDate } from '../remittance/dates';
import { Finding, Money, SegmentPosition } from '../remittance/model';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => isCalendarDate(d.replaceAll('-', '')), 'not a calendar date');
/** Text that can sit in an X12 element: no delimiters of ours (* ~ : ^) and no control characters. */
const X12Text = (max: number) => z.string().min(1).max(max).regex(/^[^*~:^\x00-\x1f]+$/, 'holds an X12 delimiter or control character');
const Npi = z.string().regex(/^\d{10}$/);

export const StatusInquiryRequest = z.object({
  /** ISA06/GS02 and ISA08/GS03: our submitter id and the clearinghouse's or payer's. */
  senderId: X12Text(15),
  receiverId: X12Text(15),
  usage: z.enum(['P', 'T']).default('P'),
  /** 2100A information source: the payer (NM1*PR, PI). */
  payer: z.object({ name: X12Text(60), id: X12Text(80) }),
  /** 2100B information receiver (NM1*41, 46): who asks. */
  receiver: z.object({ name: X12Text(60), id: X12Text(80) }),
  /** 2100C service provider (NM1*1P, XX). */
  provider: z.object({ name: X12Text(60), npi: Npi }),
  /** 2100D subscriber (NM1*IL, MI): the patient too, unless a dependent is named. */
  subscriber: z.object({ lastName: X12Text(60), firstName: X12Text(35).optional(), memberId: X12Text(80) }),
  /** 2100E dependent (HL*23, NM1*QC): the patient when not the subscriber; the claim loop moves under it (2200E). */
  dependent: z.object({ lastName: X12Text(60), firstName: X12Text(35).optional() }).optional(),
  /** TRN02: a PHI-free id of the denial; the 277 echoes it in TRN*2. */
  traceNumber: X12Text(50),
  /** REF*1K, when the payer already assigned one. */
  payerClaimControlNumber: X12Text(50).optional(),
  /** REF*EJ: CLM01 of the claim. */
  patientControlNumber: X12Text(50).optional(),
  /** REF*BLT for institutional claims: facility type code and frequency, e.g. '111'. */
  billType: z.string().regex(/^\d{3}$/).optional(),
  /** AMT*T1: total claim charge in cents. */
  chargeCents: z.number().int().nonnegative(),
  /** DTP*472: service dates, ISO. */
  serviceDates: z.object({ from: IsoDate, to: IsoDate }).refine((d) => d.from <= d.to, 'service dates end before they start'),
});
export type StatusInquiryRequest = z.input<typeof StatusInquiryRequest>;

export const ControlNumbers = z.object({
  interchange: z.number().int().min(1).max(999_999_999),
  group: z.number().int().min(1).max(999_999_999),
  transaction: z.number().int().min(1).max(999_999_999),
});
export type ControlNumbers = z.infer<typeof ControlNumbers>;

import { StatusClassification } from './classification';
export { StatusClassification };

/** One STC composite (STC01, STC10 or STC11): category:status:entity, with meanings. */
export const StatusCode = z.object({
  categoryCode: z.string(),
  categoryMeaning: z.string(),
  statusCode: z.string().optional(),
  statusMeaning: z.string().optional(),
  entityCode: z.string().optional(),
});
export type StatusCode = z.infer<typeof StatusCode>;

/** 2200D/2200E: claim level; 2200B/2200C: the information receiver and provider batches of a 277CA. */
export const StatusLoop = z.enum(['2200B', '2200C', '2200D', '2200E']);
export type StatusLoop = z.infer<typeof StatusLoop>;

/** One STC of a 277 (claim loop 2200D or 2200E, or a 277CA batch loop) with the loop's identifiers. */
export const ClaimStatusAnswer = StatusCode.extend({
  loop: StatusLoop,
  /** TRN*2: the trace number of our 276. */
  traceNumber: z.string().optional(),
  /** NM109 of the information source (2100A NM1*PR): the payer id the answer's claim is matched under. */
  payerId: z.string().optional(),
  payerClaimControlNumber: z.string().optional(),
  patientControlNumber: z.string().optional(),
  /** REF*D9 (277CA): the clearinghouse's trace number for the claim. */
  clearinghouseTraceNumber: z.string().optional(),
  classification: StatusClassification,
  /** A sentence for a person: what the category and status codes mean together. */
  explanation: z.string(),
  /** STC02, CCYYMMDD as sent. */
  effectiveDate: z.string().optional(),
  /** STC03, sent in a 277CA: WQ accepted, U rejected. */
  actionCode: z.string().optional(),
  totalCharge: Money.optional(),
  payment: Money.optional(),
  /** STC06 adjudication or payment date, STC08 check issue date, STC09 check or EFT number. */
  adjudicationDate: z.string().optional(),
  checkIssueDate: z.string().optional(),
  checkNumber: z.string().optional(),
  /** STC10 and STC11. */
  additional: z.array(StatusCode),
  /** DTP*472 of the claim loop, CCYYMMDD as sent. */
  serviceDates: z.object({ from: z.string(), to: z.string() }).optional(),
  position: SegmentPosition,
});
export type ClaimStatusAnswer = z.infer<typeof ClaimStatusAnswer>;

export const ClaimStatusRead = z.object({ answers: z.array(ClaimStatusAnswer), findings: z.array(Finding) });
export type ClaimStatusRead = z.infer<typeof ClaimStatusRead>;
