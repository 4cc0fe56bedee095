import type { ActionTag, CodeStatus, DenialCategory, OwnerTeam, RootCause, RoutingSignal } from './taxonomy';

/**
 * Remittance Advice Remark Codes as a versioned data table (reference section 3).
 *
 * A non-Alert RARC with a `category` refines a generic CARC (16, 96, A1, 252 …): it decides the
 * category, root cause, owner and action. Alerts never explain an adjustment, so they never refine;
 * any RARC may carry routing signals, which steer the route whatever the CARC says.
 */
export const RARC_RULES_VERSION = 'rarc-2026.12.1';

export interface RarcRule {
  id: string;
  code: string;
  meaning: string;
  /** The text starts with "Alert:": informational, never the reason for an adjustment. */
  alert: boolean;
  status: CodeStatus;
  /** Category this remark points to; absent for purely routing remarks. */
  category?: DenialCategory;
  rootCause?: RootCause;
  ownerTeam?: OwnerTeam;
  preventable?: boolean;
  /** Ordered actions when this remark decides the classification. */
  actions?: readonly ActionTag[];
  routing?: readonly RoutingSignal[];
  /** What to put in the packet because of this remark (e.g. cite the LCD). */
  evidenceHint?: string;
  /** Primary source of the row's reading, where it departs from the reference. */
  source?: string;
}

type RarcExtras = Omit<RarcRule, 'id' | 'code' | 'meaning' | 'alert' | 'status'> & { status?: CodeStatus };

function rarc(code: string, meaning: string, extras: RarcExtras = {}): RarcRule {
  const { status = 'current', ...rest } = extras;
  return { id: `RARC-${code}`, code, meaning, alert: meaning.startsWith('Alert:'), status, ...rest };
}

const FIX: readonly ActionTag[] = ['FIX'];
const DOCS: readonly ActionTag[] = ['DOCS'];
const APPEAL: readonly ActionTag[] = ['APPEAL'];
const BUNDLED: readonly ActionTag[] = ['FIX', 'WO'];
const IDENTIFIER = { category: 'credentialing', rootCause: 'provider_identifier_mismatch', ownerTeam: 'billing_edits', actions: FIX } as const;
const DOCUMENTATION = { category: 'missing_information', rootCause: 'missing_documentation', ownerTeam: 'cdi_providers', actions: DOCS } as const;

