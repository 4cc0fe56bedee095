/**
 * The claim under correction in words, for a person: the rows of its header (the page's table and
 * `denial show` both use them) and the readable lines `denial show` prints, a corrected value as
 * "sent → corrected".
 */
import { IDENTIFIER_LABELS, type ClaimUnderCorrection, type ShownValue } from '../../domain/claims/claim-under-correction';
import type { Correction } from '../../domain/lifecycle/tasks';
import type { ClaimUnderCorrectionOnFile } from './claim-under-correction';

export interface HeaderRow {
  label: string;
  value: ShownValue;
}

export function claimHeaderRows(c: ClaimUnderCorrection): HeaderRow[] {
  return [
    { label: 'Patient control number (CLM01)', value: c.header.patientControlNumber },
    { label: 'Frequency (CLM05-3)', value: c.header.frequency },
    { label: c.kind === 'professional' ? 'Place of service (CLM05-1)' : 'Facility type (CLM05-1)', value: c.header.facility },
    { label: 'Charge (CLM02)', value: c.header.charge },
    ...c.identifiers.map((i) => ({ label: IDENTIFIER_LABELS[i.name], value: i.value })),
  ];
}

/** A supplied correction the claim cannot carry, as the person gave it. */
export function notAppliedText(c: Correction): string {
  return `${c.field.replace(/_/g, ' ')}${c.line ? ` on line ${c.line}` : ''} → ${c.to}`;
}

const none = (v: string) => v || 'none';
const valueText = (v: ShownValue) => (v.corrected === undefined ? none(v.sent) : `${none(v.sent)} → ${none(v.corrected)}`);

/** No claim on file (or none readable): the corrected claim is built in the billing system. */
export const NO_CLAIM_ON_FILE = 'No submitted claim on file for this denial: build the corrected claim in the billing system.';

export function claimUnderCorrectionText(onFile: ClaimUnderCorrectionOnFile | undefined): string {
  if (!onFile) return `Claim under correction: ${NO_CLAIM_ON_FILE}`;
  if (onFile.status === 'unreadable') return `Claim under correction: the stored claim ${onFile.claimId} cannot be read back: build the corrected claim in the billing system.`;
  const c = onFile.claim;
  return [
    `The claim as sent, with the corrections (sent → corrected), ${onFile.claimId}:`,
    ...claimHeaderRows(c).map((r) => `  ${r.label}: ${valueText(r.value)}`),
    `  Diagnoses: ${c.diagnoses.map((d) => `${d.pointer} ${valueText(d.code)}`).join(', ') || 'none'}`,
    ...c.lines.map(
      (l) =>
        `  Line ${l.number}: ${l.revenueCode ? `revenue code ${valueText(l.revenueCode)}, ` : ''}procedure ${valueText(l.procedure)}, modifiers ${valueText(l.modifiers)}, units ${valueText(l.units)}, charge ${valueText(l.charge)}, diagnosis pointers ${valueText(l.diagnosisPointers)}`,
    ),
    ...(c.problem ? [`  Cannot be applied: ${c.problem}`] : []),
    ...c.notApplied.map((n) => `  Not applied (the claim cannot carry it): ${notAppliedText(n)}`),
  ].join('\n');
}
