// X12 Health Care Claim Status Category Codes (STC01-1, code source 507) with short meanings, and how each
// one steers denial work. E codes say the inquiry itself could not be answered, not what became of the
// claim, so they classify as 'other'; R codes are the payer waiting on more information: 'pended'.
import { type StatusClassification } from './model';

export const CATEGORY_CODES: Readonly<Record<string, { meaning: string; classification: StatusClassification }>> = {
  A0: { meaning: 'Acknowledgement/Forwarded', classification: 'accepted' },
  A1: { meaning: 'Acknowledgement/Receipt', classification: 'accepted' },
  A2: { meaning: 'Acknowledgement/Acceptance into adjudication system', classification: 'accepted' },
  A3: { meaning: 'Acknowledgement/Returned as unprocessable claim', classification: 'rejected' },
  A4: { meaning: 'Acknowledgement/Not Found', classification: 'not-found' },
  A5: { meaning: 'Acknowledgement/Split Claim', classification: 'accepted' },
  A6: { meaning: 'Acknowledgement/Rejected for Missing Information', classification: 'rejected' },
  A7: { meaning: 'Acknowledgement/Rejected for Invalid Information', classification: 'rejected' },
  A8: { meaning: 'Acknowledgement/Rejected for relational field in error', classification: 'rejected' },
  P0: { meaning: 'Pending: Adjudication/Details are not available', classification: 'pended' },
  P1: { meaning: 'Pending/In Process', classification: 'pended' },
  P2: { meaning: 'Pending/Payer Review', classification: 'pended' },
  P3: { meaning: 'Pending/Provider Requested Information', classification: 'pended' },
  P4: { meaning: 'Pending/Patient Requested Information', classification: 'pended' },
  P5: { meaning: 'Pending/Payer Administrative/System hold', classification: 'pended' },
  F0: { meaning: 'Finalized', classification: 'other' },
  F1: { meaning: 'Finalized/Payment', classification: 'finalized-paid' },
  F2: { meaning: 'Finalized/Denial', classification: 'denied' },
  F3: { meaning: 'Finalized/Revised', classification: 'other' },
  F3F: { meaning: 'Finalized/Forwarded', classification: 'other' },
  F3N: { meaning: 'Finalized/Not Forwarded', classification: 'other' },
  F4: { meaning: 'Finalized/Adjudication Complete - No payment forthcoming', classification: 'other' },
  R0: { meaning: 'Requests for additional Information/General Requests', classification: 'pended' },
  R1: { meaning: 'Requests for additional Information/Entity Requests', classification: 'pended' },
  // R2 could not be checked against a current list; only its family's meaning is given.
  R2: { meaning: 'Requests for additional Information', classification: 'pended' },
  R3: { meaning: 'Requests for additional Information/Claim/Line', classification: 'pended' },
  R4: { meaning: 'Requests for additional Information/Documentation', classification: 'pended' },
  R5: { meaning: 'Request for additional information/more specific detail', classification: 'pended' },
  R6: { meaning: 'Requests for additional information - Regulatory requirements', classification: 'pended' },
  R7: { meaning: 'Requests for additional information - Confirm care is consistent with health plan policy coverage', classification: 'pended' },
  R8: { meaning: 'Requests for additional information - Confirm care is consistent with health plan coverage exceptions', classification: 'pended' },
  R9: { meaning: 'Requests for additional information - Determination of medical necessity', classification: 'pended' },
  R10: { meaning: 'Requests for additional information - Support a filed grievance or appeal', classification: 'pended' },
  R11: { meaning: 'Requests for additional information - Pre-payment review of claims', classification: 'pended' },
  R12: { meaning: 'Requests for additional information - Clarification or justification of use for specified procedure code', classification: 'pended' },
  R13: { meaning: 'Requests for additional information - Original documents submitted are not readable', classification: 'pended' },
  R14: { meaning: 'Requests for additional information - Original documents received are not what was requested', classification: 'pended' },
  R15: { meaning: "Requests for additional information - Workers' Compensation coverage verification", classification: 'pended' },
  R16: { meaning: 'Requests for additional information - Eligibility for coverage', classification: 'pended' },
  E0: { meaning: 'Response not possible - error on submitted request data', classification: 'other' },
  E1: { meaning: 'Response not possible - System Status', classification: 'other' },
  E2: { meaning: 'Information Holder is not responding; resubmit at a later time', classification: 'other' },
  E3: { meaning: 'Correction required - relational fields in error', classification: 'other' },
  E4: { meaning: 'Trading partner agreement specific requirement not met: Data correction required', classification: 'other' },
  D0: { meaning: 'Data Search Unsuccessful', classification: 'not-found' },
};

export function categoryOf(code: string): { meaning: string; classification: StatusClassification } | undefined {
  return Object.hasOwn(CATEGORY_CODES, code) ? CATEGORY_CODES[code] : undefined;
}
