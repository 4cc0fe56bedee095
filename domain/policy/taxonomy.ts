import { z } from 'zod';

/**
 * The shared vocabulary of denial work: categories, liability groups, action tags, owning teams,
 * root causes and routing signals. One definition each, so the same defect always gets the same label.
 */

export const GroupCodeSchema = z.enum(['CO', 'PR', 'OA', 'PI', 'CR']);
/** CAS01 claim adjustment group. CR is 4010-only and invalid in a 5010 835; tolerated, never trusted. */
export type GroupCode = z.infer<typeof GroupCodeSchema>;

export const DenialCategorySchema = z.enum([
  'medical_necessity',
  'coding',
  'bundling',
  'eligibility',
  'authorization',
  'place_of_service',
  'duplicate',
  'timely_filing',
  'coordination_of_benefits',
  'missing_information',
  'credentialing',
  'non_covered',
  'contractual',
  'pricing',
  'patient_responsibility',
  'other',
]);
export type DenialCategory = z.infer<typeof DenialCategorySchema>;

/**
 * The category keys of the denials reference (section 2.2). Our taxonomy splits the reference's
 * CODING into `coding` (modifier, invalid code, diagnosis linkage) and `bundling`, because the two
 * have different fixes and different prevention owners.
 */
export type ReferenceCategoryKey =
  | 'ELIG'
  | 'AUTH'
  | 'MEDNEC'
  | 'CODING'
  | 'DUP'
  | 'TF'
  | 'INFO'
  | 'PROV'
  | 'COB'
  | 'NONCOV'
  | 'CONTRACT'
  | 'PR'
  | 'PRICING'
  | 'POS'
  | 'OTHER';

export const REFERENCE_CATEGORY_KEY: Readonly<Record<DenialCategory, ReferenceCategoryKey>> = {
  medical_necessity: 'MEDNEC',
  coding: 'CODING',
  bundling: 'CODING',
  eligibility: 'ELIG',
  authorization: 'AUTH',
  place_of_service: 'POS',
  duplicate: 'DUP',
  timely_filing: 'TF',
  coordination_of_benefits: 'COB',
  missing_information: 'INFO',
  credentialing: 'PROV',
  non_covered: 'NONCOV',
  contractual: 'CONTRACT',
  pricing: 'PRICING',
  patient_responsibility: 'PR',
  other: 'OTHER',
};

/**
 * Action tags of the reference legend, plus WAIT for "not final / track / do not resubmit, will be
 * reprocessed" rows, which the legend has no tag for.
 */
export const ActionTagSchema = z.enum(['FIX', 'DOCS', 'APPEAL', 'NEXT', 'PT', 'WO', 'POST', 'VERIFY', 'WAIT']);
export type ActionTag = z.infer<typeof ActionTagSchema>;

export const OwnerTeamSchema = z.enum([
  'patient_access',
  'cdi_providers',
  'coding',
  'billing_edits',
  'credentialing',
  'ar_follow_up',
  'contracting',
]);
/** The team that owns the defect (and its prevention), from the leakage guide's owners by kind of defect. */
export type OwnerTeam = z.infer<typeof OwnerTeamSchema>;

export const OWNER_TEAM_LABEL: Readonly<Record<OwnerTeam, string>> = {
  patient_access: 'Front end / patient access',
  cdi_providers: 'CDI and providers',
  coding: 'Coding',
  billing_edits: 'Billing and claim edits',
  credentialing: 'Credentialing and enrollment',
  ar_follow_up: 'AR follow-up',
  contracting: 'Contracting',
};

/**
 * Root causes, keyed to the leak points of the revenue-leakage guide where one fits (`leakPoint`),
 * so prevention work (edit, template, training, role change) can be tracked per root cause.
 */
