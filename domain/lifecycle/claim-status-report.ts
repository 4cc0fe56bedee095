/**
 * A payer's or clearinghouse's word on a claim, as the intake delivers it to the denial: a 277 answering
 * the denial's 276 (or sent unsolicited), or a 277CA or 999 acknowledging a claim the denial sent. Codes
 * and their meanings only: nothing in it names the patient.
 */
import { z } from 'zod';
import { StatusClassification } from '../claim-status/classification';
import { IsoDateSchema } from '../policy/dates';

export const ClaimStatusReportSchema = z.strictObject({
  /** Identifies this answer for this denial, so a file delivered twice changes nothing the second time. */
  eventKey: z.string().min(1).max(200),
  source: z.enum(['277', '277CA', '999']),
  classification: StatusClassification,
  /** STC01-1, the claim status category code (for a 999, the IK5/AK5 acknowledgement code). */
  categoryCode: z.string().trim().min(1).max(3),
  /** STC01-2, the claim status code. */
  statusCode: z.string().trim().max(5).optional(),
  /** What the codes mean together, for a person (code meanings only). */
  explanation: z.string().trim().min(1).max(1000),
  /** STC02, the status's effective date. */
  effectiveDate: IsoDateSchema.optional(),
  /** The sent file (837 or 276) this answers, when the answer names it. */
  answersFile: z.string().max(200).optional(),
});
export type ClaimStatusReport = z.infer<typeof ClaimStatusReportSchema>;