const TABLE_ROWS: readonly RarcRule[] = [
  rarc('M15', 'Separately billed services bundled as components of one procedure', { category: 'bundling', actions: BUNDLED }),
  rarc('M20', 'HCPCS missing, incomplete or invalid', { category: 'coding', actions: FIX }),
  rarc('M25', 'Documentation does not substantiate this level of service', {
    category: 'medical_necessity',
    rootCause: 'insufficient_procedure_detail',
    actions: ['APPEAL', 'FIX'],
    evidenceHint: 'Records supporting the billed level of service.',
  }),
  rarc('M51', 'Procedure code(s) missing, incomplete or invalid', { category: 'coding', actions: FIX }),
  rarc('M53', 'Days or units of service missing or invalid', { category: 'missing_information', actions: FIX }),
  rarc('M62', 'Treatment authorization code missing or invalid', { category: 'authorization', actions: ['FIX', 'APPEAL'] }),
  rarc('M76', 'Diagnosis or condition missing, incomplete or invalid', { category: 'coding', rootCause: 'incorrect_diagnosis_linkage', actions: FIX }),
  rarc('M77', 'Place of service missing, invalid or inappropriate', { category: 'place_of_service', actions: FIX }),
  rarc('M79', 'Charge missing or invalid', { category: 'missing_information', actions: FIX }),
  rarc('M80', 'Not covered when performed in the same session/date as a previously processed service', { category: 'bundling', actions: BUNDLED }),
  rarc('M81', 'Must code to the highest specificity', { category: 'coding', rootCause: 'incorrect_diagnosis_linkage', actions: FIX }),
  rarc('M84', 'Code sets must be those in effect on the date of service', { category: 'coding', actions: FIX }),
  // A frequency limit of the benefit (the MACs pair it with CARC 119 "benefit maximum for this time
  // period"), not a duplicate submission: verify the prior service, then appeal with the reason for the
  // repeat (changed condition, lost or damaged item). The reference files it under DUP; its own note
  // and the primary sources say otherwise.
  rarc('M86', 'Already paid for the same/similar procedure within the time frame', {
    category: 'non_covered',
    rootCause: 'frequency_limit_not_checked',
    ownerTeam: 'patient_access',
    preventable: true,
    actions: ['VERIFY', 'APPEAL'],
    source:
      'X12 RARC M86 "Service denied because payment already made for same/similar procedure within set time frame" (https://x12.org/codes/remittance-advice-remark-codes); ' +
      'Noridian JA DME, Reason Code 119 | Remark Code M86 (https://med.noridianmedicare.com/web/jadme/topics/ra/denial-resolution/m86-n119)',
  }),
  rarc('M119', 'NDC missing, invalid, deactivated or withdrawn', { category: 'coding', actions: FIX }),
  rarc('M127', 'Patient medical record for this service missing', {
    ...DOCUMENTATION,
    evidenceHint: 'The medical record for the date of service.',
  }),
  rarc('MA01', 'Alert: appeal rights (Medicare: write within 120 days of receipt)', { routing: ['appealable'] }),
  rarc('MA04', 'Secondary payment needs the primary payer’s identity/payment information', { category: 'coordination_of_benefits', actions: FIX }),
  rarc('MA07', 'Alert: claim information forwarded to Medicaid', { category: 'coordination_of_benefits', routing: ['crossover_done'] }),
  rarc('MA13', 'Alert: penalties possible if you bill the patient for amounts not reported as patient responsibility', {
    routing: ['non_pr_patient_billing_penalty'],
  }),
  rarc('MA18', 'Alert: claim forwarded to the patient’s supplemental insurer', { category: 'coordination_of_benefits', routing: ['crossover_done'] }),
  rarc('MA27', 'Entitlement (member) number or name missing or invalid', { category: 'eligibility', actions: ['VERIFY', 'FIX'] }),
  rarc('MA30', 'Type of bill missing or invalid', { category: 'coding', rootCause: 'wrong_place_of_service', actions: FIX }),
  rarc('MA63', 'Principal diagnosis missing or invalid', { category: 'coding', rootCause: 'incorrect_diagnosis_linkage', actions: FIX }),
  rarc('MA66', 'Principal procedure code missing or invalid', { category: 'coding', actions: FIX }),
  rarc('MA120', 'CLIA certification number missing or invalid', { category: 'credentialing', actions: FIX }),
  rarc('MA130', 'Claim unprocessable (incomplete/invalid data); no appeal rights; submit a new claim', {
    category: 'missing_information',
    rootCause: 'claim_data_error',
    actions: FIX,
    routing: ['new_claim', 'no_appeal'],
  }),
  rarc('N1', 'Alert: you may appeal within the time limits of the contract or plan documents', { routing: ['appealable'] }),
  rarc('N4', 'Prior insurance carrier EOB missing, incomplete or invalid', { category: 'coordination_of_benefits', actions: FIX }),
  rarc('N5', 'EOB received from the previous payer but the claim is not on file', { category: 'coordination_of_benefits', actions: FIX }),
  rarc('N8', 'Crossover denied by the previous payer; complete data not forwarded; resubmit to this payer', {
    category: 'coordination_of_benefits',
    actions: FIX,
  }),
  rarc('N10', 'Adjusted per review organization / peer review / medical advisor', { category: 'medical_necessity', actions: APPEAL }),
  rarc('N19', 'Procedure incidental to the primary procedure', { category: 'bundling', actions: ['WO', 'FIX'] }),
  rarc('N20', 'Not payable with another service on the same date', { category: 'bundling', actions: BUNDLED }),
  rarc('N30', 'Patient ineligible for this service', { category: 'eligibility', actions: ['VERIFY', 'FIX', 'PT'] }),
  rarc('N54', 'Claim inconsistent with the pre-certified/authorized services', { category: 'authorization', actions: ['FIX', 'APPEAL'] }),
  rarc('N56', 'Procedure code not correct/valid for the service or date of service', { category: 'coding', actions: FIX }),
  rarc('N95', 'This provider type/specialty may not bill this service', { category: 'credentialing', actions: ['FIX', 'WO'] }),
  rarc('N115', 'Decision based on a Local Coverage Determination (LCD)', {
    category: 'medical_necessity',
    actions: APPEAL,
    evidenceHint: 'Cite the LCD and show how the documentation meets its coverage criteria.',
  }),
  rarc('N122', 'Add-on code cannot be billed by itself', { category: 'coding', rootCause: 'encounter_linkage', actions: FIX }),
  rarc('N130', 'Consult plan benefit documents for restrictions on this service', { category: 'non_covered', actions: ['VERIFY', 'PT', 'WO'] }),
  rarc('N179', 'Additional information requested from the member', {
    category: 'missing_information',
    ownerTeam: 'patient_access',
    actions: DOCS,
  }),
  rarc('N180', 'Item/service does not meet the criteria for the billed category', { category: 'medical_necessity', actions: ['APPEAL', 'FIX'] }),
  rarc('N185', 'Alert: do not resubmit this claim/service', { routing: ['no_resubmit'] }),
  rarc('N211', 'Alert: you may not appeal this decision', { routing: ['no_appeal'] }),
  rarc('N265', 'Ordering provider primary identifier missing or invalid', IDENTIFIER),
  rarc('N286', 'Referring provider primary identifier missing or invalid', IDENTIFIER),
  rarc('N290', 'Rendering provider primary identifier missing or invalid', IDENTIFIER),
  rarc('N350', 'Missing description for an NOC/unlisted code', { category: 'missing_information', rootCause: 'claim_data_error', actions: FIX }),
  rarc('N362', 'Days/units exceed the acceptable maximum (often MUE)', { category: 'coding', actions: ['FIX', 'APPEAL'] }),
  rarc('N381', 'Alert: see the contract for restrictions, billing and payment terms', { category: 'contractual' }),
  rarc('N386', 'Decision based on a National Coverage Determination (NCD)', {
    category: 'medical_necessity',
    actions: APPEAL,
    evidenceHint: 'Cite the NCD and show how the documentation meets its coverage criteria.',
  }),
  rarc('N418', 'Misrouted claim; see the payer’s submission instructions', { category: 'coordination_of_benefits', actions: ['NEXT'] }),
  rarc('N425', 'Statutorily excluded service', { category: 'non_covered', actions: ['PT', 'WO'] }),
  rarc('N428', 'Not covered in this place of service', { category: 'place_of_service', actions: ['FIX', 'APPEAL'] }),
  rarc('N430', 'Procedure code inconsistent with units billed', { category: 'coding', actions: FIX }),
  rarc('N432', 'Alert: adjustment based on a Recovery Audit (RAC)', { category: 'other', routing: ['recovery_audit'] }),
  rarc('N435', 'Exceeds the allowed number/frequency without supporting documentation', {
    category: 'medical_necessity',
    actions: ['DOCS', 'APPEAL'],
  }),
  rarc('N479', 'Missing Explanation of Benefits (COB or Medicare Secondary Payer)', { category: 'coordination_of_benefits', actions: FIX }),
  rarc('N517', 'Resubmit a new claim with the requested information', {
    category: 'missing_information',
    rootCause: 'claim_data_error',
    actions: FIX,
    routing: ['new_claim'],
  }),
  rarc('N519', 'Invalid combination of HCPCS modifiers', { category: 'coding', rootCause: 'wrong_modifier', actions: FIX }),
  rarc('N522', 'Duplicate of a claim processed (or to be processed) as a crossover', {
    category: 'duplicate',
    actions: ['VERIFY'],
    routing: ['crossover_done'],
  }),
  rarc('N525', 'Not covered within another service’s global period', { category: 'bundling', actions: BUNDLED }),
  rarc('N569', 'Not covered for the reported diagnosis', { category: 'medical_necessity', actions: ['FIX', 'APPEAL'] }),
  rarc('N575', 'Ordering/referring provider name does not match payer records', IDENTIFIER),
  rarc('N640', 'Exceeds the number/frequency approved or allowed in the period', { category: 'non_covered', actions: ['APPEAL', 'WO'] }),
  rarc('N657', 'Should be billed with the appropriate code for these services', { category: 'coding', actions: FIX }),
  rarc('N661', 'Documentation does not support medical necessity', {
    category: 'medical_necessity',
    actions: APPEAL,
    evidenceHint: 'Letter of medical necessity and the records that support it.',
  }),
  rarc('N704', 'Alert: you may not appeal, but may resubmit a corrected claim', { routing: ['corrected_claim_only', 'no_appeal'] }),
  rarc('N706', 'Missing documentation', DOCUMENTATION),
  rarc('N779', 'Replacement/void not allowed until the original claim is finalized', { routing: ['await_original_final'] }),
  rarc('N822', 'Missing procedure modifier(s)', { category: 'coding', rootCause: 'wrong_modifier', actions: FIX }),
  rarc('N823', 'Incomplete/invalid procedure modifier(s)', { category: 'coding', rootCause: 'wrong_modifier', actions: FIX }),
  rarc('N886', 'Alert: a 277 Request for Additional Information (RFAI) was sent', {
    category: 'missing_information',
    routing: ['rfai_sent'],
  }),
  rarc('N921', 'Time limit for reconsideration/appeal has expired', { category: 'timely_filing', actions: ['WO', 'APPEAL'] }),
  rarc('N938', 'Alert: do not resubmit; the claim will be reprocessed automatically', { routing: ['auto_reprocess', 'no_resubmit'] }),
  rarc('N939', 'Alert: peer-to-peer review available', { category: 'medical_necessity', routing: ['peer_to_peer_available'] }),
];

