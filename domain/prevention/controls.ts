/**
 * The 27 leakage controls of the revenue-leakage guide as data: for each leak point, what the system
 * detects in remittances (or the proxy it watches when an 835 cannot show the leak), the team that
 * owns the prevention control, and the root causes whose denials open that control's prevention task.
 */
import { z } from 'zod';
import { OwnerTeamSchema, RootCauseSchema, type RootCause } from '../policy/taxonomy';

export const ExampleClaimSchema = z.object({
  adjustments: z.array(z.tuple([z.string(), z.string(), z.number().positive()])).min(1),
  remarks: z.array(z.string()).optional(),
  status: z.string().optional(),
  procedure: z.string().optional(),
});
/** A claim, as few facts as an 835 needs, on which the remittance shows the leak. */
export type ExampleClaim = z.infer<typeof ExampleClaimSchema>;

export const DetectionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('remittance'),
    /** What in the 835 shows it: CARC/RARC/group codes. */
    signal: z.string().min(1),
    example: ExampleClaimSchema,
  }),
  z.object({
    kind: z.literal('proxy'),
    /** The proxy signal the system gives. */
    proxy: z.string().min(1),
    /** Why a remittance cannot show the leak itself. */
    why: z.string().min(1),
  }),
]);

export const LeakageControlSchema = z.object({
  /** 1..27, the row of the guide. */
  leakPoint: z.number().int().min(1).max(27),
  leakPointName: z.string().min(1),
  earlyWarningSignal: z.string().min(1),
  rootCausePattern: z.string().min(1),
  /** The prevention control; with leakPointName, the wording of the prevention task. */
  control: z.string().min(1),
  kpi: z.string().min(1),
  ownerTeam: OwnerTeamSchema,
  /** Root causes (taxonomy keys) whose denials open this control's prevention task. */
  rootCauses: z.array(RootCauseSchema),
  /** Keep one prevention task per payer (not only per root cause x team): the fix differs by payer. */
  perPayer: z.boolean(),
  /** Escalate to a supervisor when this many occurrences arrive within windowDays. */
  escalation: z.object({ occurrences: z.number().int().positive(), windowDays: z.number().int().positive() }),
  detection: DetectionSchema,
});
export type LeakageControl = z.infer<typeof LeakageControlSchema>;

/** The guide's six columns, in its order, so each row below reads like the guide's table. */
function guide(leakPoint: number, leakPointName: string, earlyWarningSignal: string, rootCausePattern: string, control: string, kpi: string) {
  return { leakPoint, leakPointName, earlyWarningSignal, rootCausePattern, control, kpi };
}

const STANDARD = { occurrences: 5, windowDays: 30 };
// Money lost for good (filing limits) or every claim of a provider denied (identifiers): escalate early.
const URGENT = { occurrences: 2, windowDays: 30 };
// Front-end and edit defects come in volume; a supervisor needs a trend, not every handful.
const HIGH_VOLUME = { occurrences: 10, windowDays: 30 };
// Appeals and contract pricing come back slowly.
const SLOW = { occurrences: 3, windowDays: 60 };

type GuideRow = ReturnType<typeof guide>;
type Task = Pick<LeakageControl, 'ownerTeam'> & Partial<Pick<LeakageControl, 'rootCauses' | 'perPayer' | 'escalation'>>;

/** A leak the 835 shows: denials with these root causes open the control's task. */
function onRemittance(row: GuideRow, task: Task & Pick<LeakageControl, 'rootCauses'>, signal: string, example: ExampleClaim): LeakageControl {
  return { ...row, perPayer: false, escalation: STANDARD, ...task, detection: { kind: 'remittance', signal, example } };
}

/** A leak no remittance shows: watched through a proxy, opening no task unless a root cause fits. */
function byProxy(row: GuideRow, task: Task, proxy: string, why: string): LeakageControl {
  return { ...row, rootCauses: [], perPayer: false, escalation: STANDARD, ...task, detection: { kind: 'proxy', proxy, why } };
}

