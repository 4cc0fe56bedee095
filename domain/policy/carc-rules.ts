import type { ActionTag, CodeStatus, DenialCategory, GroupCode, OwnerTeam, RootCause } from './taxonomy';

/**
 * Claim Adjustment Reason Codes as a versioned data table. Meanings are the reference's paraphrases
 * (not X12 wording); categories and actions follow the reference (section 2.2), with `bundling` split
 * out of CODING. `actions` is ordered: the first is the default action for the code's usual group.
 *
 * Bump CARC_RULES_VERSION on any change to a row: classifications record the version that produced them.
 */
export const CARC_RULES_VERSION = 'carc-2026.12.1';

/** What changes when the same CARC comes with a different group (CO-50 vs PR-50). */
export interface CarcGroupVariant {
  category?: DenialCategory;
  actions?: readonly ActionTag[];
  rootCause?: RootCause;
  ownerTeam?: OwnerTeam;
  preventable?: boolean;
  note?: string;
}

export interface CarcRule {
  /** Rule id recorded on every classification this row decides. */
  id: string;
  code: string;
  meaning: string;
  category: DenialCategory;
  /** Usual groups, most common first; the default action assumes the first. */
  usualGroups: readonly GroupCode[];
  actions: readonly ActionTag[];
  status: CodeStatus;
  rootCause?: RootCause;
  ownerTeam?: OwnerTeam;
  preventable?: boolean;
  /** Its X12 text requires at least one non-Alert RARC. */
  rarcRequired?: boolean;
  /** Generic code: a non-Alert RARC decides the category (CO-16 + N290 is a provider-identifier problem). */
  rarcDriven?: boolean;
  /** Base confidence of the row (0..1); 0.9 when absent. */
  confidence?: number;
  byGroup?: Partial<Record<GroupCode, CarcGroupVariant>>;
  /**
   * What changes when a given RARC comes with this CARC (CO-167 + N569 is a diagnosis-linkage defect,
   * not a benefit exclusion). Applies only to the listed groups; its rule id is `CARC-x+RARC`.
   */
  byRemark?: Readonly<Record<string, CarcRemarkVariant>>;
  note?: string;
  /** Primary source of the row's reading, where it departs from the plain code text. */
  source?: string;
}

export interface CarcRemarkVariant extends CarcGroupVariant {
  groups: readonly GroupCode[];
}

type RowExtras = Omit<CarcRule, 'id' | 'code' | 'meaning' | 'category' | 'usualGroups' | 'actions' | 'status'> & {
  status?: CodeStatus;
};

function carc(
  code: string,
  meaning: string,
  category: DenialCategory,
  usualGroups: readonly GroupCode[],
  actions: readonly ActionTag[],
  extras: RowExtras = {},
): CarcRule {
  const { status = 'current', ...rest } = extras;
  return { id: `CARC-${code}`, code, meaning, category, usualGroups, actions, status, ...rest };
}

// Patient-liable variant shared by denial codes that a PR group turns into a patient bill
// (valid ABN/waiver, non-covered benefit the patient accepted).
const PATIENT_ACCEPTED_LIABILITY: CarcGroupVariant = {
  category: 'patient_responsibility',
  actions: ['PT'],
  rootCause: 'patient_cost_share',
  ownerTeam: 'ar_follow_up',
  preventable: false,
  note: 'Group PR: the payer assigned liability to the patient (e.g. signed ABN/waiver); bill the patient.',
};

const DOCUMENTATION = { rootCause: 'missing_documentation', ownerTeam: 'cdi_providers' } as const;
const RECORDS_REQUEST = { rootCause: 'missing_documentation', ownerTeam: 'ar_follow_up' } as const;
const IDENTIFIER = { rootCause: 'provider_identifier_mismatch', ownerTeam: 'billing_edits' } as const;
const MODIFIER = { rootCause: 'wrong_modifier' } as const;
const DX = { rootCause: 'incorrect_diagnosis_linkage' } as const;
// Downcoding: the documentation does not carry the level or detail billed (leak point 13).
const DOWNCODED = { rootCause: 'insufficient_procedure_detail' } as const;
const NOT_A_DEFECT = { preventable: false } as const;

