// Adjustments that are bookkeeping, not denials: they explain why the payer paid less than billed
// without anything for the provider to fix or appeal. Every CARC/group pair not listed here is a denial
// signal. Source: denials-domain.md §2.1 and the CARC table in §2.2 ("POST" default action).
// A CARC is only meaningful with its group (CO-50 and PR-50 need different work), so keys are GROUP-REASON.

export type BookkeepingKind = 'contractual' | 'patient-share' | 'coordination-of-benefits' | 'not-final';

export interface BookkeepingEntry {
  group: 'CO' | 'PR' | 'OA' | 'PI';
  reason: string;
  kind: BookkeepingKind;
  /** Why this is not a denial. */
  why: string;
}

export const BOOKKEEPING_ADJUSTMENTS: readonly BookkeepingEntry[] = [
  { group: 'CO', reason: '45', kind: 'contractual', why: 'Charge above the contracted/allowed fee: the normal contractual write-off.' },
  { group: 'PR', reason: '45', kind: 'contractual', why: 'Charge above allowed, out of network: billed to the patient, not a payer refusal.' },
  { group: 'CO', reason: '42', kind: 'contractual', why: 'Deactivated predecessor of 45 (charges exceed fee schedule); still in 4010 files.' },
  { group: 'CO', reason: 'A2', kind: 'contractual', why: 'Deactivated "contractual adjustment" code; same meaning as CO-45.' },
  { group: 'CO', reason: '24', kind: 'contractual', why: 'Covered under capitation: paid through the capitation arrangement.' },
  { group: 'CO', reason: '44', kind: 'contractual', why: 'Prompt-pay discount agreed in the contract.' },
  { group: 'CO', reason: '59', kind: 'contractual', why: 'Multiple/concurrent procedure reduction per contract (ranking can be verified, not appealed).' },
  { group: 'CO', reason: '94', kind: 'contractual', why: 'Processed in excess of charges: a pricing artefact, no money refused.' },
  { group: 'OA', reason: '94', kind: 'contractual', why: 'Processed in excess of charges (reported as OA by some payers): a pricing artefact.' },
  { group: 'CO', reason: '104', kind: 'contractual', why: 'Managed-care withholding per contract.' },
  { group: 'CO', reason: '130', kind: 'contractual', why: 'Claim submission fee per contract.' },
  { group: 'CO', reason: '131', kind: 'contractual', why: 'Claim-specific negotiated discount.' },
  { group: 'CO', reason: '137', kind: 'contractual', why: 'Regulatory surcharges, assessments or health taxes.' },
  { group: 'CO', reason: '144', kind: 'contractual', why: 'Incentive adjustment (usually money added).' },
  { group: 'CO', reason: '223', kind: 'contractual', why: 'Adjustment mandated by law or regulation.' },
  { group: 'CO', reason: '232', kind: 'contractual', why: 'Institutional transfer amount (DRG pricing).' },
  { group: 'CO', reason: '235', kind: 'contractual', why: 'Sales tax passed through: not a payer refusal.' },
  { group: 'CO', reason: '237', kind: 'contractual', why: 'Legislated/regulatory penalty (e.g. MIPS): not appealable as a denial.' },
  { group: 'CO', reason: '246', kind: 'contractual', why: 'Non-payable reporting code: never meant to be paid.' },
  { group: 'CO', reason: '253', kind: 'contractual', why: 'Sequestration: federal across-the-board reduction.' },
  { group: 'CO', reason: '281', kind: 'contractual', why: 'Deductible waived per contract.' },
  { group: 'CO', reason: '308', kind: 'contractual', why: 'Contracted funding adjustment.' },
  { group: 'CO', reason: '69', kind: 'contractual', why: 'Day outlier amount: pricing add-on/adjustment, not a refusal.' },
  { group: 'CO', reason: '70', kind: 'contractual', why: 'Cost outlier amount: pricing add-on/adjustment, not a refusal.' },
  { group: 'CO', reason: '74', kind: 'contractual', why: 'Indirect teaching amount: pricing add-on.' },
  { group: 'CO', reason: '75', kind: 'contractual', why: 'Direct medical education amount: pricing add-on.' },
  { group: 'CO', reason: '76', kind: 'contractual', why: 'Disproportionate share amount: pricing add-on.' },
  { group: 'PR', reason: '1', kind: 'patient-share', why: 'Deductible: the patient (or a secondary payer) owes it.' },
  { group: 'PR', reason: '2', kind: 'patient-share', why: 'Coinsurance: the patient (or a secondary payer) owes it.' },
  { group: 'PR', reason: '3', kind: 'patient-share', why: 'Co-payment: the patient (or a secondary payer) owes it.' },
  { group: 'PR', reason: '66', kind: 'patient-share', why: 'Blood deductible: patient share.' },
  { group: 'PR', reason: '142', kind: 'patient-share', why: 'Monthly Medicaid patient liability: patient share.' },
  { group: 'PR', reason: '187', kind: 'patient-share', why: 'Paid from the patient\'s spending account (HSA/FSA/HRA).' },
  { group: 'PR', reason: '201', kind: 'patient-share', why: 'Patient liable through a set-aside arrangement.' },
  { group: 'PR', reason: '241', kind: 'patient-share', why: 'Low-income subsidy patient co-payment.' },
  { group: 'PR', reason: '247', kind: 'patient-share', why: 'Deductible for professional service in an institutional claim.' },
  { group: 'PR', reason: '248', kind: 'patient-share', why: 'Coinsurance for professional service in an institutional claim.' },
  { group: 'OA', reason: '23', kind: 'coordination-of-benefits', why: 'Impact of prior payer adjudication: secondary-claim bookkeeping.' },
  { group: 'OA', reason: '133', kind: 'not-final', why: 'Line pending further review: the payer will adjudicate it later.' },
  { group: 'OA', reason: '257', kind: 'not-final', why: 'Undetermined during the exchange premium grace period.' },
  { group: 'OA', reason: '101', kind: 'not-final', why: 'Predetermination: anticipated payment, not an adjudication.' },
];

const BY_KEY = new Map<string, BookkeepingEntry>(BOOKKEEPING_ADJUSTMENTS.map((entry) => [`${entry.group}-${entry.reason}`, entry]));
const BY_REASON = new Map<string, BookkeepingEntry>();
for (const entry of BOOKKEEPING_ADJUSTMENTS) if (!BY_REASON.has(entry.reason)) BY_REASON.set(entry.reason, entry);

/**
 * The bookkeeping entry for a group/reason pair, or undefined when the adjustment is a denial signal.
 * Group CR (4010 correction/reversal) carries no liability of its own, so CR-x is judged by reason x.
 */
export function bookkeepingFor(group: string, reason: string): BookkeepingEntry | undefined {
  if (group === 'CR') return BY_REASON.get(reason);
  return BY_KEY.get(`${group}-${reason}`);
}