const CONTROLS: LeakageControl[] = [
  onRemittance(
    guide(1, 'missing medical necessity', 'repeat necessity denials', 'vague assessment and plan', 'necessity checklist', 'necessity denial rate'),
    { ownerTeam: 'cdi_providers', rootCauses: ['missing_medical_necessity'] },
    'CO-50, CO-40, CO-55, CO-56, CO-216, CO-B8, CO-249, CO-151; RARCs N115 (LCD), N386 (NCD), N661, N10, N569',
    { adjustments: [['CO', '50', 250]], remarks: ['N661'], procedure: '72148' },
  ),
  onRemittance(
    guide(2, 'missing time for time-based codes', 'time-based services downcoded', 'templates without time fields', 'required time fields', 'time defect rate'),
    { ownerTeam: 'cdi_providers', rootCauses: ['missing_service_time'] },
    'CO-152 (documentation does not support this length of service); CO-151 + N362 (units of a timed code cut to the maximum the documented time supports)',
    { adjustments: [['CO', '152', 120]], status: '1', procedure: '99291' },
  ),
  byProxy(
    guide(3, 'uncaptured supplies', 'low charge per case', 'no supply log reconciliation', 'daily supply audit', 'missed supply charges'),
    { ownerTeam: 'billing_edits' },
    'Charge per adjudicated claim by payer and period (remittance volumes: charges ÷ claims); a falling charge per case for the same services is the warning',
    'A supply that was never charged never reaches the payer: the 835 echoes only billed lines, so no CARC or RARC can name it',
  ),
  onRemittance(
    guide(4, 'wrong modifier', 'bundling reductions', 'inconsistent modifier rules', 'modifier checklist', 'modifier denial rate'),
    { ownerTeam: 'coding', rootCauses: ['wrong_modifier'] },
    'CO-4, CO-182, CO-236, CO-231, CO-54, CO-115, CO-B14; RARCs N822, N823, N519',
    { adjustments: [['CO', '4', 180]], remarks: ['N822'], procedure: '20610' },
  ),
  onRemittance(
    guide(5, 'incorrect diagnosis linkage', 'procedure coverage denials', 'diagnosis not specific or unsupported', 'diagnosis specificity training', 'coverage denial rate'),
    { ownerTeam: 'coding', rootCauses: ['incorrect_diagnosis_linkage'] },
    'CO-11, CO-9, CO-10, CO-12, CO-146, CO-240; CO-167 + N569 (not covered for the reported diagnosis); RARCs M76, M81, MA63',
    { adjustments: [['CO', '11', 95]], procedure: '93000' },
  ),
  onRemittance(
    guide(6, 'provider identifier mismatch', 'claim rejections', 'NPI or taxonomy mapping errors', 'monthly provider mapping audit', 'rejection rate'),
    { ownerTeam: 'credentialing', rootCauses: ['provider_identifier_mismatch', 'provider_enrollment'], perPayer: true, escalation: URGENT },
    'Identifiers: CO-206, CO-207, CO-208, CO-8; RARCs N290, N265, N286, N575. Enrollment: CO-185, CO-183, CO-184, CO-B7, CO-170, CO-171, CO-299; RARCs N95, MA120. ' +
      'Front-end rejections (999/277CA) never reach an 835',
    { adjustments: [['CO', '16', 150]], remarks: ['N290'] },
  ),
  byProxy(
    guide(7, 'late charge posting', 'frequent rebills', 'charge lag not tracked', 'charge lag tracking', 'median lag days'),
    { ownerTeam: 'billing_edits', rootCauses: ['late_charge_posting'] },
    'Replacement claims (CLP09 = 7) coming back on remittances (the rebill rate) and CO-29 timely-filing denials; no CARC names charge lag (CO-110, billing date before the service date, is a claim-data error under 15)',
    'The 835 carries service and payment dates but no charge-entry or posting date, so charge lag cannot be measured from it',
  ),
  onRemittance(
    guide(8, 'eligibility not verified', 'COB and eligibility denials', 'front-end verification gaps', 'eligibility workflow', 'eligibility denial rate'),
    { ownerTeam: 'patient_access', rootCauses: ['eligibility_not_verified', 'coordination_of_benefits_not_verified', 'frequency_limit_not_checked'], escalation: HIGH_VOLUME },
    'Eligibility: CO-31, CO-140, PR-27, PR-26, CO-177, CO-13, CO-14; RARCs MA27, N30. COB: OA-22, CO-109, OA-19, CO-129; RARCs MA04, N479, N4. ' +
      'Frequency limits not checked before the service: RARC M86 (same or similar service already paid within the time frame)',
    { adjustments: [['CO', '31', 200]], remarks: ['MA27'] },
  ),
  // Per payer: which services need an authorization is each payer's list.
  onRemittance(
    guide(9, 'authorization missing', 'prior-auth denials', 'auth not linked to claim', 'auth capture rule', 'auth denial rate'),
    { ownerTeam: 'patient_access', rootCauses: ['authorization_missing'], perPayer: true },
    'CO-197, CO-198, CO-284, CO-296, CO-288, CO-287, CO-243, CO-242, CO-210, CO-302, CO-39, CO-61, CO-95; RARCs M62, N54',
    { adjustments: [['CO', '197', 1200]], procedure: '72148' },
  ),
  onRemittance(
    guide(10, 'duplicate billing', 'duplicate denials or takebacks', 'no duplicate edit', 'duplicate edit', 'duplicate rate'),
    { ownerTeam: 'billing_edits', rootCauses: ['duplicate_billing'] },
    'OA-18, OA-B13, CO-B20; RARC N522',
    { adjustments: [['OA', '18', 140]] },
  ),
  onRemittance(
    guide(11, 'wrong place of service', 'POS denials', 'telehealth and facility confusion', 'POS validation', 'POS error rate'),
    { ownerTeam: 'billing_edits', rootCauses: ['wrong_place_of_service'] },
    'CO-58, CO-5; RARCs N428, M77, MA30 (type of bill)',
    { adjustments: [['CO', '58', 160]], remarks: ['N428'] },
  ),
  onRemittance(
    guide(12, 'missing signatures', 'documentation request failures', 'unsigned notes', 'signature hard stop', 'unsigned note rate'),
    { ownerTeam: 'cdi_providers', rootCauses: ['missing_documentation'] },
    'Records the payer asked for and did not get: CO-252, CO-251, CO-250, CO-163, CO-164, CO-226, CO-B12, CO-112, CO-173, CO-175, CO-116 (advance notice); RARCs M127, N706, N705. ' +
      'No CARC or RARC in the reference names a signature: unsigned notes show as these documentation failures',
    { adjustments: [['CO', '252', 300]], remarks: ['M127'] },
  ),
  onRemittance(
    guide(13, 'insufficient operative detail', 'procedure downcoding', 'generic op notes', 'op note template', 'op note defect rate'),
    { ownerTeam: 'cdi_providers', rootCauses: ['insufficient_procedure_detail'] },
    'CO-150 (documentation does not support this level of service); RARC M25. A line the payer recoded also carries its original procedure in SVC06',
    { adjustments: [['CO', '150', 85]], remarks: ['M25'], status: '1', procedure: '99215' },
  ),
  byProxy(
    guide(14, 'inconsistent documentation language', 'QA rework spikes', 'no shared glossary', 'terms library', 'QA error rate'),
    { ownerTeam: 'cdi_providers' },
    'Touches per denial (human actions on each denial) by owning team, and denials a person had to classify by hand: a rise is the rework spike',
    'The words in a note never reach the payer; the 835 shows the denial a vague note caused, and that denial lands under its own leak point (1, 12 or 13)',
  ),
  onRemittance(
    guide(15, 'coding edits ignored', 'high preventable denials', 'no forced edit resolution', 'mandatory edit resolution', 'preventable denial rate'),
    { ownerTeam: 'billing_edits', rootCauses: ['coding_edit_ignored', 'bundling_edit_ignored', 'claim_data_error'], escalation: HIGH_VOLUME },
    'Bundling: CO-97, CO-234; RARCs M15, M80, N19, N20, N525. Code edits: CO-181, CO-189, CO-199, CO-6, CO-7, CO-282; RARCs M51, N56, N362, N657. ' +
      'Claim data: CO-16 with M53, M79, N350, MA130 or N517; CO-110 (billing date before the service date)',
    { adjustments: [['CO', '97', 75]], remarks: ['M15'], procedure: '11042' },
  ),
  onRemittance(
    guide(16, 'timely filing pressure', 'aged AR growth', 'backlog and lag', 'backlog SLA', 'timely filing loss rate'),
    { ownerTeam: 'ar_follow_up', rootCauses: ['timely_filing_backlog'], escalation: URGENT },
    'CO-29 (filing limit), CO-286 (appeal time limit); RARC N921',
    { adjustments: [['CO', '29', 210]] },
  ),
  byProxy(
    guide(17, 'inaccurate posting', 'AR confusion', 'misread remits', 'posting QA', 'posting error rate'),
    { ownerTeam: 'ar_follow_up' },
    'Reader findings on each 835 (unbalanced claims or transactions, unknown codes) and reversals (CLP02 = 22) with their corrected claims: the remits that are easy to misread',
    'Posting happens after the 835, in the practice-management system; the remittance is the input to posting and cannot show how it was posted',
  ),
  // Per payer: what a packet must answer, and how an appeal is filed, is each payer's procedure.
  onRemittance(
    guide(18, 'weak appeal packets', 'low appeal win rate', 'documents not mapped to the request', 'packet template', 'appeal win rate'),
    { ownerTeam: 'ar_follow_up', rootCauses: ['weak_appeal_packet', 'appeal_process_error'], perPayer: true, escalation: SLOW },
    'CO-193 (original decision maintained: the appeal was upheld), CO-285 (appeal procedures not followed)',
    { adjustments: [['CO', '193', 400]] },
  ),
  byProxy(
    guide(19, 'clinical and billing silos', 'repeat defects by provider', 'no feedback loop', 'monthly provider scorecards', 'repeat denial rate'),
    { ownerTeam: 'cdi_providers' },
    'Repeat defects of provider-owned root causes (team CDI and providers) in the prevention ledger, per payee: the same defect back after its control was recorded',
    'The missing loop between clinicians and billing is organizational; the 835 names the payee (and at best a rendering provider, which the denial case does not keep), never the loop',
  ),
  byProxy(
    guide(20, 'telehealth policy drift', 'virtual care denials', 'rules changed, training did not', 'policy update cadence', 'telehealth denial rate'),
    { ownerTeam: 'billing_edits', perPayer: true },
    'Place-of-service and modifier denials (CO-5, CO-58, N428, M77; CO-4, N822, N823) on claims the 835 marks as telehealth: ' +
      'facility code 02 or 10 in CLP08, or a telehealth modifier (95, GT, GQ, FQ, 93) on the service line',
    'No CARC or RARC in the reference says telehealth: these denials classify as wrong place of service (11) or wrong modifier (4); telling drift apart needs the facility code and line modifiers, which the classifier (codes only) does not read',
  ),
  byProxy(
    guide(21, 'audit readiness gaps', 'high-risk findings', 'no trail or rationale', 'audit trail policy', 'audit defect rate'),
    { ownerTeam: 'coding' },
    'Recovery Audit adjustments: RARC N432 (routing signal recovery_audit) and the amounts taken back, each a high-risk finding',
    'The 835 shows that an audit took money back, classified by its CARC (usually necessity or documentation); whether a trail and rationale existed is in the provider’s records',
  ),
  onRemittance(
    guide(22, 'incorrect fee schedule expectations', 'underpayment blind spots', 'no pricing review', 'underpayment review', 'recovered underpayments'),
    { ownerTeam: 'contracting', rootCauses: ['fee_schedule_mismatch'], perPayer: true, escalation: SLOW },
    'CO-147 (contracted rate expired or not on file), CO-222; pricing reductions CO-172, CO-B22, CO-B10; ' +
      'and lines allowed below the loaded fee schedule (detection reason "underpaid")',
    { adjustments: [['CO', '147', 130]] },
  ),
  byProxy(
    guide(23, 'denial work not categorized', 'slow resolution', 'no ownership', 'denial taxonomy', 'days to resolve'),
    { ownerTeam: 'ar_follow_up' },
    "Share of denials classified 'unknown' (or needing a person to classify them), and days to resolve by category",
    'Categorizing is what this system does to every denial; a remittance only carries the codes, never whether a team works denials without categories',
  ),
  byProxy(
    guide(24, 'no QA sampling', 'hidden error rates', 'QA not routine', 'random sampling', 'QA pass rate'),
    { ownerTeam: 'coding' },
    'Preventable denial rate by owning team: the errors a routine pre-bill sample would have found, counted after the payer found them',
    'QA sampling looks at claims before they are billed, most of them paid; a remittance only shows the errors that got through',
  ),
  onRemittance(
    guide(25, 'incorrect encounter linkage', 'frequent claim corrections', 'registration mismatch', 'encounter validation', 'correction rate'),
    { ownerTeam: 'billing_edits', rootCauses: ['encounter_linkage'] },
    'CO-107 (related or qualifying service not identified), CO-60 (payment window), CO-190 (SNF consolidated billing); RARC N122 (add-on billed alone); CO-B15 waits for the qualifying service',
    { adjustments: [['CO', '107', 60]], remarks: ['N122'], procedure: '99292' },
  ),
  byProxy(
    guide(26, 'incomplete CDI program', 'necessity defects persist', 'no provider training', 'CDI education', 'necessity defect trend'),
    { ownerTeam: 'cdi_providers' },
    'Weekly trend of medical-necessity denials (root cause missing_medical_necessity) per payer: flat or rising after CDI education means the defects persist',
    'Each necessity denial opens leak point 1’s task; whether providers received CDI education is on no remittance, so this row watches the trend instead of opening tasks',
  ),
  byProxy(
    guide(27, 'no trend reporting', 'same denials repeat', 'no feedback loop', 'weekly leakage report', 'repeat defect rate'),
    { ownerTeam: 'ar_follow_up' },
    'Repeat defect rate from the prevention ledger (defects back after their team recorded a control) and the weekly trend lines of the KPI report',
    'Whether anyone reads a trend report is an organizational fact; the 835 just repeats the same denials',
  ),
];

export const LEAKAGE_CONTROLS: readonly LeakageControl[] = z.array(LeakageControlSchema).parse(CONTROLS);

/** The control whose rootCauses include it; undefined for root causes that are not defects. */
export function controlForRootCause(rootCause: RootCause): LeakageControl | undefined {
  return LEAKAGE_CONTROLS.find((c) => c.rootCauses.includes(rootCause));
}