// Named in the reference outside its table: deactivated codes still met in history, their newer
// replacements, N142 (section 5.2) and the No Surprises Act flags N859–N879 (section 5.5).
const OTHER_ROWS: readonly RarcRule[] = [
  rarc('N102', 'Records not received; denied without review', { ...DOCUMENTATION, status: 'deactivated' }),
  rarc('N29', 'Missing documentation/orders/notes/summary/report/chart', { ...DOCUMENTATION, status: 'deactivated' }),
  rarc('N66', 'Missing/incomplete/invalid documentation', { ...DOCUMENTATION, status: 'deactivated' }),
  rarc('M78', 'Missing/incomplete/invalid HCPCS modifier', { category: 'coding', rootCause: 'wrong_modifier', actions: FIX, status: 'deactivated' }),
  rarc('N38', 'Missing/incomplete/invalid place of service', { category: 'place_of_service', actions: FIX, status: 'deactivated' }),
  rarc('N14', 'Payment based on a contractual amount or agreement', { category: 'contractual', actions: ['POST'], status: 'deactivated' }),
  rarc('N705', 'Incomplete/invalid documentation', DOCUMENTATION),
  rarc('N142', 'The original claim was denied; resubmit a new claim, not a replacement claim', { routing: ['new_claim'] }),
  ...Array.from({ length: 21 }, (_, i) =>
    rarc(`N${859 + i}`, 'No Surprises Act processing flag (the reference gives the range, not each meaning)', {
      routing: ['no_surprises_act'],
    }),
  ),
];

export const RARC_RULES: readonly RarcRule[] = [...TABLE_ROWS, ...OTHER_ROWS];

const BY_CODE: ReadonlyMap<string, RarcRule> = new Map(RARC_RULES.map((rule) => [rule.code, rule]));

export function normalizeRarc(code: string): string {
  return code.trim().toUpperCase();
}

export function findRarcRule(code: string): RarcRule | undefined {
  return BY_CODE.get(normalizeRarc(code));
}