const CURRENT_ROWS: readonly CarcRule[] = [
  carc('1', 'Deductible', 'patient_responsibility', ['PR'], ['PT', 'NEXT']),
  carc('2', 'Coinsurance', 'patient_responsibility', ['PR'], ['PT', 'NEXT']),
  carc('3', 'Co-payment', 'patient_responsibility', ['PR'], ['PT', 'NEXT']),
  carc('4', 'Procedure code inconsistent with the modifier, or required modifier missing', 'coding', ['CO'], ['FIX'], MODIFIER),
  carc('5', 'Procedure code / type of bill inconsistent with place of service', 'place_of_service', ['CO'], ['FIX']),
  carc('6', 'Procedure/revenue code inconsistent with patient age', 'coding', ['CO'], ['VERIFY', 'FIX']),
  carc('7', 'Procedure/revenue code inconsistent with patient gender', 'coding', ['CO'], ['VERIFY', 'FIX']),
  carc('8', 'Procedure inconsistent with provider type/specialty (taxonomy)', 'credentialing', ['CO'], ['FIX', 'APPEAL'], IDENTIFIER),
  carc('9', 'Diagnosis inconsistent with patient age', 'coding', ['CO'], ['FIX'], DX),
  carc('10', 'Diagnosis inconsistent with patient gender', 'coding', ['CO'], ['FIX'], DX),
  carc('11', 'Diagnosis inconsistent with procedure (diagnosis linkage)', 'coding', ['CO'], ['FIX', 'APPEAL'], DX),
  carc('12', 'Diagnosis inconsistent with provider type', 'coding', ['CO'], ['FIX'], DX),
  carc('13', 'Date of death precedes date of service', 'eligibility', ['CO'], ['VERIFY', 'FIX', 'WO']),
  carc('14', 'Date of birth follows date of service', 'eligibility', ['CO'], ['FIX']),
  carc('15', 'Authorization number missing/invalid/not applicable (split into 197/284/296)', 'authorization', ['CO'], ['FIX', 'APPEAL'], { status: 'deactivated' }),
  carc('16', 'Claim/service lacks information or has billing error; the RARC tells what', 'missing_information', ['CO'], ['FIX'], {
    rarcRequired: true,
    rarcDriven: true,
  }),
  carc('17', 'Requested information not provided (stop 07/01/2009)', 'missing_information', ['CO'], ['DOCS'], {
    status: 'deactivated',
    rarcDriven: true,
    ...RECORDS_REQUEST,
  }),
  carc('18', 'Exact duplicate claim/service', 'duplicate', ['OA'], ['VERIFY', 'FIX']),
  carc('19', 'Work-related; workers’ compensation carrier liable', 'coordination_of_benefits', ['OA', 'CO'], ['NEXT']),
  carc('20', 'Covered by liability carrier', 'coordination_of_benefits', ['OA'], ['NEXT']),
  carc('21', 'No-fault carrier liable', 'coordination_of_benefits', ['OA'], ['NEXT']),
  carc('22', 'May be covered by another payer per coordination of benefits', 'coordination_of_benefits', ['OA', 'CO'], ['VERIFY', 'NEXT', 'FIX']),
  carc('23', 'Impact of prior payer(s) adjudication', 'coordination_of_benefits', ['OA'], ['POST'], NOT_A_DEFECT),
  carc('24', 'Covered under capitation / managed-care arrangement', 'contractual', ['CO'], ['POST']),
  carc('26', 'Expenses incurred before coverage began', 'eligibility', ['PR', 'CO'], ['VERIFY', 'PT']),
  carc('27', 'Expenses incurred after coverage ended', 'eligibility', ['PR', 'CO'], ['VERIFY', 'NEXT', 'PT']),
  carc('29', 'Time limit for filing expired', 'timely_filing', ['CO'], ['APPEAL', 'WO']),
  carc('31', 'Patient cannot be identified as insured', 'eligibility', ['CO'], ['VERIFY', 'FIX']),
  carc('32', 'Not an eligible dependent', 'eligibility', ['CO', 'PR'], ['VERIFY', 'FIX', 'PT']),
  carc('33', 'Insured has no dependent coverage', 'eligibility', ['PR'], ['VERIFY', 'NEXT', 'PT']),
  carc('34', 'No newborn coverage', 'eligibility', ['PR'], ['VERIFY', 'FIX']),
  carc('35', 'Lifetime benefit maximum reached', 'non_covered', ['PR'], ['PT', 'NEXT']),
  carc('39', 'Services denied when authorization was requested', 'authorization', ['CO'], ['APPEAL'], { preventable: false }),
  carc('40', 'Does not meet emergent/urgent-care criteria', 'medical_necessity', ['CO', 'PR'], ['APPEAL'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }),
  carc('44', 'Prompt-pay discount', 'contractual', ['CO'], ['POST']),
  carc('45', 'Charge exceeds fee schedule / maximum allowable / contracted rate', 'contractual', ['CO', 'PR'], ['POST'], {
    byGroup: {
      PR: {
        category: 'patient_responsibility',
        actions: ['PT'],
        rootCause: 'patient_cost_share',
        ownerTeam: 'ar_follow_up',
        note: 'PR-45: out-of-network balance assigned to the patient.',
      },
    },
  }),
  carc('49', 'Routine/preventive exam (or screening done with one) not covered', 'non_covered', ['PR', 'CO'], ['FIX', 'PT']),
  carc('50', 'Not medically necessary per payer', 'medical_necessity', ['CO', 'PR'], ['APPEAL', 'PT'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }),
  carc('51', 'Pre-existing condition not covered', 'non_covered', ['PR', 'CO'], ['APPEAL', 'PT']),
  carc('53', 'Service by immediate relative or household member', 'non_covered', ['CO', 'PR'], ['WO', 'PT']),
  carc('54', 'Multiple physicians/assistants not covered here', 'coding', ['CO'], ['FIX', 'APPEAL'], MODIFIER),
  carc('55', 'Experimental/investigational', 'medical_necessity', ['CO', 'PR'], ['APPEAL'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }),
  carc('56', 'Not proven effective', 'medical_necessity', ['CO', 'PR'], ['APPEAL'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }),
  carc('58', 'Rendered in an inappropriate or invalid place of service', 'place_of_service', ['CO'], ['FIX', 'APPEAL']),
  carc('59', 'Reduced under multiple/concurrent procedure rules', 'contractual', ['CO'], ['POST'], {
    note: 'Verify procedure ranking and modifier 51.',
  }),
  carc('60', 'Outpatient services too close to an inpatient stay (payment window)', 'other', ['CO'], ['WO'], {
    rootCause: 'encounter_linkage',
    ownerTeam: 'billing_edits',
    preventable: true,
    note: 'Bill the services on the inpatient claim where possible.',
  }),
  carc('61', 'No second surgical opinion', 'authorization', ['CO', 'PR'], ['APPEAL', 'WO']),
  carc('66', 'Blood deductible', 'patient_responsibility', ['PR'], ['PT']),
  carc('89', 'Professional fees removed from charges', 'other', ['CO'], ['POST'], {
    rootCause: 'contractual_adjustment',
    note: 'Bill the professional component separately.',
  }),
  carc('90', 'Ingredient cost adjustment (pharmacy)', 'pricing', ['CO'], ['POST']),
  carc('94', 'Processed in excess of charges', 'pricing', ['CO'], ['POST']),
  carc('95', 'Plan procedures not followed', 'authorization', ['CO'], ['VERIFY', 'APPEAL']),
  carc('96', 'Non-covered charge(s); the RARC says why', 'non_covered', ['CO', 'PR'], ['VERIFY', 'PT', 'APPEAL', 'WO'], {
    rarcRequired: true,
    rarcDriven: true,
  }),
  carc('97', 'Included in the payment for another service already adjudicated (bundled)', 'bundling', ['CO'], ['FIX', 'WO'], {
    note: 'Corrected claim only if the service was distinct (modifier 25/59/X{EPSU}); otherwise write off.',
  }),
  carc('100', 'Payment made to patient/insured', 'other', ['OA'], ['PT'], {
    rootCause: 'payer_processing',
    note: 'The payer paid the patient: collect that payment from the patient (not a cost-share bill).',
  }),
  carc('101', 'Predetermination: anticipated payment', 'other', ['OA'], ['POST'], { rootCause: 'payer_processing' }),
  carc('104', 'Managed-care withholding', 'contractual', ['CO'], ['POST']),
  carc('107', 'Related or qualifying claim/service not identified on this claim', 'coding', ['CO'], ['FIX'], { rootCause: 'encounter_linkage' }),
  carc('108', 'Rent/purchase guidelines not met (DME)', 'non_covered', ['CO'], ['FIX', 'APPEAL']),
  carc('109', 'Not covered by this payer/contractor; send to the correct one', 'coordination_of_benefits', ['CO'], ['NEXT']),
  // A claim dated before its service ended is a claim-data error (statement or billing dates), caught by a
  // claim edit; it says nothing about charge lag, which is a late claim, not an early one.
  carc('110', 'Billing date precedes service date', 'missing_information', ['CO'], ['FIX'], {
    source: 'X12 CARC 110 "Billing date predates service date" (https://x12.org/codes/claim-adjustment-reason-codes)',
  }),
  carc('111', 'Not covered unless the provider accepts assignment', 'credentialing', ['CO'], ['FIX']),
  carc('112', 'Service not furnished directly to the patient and/or not documented', 'missing_information', ['CO'], ['APPEAL'], DOCUMENTATION),
  carc('114', 'Not FDA-approved', 'non_covered', ['CO'], ['WO', 'APPEAL']),
  carc('115', 'Procedure postponed, canceled or delayed', 'coding', ['CO'], ['FIX'], MODIFIER),
  carc('116', 'Advance notice (ABN) did not meet requirements', 'other', ['CO'], ['WO'], {
    rootCause: 'missing_documentation',
    ownerTeam: 'patient_access',
    preventable: true,
  }),
  carc('117', 'Transport only to the nearest appropriate facility', 'non_covered', ['CO'], ['APPEAL', 'WO']),
  carc('119', 'Benefit maximum for the period/occurrence reached', 'non_covered', ['PR', 'CO'], ['PT', 'APPEAL']),
  carc('122', 'Psychiatric reduction', 'pricing', ['CO'], ['POST']),
  carc('125', 'Submission/billing error; now CARC 16 (stop 11/01/2013)', 'missing_information', ['CO'], ['FIX'], {
    status: 'deactivated',
    rarcDriven: true,
  }),
  carc('128', 'Newborn services covered in the mother’s allowance', 'non_covered', ['CO'], ['WO']),
  carc('129', 'Prior processing information appears incorrect', 'coordination_of_benefits', ['CO', 'OA'], ['FIX'], { rarcRequired: true }),
  carc('130', 'Claim submission fee', 'contractual', ['CO'], ['POST']),
  carc('131', 'Claim-specific negotiated discount', 'contractual', ['CO'], ['POST']),
  carc('133', 'Line pending further review; will be reversed or corrected later', 'other', ['OA'], ['WAIT']),
  carc('135', 'Interim bills cannot be processed', 'missing_information', ['CO'], ['FIX']),
  carc('136', 'Prior payer’s coverage rules not followed', 'coordination_of_benefits', ['OA'], ['FIX', 'APPEAL']),
  carc('137', 'Regulatory surcharges, assessments or health taxes', 'contractual', ['CO'], ['POST']),
  carc('140', 'Member ID and name do not match', 'eligibility', ['CO'], ['VERIFY', 'FIX']),
  carc('142', 'Monthly Medicaid patient liability', 'patient_responsibility', ['PR'], ['PT']),
  carc('143', 'Portion of payment deferred', 'other', ['OA'], ['WAIT']),
  carc('144', 'Incentive adjustment', 'contractual', ['CO'], ['POST']),
  carc('146', 'Diagnosis invalid for the date of service', 'coding', ['CO'], ['FIX'], DX),
  carc('147', 'Provider’s contracted rate expired or not on file', 'pricing', ['CO'], ['VERIFY', 'APPEAL']),
  carc('148', 'Information from another provider missing or insufficient', 'missing_information', ['CO'], ['DOCS'], {
    rarcRequired: true,
    ...DOCUMENTATION,
  }),
  carc('149', 'Lifetime maximum reached for this service/benefit category', 'non_covered', ['PR'], ['PT']),
  carc('150', 'Documentation does not support this level of service', 'medical_necessity', ['CO'], ['APPEAL', 'FIX'], DOWNCODED),
  carc('151', 'Documentation does not support this many services / this frequency', 'medical_necessity', ['CO'], ['APPEAL', 'FIX'], {
    byRemark: {
      // Units above the maximum on a timed code: the note did not carry the minutes that support the
      // units billed (leak point 2, required time fields), not a necessity argument.
      N362: { groups: ['CO'], rootCause: 'missing_service_time', ownerTeam: 'cdi_providers', preventable: true, actions: ['FIX', 'APPEAL'] },
    },
    source: 'X12 CARC 151 with RARC N362 "The number of Days or Units of Service exceeds our acceptable maximum" (https://x12.org/codes/remittance-advice-remark-codes)',
  }),
  carc('152', 'Documentation does not support this length of service', 'medical_necessity', ['CO'], ['APPEAL'], {
    rootCause: 'missing_service_time',
  }),
  carc('153', 'Documentation does not support this dosage', 'medical_necessity', ['CO'], ['APPEAL', 'FIX']),
  carc('154', 'Documentation does not support this day’s supply', 'medical_necessity', ['CO'], ['APPEAL']),
  carc('155', 'Patient refused the service', 'other', ['CO'], ['WO']),
  carc('160', 'Injury from an excluded activity', 'non_covered', ['PR'], ['PT']),
  carc('163', 'Attachment referenced on the claim was not received', 'missing_information', ['CO'], ['DOCS'], {
    rootCause: 'missing_documentation',
  }),
  carc('164', 'Attachment not received timely', 'missing_information', ['CO'], ['DOCS', 'APPEAL'], { rootCause: 'missing_documentation' }),
  carc('166', 'Submitted after the payer’s responsibility for the plan ended', 'eligibility', ['CO'], ['NEXT']),
  carc('167', 'Diagnosis(es) not covered', 'non_covered', ['CO', 'PR'], ['FIX', 'APPEAL', 'PT'], {
    byRemark: {
      // Not covered *for the reported diagnosis*: the procedure is covered for other diagnoses, so the
      // claim's diagnosis linkage (pointer, specificity, support in the note) is the defect, and coding
      // fixes it and owns its prevention (leak point 5). Group PR keeps the patient-liability reading.
      N569: {
        groups: ['CO'],
        category: 'coding',
        rootCause: 'incorrect_diagnosis_linkage',
        ownerTeam: 'coding',
        preventable: true,
        actions: ['FIX', 'APPEAL'],
        note: 'CO-167 with N569: the procedure is not covered for the diagnosis billed; check the diagnosis pointer and specificity against the LCD/NCD before appealing.',
      },
    },
    source: 'X12 CARC 167 "This (these) diagnosis(es) is (are) not covered" and RARC N569 "Not covered when performed for the reported diagnosis" (https://x12.org/codes/remittance-advice-remark-codes)',
  }),
  carc('169', 'Alternate benefit provided', 'non_covered', ['PR', 'CO'], ['POST', 'PT']),
  carc('170', 'Not payable when billed by this provider type', 'credentialing', ['CO'], ['FIX', 'WO']),
  carc('171', 'Not payable for this provider type in this facility type', 'credentialing', ['CO'], ['FIX']),
  carc('172', 'Payment adjusted for this provider specialty', 'pricing', ['CO'], ['POST', 'APPEAL']),
  carc('173', 'Service not prescribed by a physician', 'missing_information', ['CO'], ['DOCS'], DOCUMENTATION),
  carc('174', 'Service not prescribed before delivery', 'missing_information', ['CO'], ['DOCS'], DOCUMENTATION),
  carc('175', 'Prescription incomplete', 'missing_information', ['CO'], ['DOCS'], DOCUMENTATION),
  carc('176', 'Prescription not current', 'missing_information', ['CO'], ['DOCS'], DOCUMENTATION),
  carc('177', 'Patient has not met eligibility requirements', 'eligibility', ['CO', 'PR'], ['VERIFY', 'FIX', 'PT']),
  carc('178', 'Spend-down not met (Medicaid)', 'eligibility', ['PR'], ['PT']),
  carc('179', 'Waiting period not met', 'eligibility', ['PR'], ['PT']),
  carc('180', 'Residency requirement not met', 'eligibility', ['CO', 'PR'], ['VERIFY', 'FIX', 'PT']),
  carc('181', 'Procedure code invalid on the date of service', 'coding', ['CO'], ['FIX']),
  carc('182', 'Modifier invalid on the date of service', 'coding', ['CO'], ['FIX'], MODIFIER),
  carc('183', 'Referring provider not eligible to refer', 'credentialing', ['CO'], ['FIX']),
  carc('184', 'Ordering/prescribing provider not eligible', 'credentialing', ['CO'], ['FIX']),
  carc('185', 'Rendering provider not eligible to perform the service', 'credentialing', ['CO'], ['FIX', 'APPEAL']),
  carc('186', 'Level-of-care change', 'medical_necessity', ['CO'], ['APPEAL']),
  carc('187', 'Consumer spending account (HSA/FSA/HRA) payment', 'patient_responsibility', ['PR'], ['POST']),
  carc('189', 'Unlisted/NOC code billed when a specific code exists', 'coding', ['CO'], ['FIX']),
  carc('190', 'Included in the SNF qualified-stay allowance (consolidated billing)', 'other', ['CO'], ['NEXT', 'WO'], {
    rootCause: 'encounter_linkage',
    note: 'Bill the SNF under consolidated billing, else write off.',
  }),
  carc('193', 'Original payment decision maintained on review', 'other', ['CO'], ['APPEAL', 'WO'], {
    rootCause: 'weak_appeal_packet',
    note: 'The appeal was upheld: escalate to the next level or write off.',
  }),
  carc('194', 'Anesthesia performed by the operating/assistant/attending physician', 'coding', ['CO'], ['WO']),
  carc('197', 'Precertification/authorization/notification absent', 'authorization', ['CO'], ['FIX', 'APPEAL'], {
    note: 'Corrected claim if an authorization exists (add the number); otherwise retro-authorization or appeal.',
  }),
  carc('198', 'Precertification/authorization exceeded', 'authorization', ['CO'], ['APPEAL']),
  carc('199', 'Revenue code and procedure code do not match', 'coding', ['CO'], ['FIX']),
  carc('200', 'Expenses incurred during a lapse in coverage', 'eligibility', ['PR', 'CO'], ['VERIFY', 'PT']),
  carc('201', 'Patient liable through a set-aside arrangement', 'patient_responsibility', ['PR'], ['PT'], { rarcRequired: true }),
  carc('202', 'Personal comfort/convenience service', 'non_covered', ['PR'], ['PT']),
  carc('203', 'Discontinued or reduced service', 'coding', ['CO'], ['POST', 'FIX'], MODIFIER),
  carc('204', 'Not covered under the patient’s current benefit plan', 'non_covered', ['PR', 'CO'], ['PT', 'APPEAL', 'WO']),
  carc('206', 'NPI missing', 'credentialing', ['CO'], ['FIX'], IDENTIFIER),
  carc('207', 'NPI invalid format', 'credentialing', ['CO'], ['FIX'], IDENTIFIER),
  carc('208', 'NPI not matched', 'credentialing', ['CO'], ['FIX'], { rootCause: 'provider_identifier_mismatch' }),
  carc('209', 'Cannot collect from the patient per regulation/agreement; may bill the next payer', 'coordination_of_benefits', ['OA'], ['NEXT']),
  carc('210', 'Authorization not received timely', 'authorization', ['CO'], ['APPEAL']),
  carc('213', 'Physician self-referral (Stark) non-compliance', 'other', ['CO'], ['WO'], { note: 'Compliance review.' }),
  carc('216', 'Based on review-organization / payer findings', 'medical_necessity', ['CO'], ['APPEAL']),
  carc('222', 'Exceeds contracted maximum hours/days/units for the provider in the period', 'pricing', ['CO'], ['WO', 'APPEAL']),
  carc('223', 'Adjustment mandated by law/regulation (no other code)', 'contractual', ['CO'], ['POST']),
  carc('224', 'Patient identity compromised (identity theft)', 'eligibility', ['CO'], ['VERIFY', 'FIX']),
  carc('226', 'Information requested from the billing/rendering provider not provided, late or insufficient', 'missing_information', ['CO'], ['DOCS'], {
    rarcRequired: true,
    rarcDriven: true,
    ...RECORDS_REQUEST,
  }),
  carc('227', 'Information requested from the patient not provided', 'missing_information', ['CO', 'PR'], ['DOCS', 'FIX'], {
    rarcRequired: true,
    ownerTeam: 'patient_access',
    note: 'Get the information from the patient (COB/accident questionnaire), then resubmit.',
  }),
  carc('228', 'Failure to supply information to a previous payer', 'coordination_of_benefits', ['CO'], ['FIX']),
  carc('231', 'Mutually exclusive procedures on the same day/setting', 'bundling', ['CO'], ['FIX', 'WO'], MODIFIER),
  carc('232', 'Institutional transfer amount (DRG)', 'pricing', ['CO'], ['POST']),
  carc('233', 'Hospital-acquired condition / preventable error', 'other', ['CO'], ['WO'], { ownerTeam: 'cdi_providers' }),
  carc('234', 'Procedure not paid separately', 'bundling', ['CO'], ['WO', 'FIX'], { rarcRequired: true }),
  carc('235', 'Sales tax', 'pricing', ['CO'], ['POST']),
  carc('236', 'Procedure/modifier combination incompatible per NCCI (or WC rules)', 'bundling', ['CO'], ['FIX'], MODIFIER),
  carc('237', 'Legislated/regulatory penalty', 'contractual', ['CO'], ['POST'], { rarcRequired: true }),
  carc('238', 'Spans eligible and ineligible periods: reduction for the ineligible part', 'eligibility', ['PR'], ['PT']),
  carc('239', 'Spans eligible and ineligible periods: rebill separately', 'eligibility', ['CO'], ['FIX']),
  carc('240', 'Diagnosis inconsistent with birth weight', 'coding', ['CO'], ['FIX'], DX),
  carc('242', 'Not provided by network/primary-care providers', 'authorization', ['CO', 'PR'], ['APPEAL', 'PT']),
  carc('243', 'Not authorized by the network/primary-care provider', 'authorization', ['CO'], ['APPEAL'], {
    note: 'Obtain the referral, then appeal.',
  }),
  carc('246', 'Non-payable reporting code', 'contractual', ['CO'], ['POST']),
  carc('249', 'Identified as a readmission', 'medical_necessity', ['CO'], ['APPEAL']),
  carc('250', 'Wrong attachment received; the expected one is still missing', 'missing_information', ['CO'], ['DOCS'], {
    rarcRequired: true,
    rarcDriven: true,
    rootCause: 'missing_documentation',
  }),
  carc('251', 'Attachment incomplete or deficient', 'missing_information', ['CO'], ['DOCS'], {
    rarcRequired: true,
    rarcDriven: true,
    rootCause: 'missing_documentation',
  }),
  carc('252', 'Attachment/other documentation required to adjudicate', 'missing_information', ['CO'], ['DOCS'], {
    rarcRequired: true,
    rarcDriven: true,
    rootCause: 'missing_documentation',
  }),
  carc('253', 'Sequestration: federal payment reduction', 'contractual', ['CO'], ['POST']),
  carc('254', 'Dental plan: submit to the medical plan', 'coordination_of_benefits', ['CO'], ['NEXT']),
  carc('256', 'Not payable per managed-care contract', 'contractual', ['CO'], ['VERIFY', 'WO', 'APPEAL']),
  carc('257', 'Undetermined during the exchange premium grace period', 'eligibility', ['OA'], ['WAIT'], NOT_A_DEFECT),
  carc('258', 'Patient in custody/incarcerated', 'eligibility', ['OA', 'CO'], ['NEXT']),
  carc('261', 'Procedure inconsistent with patient history', 'coding', ['CO'], ['APPEAL', 'FIX']),
  carc('267', 'Claim spans multiple months', 'missing_information', ['CO'], ['FIX'], { rarcRequired: true }),
  carc('268', 'Claim spans two calendar years', 'missing_information', ['CO'], ['FIX']),
  carc('270', 'Medical plan: submit to the dental plan', 'coordination_of_benefits', ['CO'], ['NEXT']),
  carc('272', 'Coverage/program guidelines not met', 'non_covered', ['CO'], ['APPEAL']),
  carc('273', 'Coverage/program guidelines exceeded', 'non_covered', ['CO', 'PR'], ['APPEAL', 'PT']),
  carc('275', 'Prior payer’s patient responsibility not covered', 'coordination_of_benefits', ['PR'], ['PT'], NOT_A_DEFECT),
  carc('276', 'Services denied by the prior payer are not covered by this payer', 'coordination_of_benefits', ['CO', 'PR'], ['APPEAL'], {
    note: 'Appeal with the primary payer first.',
  }),
  carc('279', 'Not provided by preferred (narrow) network providers', 'non_covered', ['PR', 'CO'], ['PT', 'WO']),
  carc('281', 'Deductible waived per contract', 'contractual', ['CO'], ['POST']),
  carc('282', 'Procedure/revenue code inconsistent with type of bill', 'coding', ['CO'], ['FIX']),
  carc('283', 'Attending provider not eligible to direct care', 'credentialing', ['CO'], ['FIX']),
  carc('284', 'Authorization number may be valid but does not apply to the billed services', 'authorization', ['CO'], ['FIX']),
  carc('285', 'Appeal procedures not followed', 'other', ['CO'], ['APPEAL'], {
    rootCause: 'appeal_process_error',
    preventable: true,
    note: 'Re-file correctly if still in the window.',
  }),
  carc('286', 'Appeal time limits not met', 'timely_filing', ['CO'], ['WO', 'APPEAL'], { note: 'Write off unless good cause.' }),
  carc('287', 'Referral exceeded', 'authorization', ['CO'], ['APPEAL']),
  carc('288', 'Referral absent', 'authorization', ['CO'], ['APPEAL']),
  carc('296', 'Authorization number may be valid but does not apply to this provider', 'authorization', ['CO'], ['FIX']),
  carc('299', 'Billing provider not eligible to receive payment for the service', 'credentialing', ['CO'], ['FIX']),
  carc('302', 'Precertification/authorization time limit expired', 'authorization', ['CO'], ['APPEAL']),
  carc('303', 'Prior payer’s patient responsibility not covered for a QMB patient', 'coordination_of_benefits', ['CO'], ['WO'], {
    ...NOT_A_DEFECT,
    note: 'Cannot bill a QMB patient.',
  }),
  carc('A1', 'Claim/service denied (generic; the RARC tells why)', 'other', ['CO'], ['VERIFY', 'APPEAL'], {
    rarcRequired: true,
    rarcDriven: true,
    confidence: 0.6,
  }),
  carc('A6', 'Prior hospitalization / 30-day transfer requirement not met', 'non_covered', ['CO'], ['APPEAL']),
  carc('A8', 'Ungroupable DRG', 'coding', ['CO'], ['FIX']),
  carc('B1', 'Non-covered visits', 'non_covered', ['PR', 'CO'], ['PT', 'WO']),
  carc('B4', 'Late filing penalty (claim still paid)', 'timely_filing', ['CO'], ['POST']),
  carc('B7', 'Provider not certified/eligible to be paid for this service on this date of service', 'credentialing', ['CO'], ['FIX', 'APPEAL']),
  carc('B8', 'Alternative services were available and should have been used', 'medical_necessity', ['CO'], ['APPEAL']),
  carc('B9', 'Patient enrolled in hospice', 'eligibility', ['CO'], ['NEXT', 'FIX'], {
    note: 'Bill the hospice, or show the service is unrelated (modifier) on a corrected claim.',
  }),
  carc('B10', 'Allowed amount reduced because a component of the basic procedure was paid', 'pricing', ['CO'], ['POST']),
  carc('B11', 'Claim transferred to the proper payer/processor', 'coordination_of_benefits', ['CO', 'OA'], ['WAIT'], {
    note: 'Track the claim at the new payer.',
  }),
  carc('B12', 'Services not documented in the medical record', 'missing_information', ['CO'], ['APPEAL', 'WO'], DOCUMENTATION),
  carc('B13', 'Previously paid (possibly in an earlier payment)', 'duplicate', ['OA', 'CO'], ['VERIFY']),
  carc('B14', 'Only one visit/consultation per physician per day', 'coding', ['CO'], ['FIX', 'WO'], MODIFIER),
  carc('B15', 'Requires a qualifying service not yet received/adjudicated', 'coding', ['CO'], ['WAIT'], {
    rootCause: 'encounter_linkage',
    note: 'Bill the qualifying service; this one is reprocessed after it.',
  }),
  carc('B16', '“New patient” criteria not met', 'coding', ['CO'], ['FIX']),
  carc('B20', 'Service partially/fully furnished by another provider', 'duplicate', ['CO'], ['VERIFY', 'APPEAL']),
  carc('B22', 'Payment adjusted based on diagnosis', 'pricing', ['CO'], ['POST', 'FIX']),
  carc('B23', 'Not authorized per CLIA proficiency test', 'credentialing', ['CO'], ['FIX', 'WO']),
  carc('P2', 'Not work-related; not the workers’ compensation carrier’s liability', 'coordination_of_benefits', ['CO', 'OA'], ['NEXT']),
  carc('P4', 'Workers’ compensation claim non-compensable', 'coordination_of_benefits', ['CO', 'OA'], ['NEXT', 'APPEAL']),
  carc('P12', 'Workers’ compensation jurisdictional fee-schedule adjustment', 'contractual', ['CO'], ['POST']),
  carc('P13', 'Reduced/denied per workers’ compensation jurisdictional rules (catch-all)', 'other', ['CO'], ['VERIFY', 'APPEAL'], {
    rarcDriven: true,
    confidence: 0.6,
    note: 'Read REF*IG and the RARC.',
  }),

  // Codes the reference names outside its table (sections 1.6 and 2.1).
  carc('69', 'Day outlier amount', 'contractual', ['CO'], ['POST']),
  carc('70', 'Cost outlier amount', 'contractual', ['CO'], ['POST']),
  carc('74', 'Indirect medical education adjustment', 'contractual', ['CO'], ['POST']),
  carc('75', 'Direct medical education adjustment', 'contractual', ['CO'], ['POST']),
  carc('76', 'Disproportionate share adjustment', 'contractual', ['CO'], ['POST']),
  carc('241', 'Low-income subsidy (LIS) co-payment amount', 'patient_responsibility', ['PR'], ['PT', 'NEXT']),
  carc('247', 'Deductible for a professional service billed on an institutional claim', 'patient_responsibility', ['PR'], ['PT', 'NEXT']),
  carc('248', 'Coinsurance for a professional service billed on an institutional claim', 'patient_responsibility', ['PR'], ['PT', 'NEXT']),
  carc('277', 'Undetermined during the SHOP exchange premium grace period', 'eligibility', ['OA'], ['WAIT'], NOT_A_DEFECT),
  carc('306', 'Type of bill inconsistent with patient status', 'coding', ['CO'], ['FIX'], { confidence: 0.75 }),
  carc('307', 'Medicare drug price negotiation refund', 'contractual', ['CO'], ['POST'], { rarcRequired: true, confidence: 0.75 }),
  carc('308', 'Contracted funding adjustment', 'contractual', ['CO'], ['POST'], { confidence: 0.75 }),
];