export const ROOT_CAUSES = {
  missing_medical_necessity: { leakPoint: 1, label: 'Documentation does not establish medical necessity' },
  missing_service_time: { leakPoint: 2, label: 'Time not documented for a time-based service (length of service unsupported)' },
  wrong_modifier: { leakPoint: 4, label: 'Wrong or missing modifier' },
  incorrect_diagnosis_linkage: { leakPoint: 5, label: 'Diagnosis not specific, unsupported or not linked to the procedure' },
  provider_identifier_mismatch: { leakPoint: 6, label: 'Provider identifier (NPI, taxonomy) missing or mismatched' },
  // Enrollment is provider master data per payer: the same monthly provider mapping audit catches it.
  provider_enrollment: { leakPoint: 6, label: 'Provider not enrolled, credentialed or eligible for the service' },
  late_charge_posting: { leakPoint: 7, label: 'Charge lag' },
  eligibility_not_verified: { leakPoint: 8, label: 'Eligibility or coverage not verified at the front end' },
  // RARC M86 (with CARC 119 or 151): a same or similar service was already paid within the payer's time
  // frame. A frequency limit of the benefit, which the front end can check before the service (benefit
  // history, same-or-similar inquiry), not a duplicate submission.
  frequency_limit_not_checked: { leakPoint: 8, label: 'Frequency limit reached: a same or similar service was already paid within the period' },
  coordination_of_benefits_not_verified: { leakPoint: 8, label: 'Other coverage (COB) not captured at the front end' },
  authorization_missing: { leakPoint: 9, label: 'Authorization or referral missing or not linked to the claim' },
  duplicate_billing: { leakPoint: 10, label: 'Duplicate submission' },
  wrong_place_of_service: { leakPoint: 11, label: 'Wrong place of service or type of bill' },
  missing_documentation: { leakPoint: 12, label: 'Documentation, signature or attachment missing' },
  insufficient_procedure_detail: { leakPoint: 13, label: 'Documentation lacks the detail for the billed procedure or level of service (downcoded)' },
  coding_edit_ignored: { leakPoint: 15, label: 'Coding edit ignored (invalid code, code set, code pairs)' },
  bundling_edit_ignored: { leakPoint: 15, label: 'Bundling or NCCI edit not resolved before submission' },
  claim_data_error: { leakPoint: 15, label: 'Claim data missing or invalid at submission' },
  timely_filing_backlog: { leakPoint: 16, label: 'Filing or appeal window missed' },
  appeal_process_error: { leakPoint: 18, label: 'Appeal not filed the way the payer requires' },
  weak_appeal_packet: { leakPoint: 18, label: 'Appeal upheld: the packet did not answer what the payer asked for' },
  fee_schedule_mismatch: { leakPoint: 22, label: 'Payment differs from the expected fee schedule or contract' },
  encounter_linkage: { leakPoint: 25, label: 'Related encounter or qualifying service not linked' },
  non_covered_benefit: { leakPoint: null, label: 'Service not covered by the patient’s benefit plan' },
  contractual_adjustment: { leakPoint: null, label: 'Contractual or regulatory adjustment (not a defect)' },
  patient_cost_share: { leakPoint: null, label: 'Patient cost share or patient-accepted liability' },
  payer_processing: { leakPoint: null, label: 'Payer processing state (pending, reprocessing, predetermination)' },
  unknown: { leakPoint: null, label: 'Not classified' },
} as const satisfies Record<string, { leakPoint: number | null; label: string }>;

export type RootCause = keyof typeof ROOT_CAUSES;
export const RootCauseSchema = z.enum(Object.keys(ROOT_CAUSES) as [RootCause, ...RootCause[]]);

/** What a category means by default; CARC/RARC rows override any of it. */
export interface CategoryProfile {
  rootCause: RootCause;
  ownerTeam: OwnerTeam;
  preventable: boolean;
}

// Preventable per the reference's KPI definition: eligibility, auth, coding, missing info, provider
// enrollment, duplicate, timely filing; plus place of service and COB (front-end data, leak points 8, 11).
export const CATEGORY_PROFILE: Readonly<Record<DenialCategory, CategoryProfile>> = {
  medical_necessity: { rootCause: 'missing_medical_necessity', ownerTeam: 'cdi_providers', preventable: false },
  coding: { rootCause: 'coding_edit_ignored', ownerTeam: 'coding', preventable: true },
  bundling: { rootCause: 'bundling_edit_ignored', ownerTeam: 'coding', preventable: true },
  eligibility: { rootCause: 'eligibility_not_verified', ownerTeam: 'patient_access', preventable: true },
  authorization: { rootCause: 'authorization_missing', ownerTeam: 'patient_access', preventable: true },
  place_of_service: { rootCause: 'wrong_place_of_service', ownerTeam: 'billing_edits', preventable: true },
  duplicate: { rootCause: 'duplicate_billing', ownerTeam: 'billing_edits', preventable: true },
  timely_filing: { rootCause: 'timely_filing_backlog', ownerTeam: 'ar_follow_up', preventable: true },
  coordination_of_benefits: { rootCause: 'coordination_of_benefits_not_verified', ownerTeam: 'patient_access', preventable: true },
  missing_information: { rootCause: 'claim_data_error', ownerTeam: 'billing_edits', preventable: true },
  credentialing: { rootCause: 'provider_enrollment', ownerTeam: 'credentialing', preventable: true },
  non_covered: { rootCause: 'non_covered_benefit', ownerTeam: 'patient_access', preventable: false },
  contractual: { rootCause: 'contractual_adjustment', ownerTeam: 'contracting', preventable: false },
  pricing: { rootCause: 'fee_schedule_mismatch', ownerTeam: 'contracting', preventable: false },
  patient_responsibility: { rootCause: 'patient_cost_share', ownerTeam: 'ar_follow_up', preventable: false },
  other: { rootCause: 'payer_processing', ownerTeam: 'ar_follow_up', preventable: false },
};

/**
 * Signals carried by routing-type RARCs; they steer the route more than the CARC does
 * (reference section 3: MA130, N185, N211, N517, N704, N779, N938).
 */
export const RoutingSignalSchema = z.enum([
  'appealable',
  'no_appeal',
  'new_claim',
  'no_resubmit',
  'corrected_claim_only',
  'await_original_final',
  'auto_reprocess',
  'crossover_done',
  'non_pr_patient_billing_penalty',
  'peer_to_peer_available',
  'rfai_sent',
  'recovery_audit',
  'no_surprises_act',
]);
export type RoutingSignal = z.infer<typeof RoutingSignalSchema>;

export const WAIT_SIGNALS: readonly RoutingSignal[] = ['await_original_final', 'auto_reprocess'];

export type CodeStatus = 'current' | 'deactivated';