/**
 * Codes the reference lists as deactivated without giving their meaning. They keep a row (old remits,
 * reversals and secondary claims still carry them) but always go to a human.
 */
export const DEACTIVATED_WITHOUT_MEANING: readonly string[] = [
  '25', '28', '30', '36', '37', '38', '41', '42', '43', '46', '47', '48', '52', '57', '62', '63', '64', '65', '67', '68',
  '71', '72', '73', '77', '79', '80', '81', '82', '83', '84', '86', '87', '88', '92', '93', '98', '99', '113', '120',
  '123', '124', '126', '127', '138', '141', '145', '156', '162', '165', '168', '191', '196', '214', '217', '218', '220',
  '221', '230', '244', '255', 'B2', 'B3', 'B5', 'B6', 'B17', 'B18', 'B19', 'B21', 'A2', 'A3', 'A4', 'A7',
];

export const CARC_RULES: readonly CarcRule[] = [
  ...CURRENT_ROWS,
  ...DEACTIVATED_WITHOUT_MEANING.map((code) =>
    carc(code, 'Deactivated code; its meaning is not in the reference table', 'other', ['CO'], ['VERIFY'], {
      status: 'deactivated',
      rootCause: 'unknown',
      confidence: 0.3,
    }),
  ),
];

const BY_CODE: ReadonlyMap<string, CarcRule> = new Map(CARC_RULES.map((rule) => [rule.code, rule]));

/**
 * Letters, then digits. The two classes do not overlap, so there is one way to split a code and matching
 * takes linear time. (`0*(\d+)` could split a run of zeros in every way: quadratic backtracking, seconds on
 * a 60,000-character reason code.)
 */
const LETTERS_THEN_DIGITS = /^([A-Z]*)(\d+)$/;

/** CARC codes are compared without leading zeros and case ('016' = '16', 'a1' = 'A1'). */
export function normalizeCarc(code: string): string {
  const upper = code.trim().toUpperCase();
  const m = LETTERS_THEN_DIGITS.exec(upper);
  if (!m) return upper;
  const digits = m[2] as string;
  let zeros = 0;
  while (zeros < digits.length - 1 && digits.charCodeAt(zeros) === 48) zeros++;
  return `${m[1]}${digits.slice(zeros)}`;
}

export function findCarcRule(code: string): CarcRule | undefined {
  return BY_CODE.get(normalizeCarc(code));
}
