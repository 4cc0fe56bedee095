// What reading a 277 can find wrong, and how bad it is, in one table (the severities of the 835 reader's
// findings: envelope stops trust in the file, claim loses one answer, warning keeps it with a note).
// Control-number and count mismatches only warn: the answers in the file are still the payer's.
import { type Finding, type FindingSeverity, type SegmentPosition } from '../remittance/model';

export const STATUS_FINDING_SEVERITY = {
  'not-x12': 'envelope',
  'envelope-structure': 'envelope',
  'no-277-set': 'envelope',
  'missing-status': 'claim',
  'missing-element': 'claim',
  'not-277-set': 'warning',
  'envelope-mismatch': 'warning',
  'status-outside-claim': 'warning',
  'unknown-category-code': 'warning',
  'invalid-amount': 'warning',
  'invalid-date': 'warning',
} as const satisfies Record<string, FindingSeverity>;

export type StatusFindingCode = keyof typeof STATUS_FINDING_SEVERITY;

export function statusFinding(code: StatusFindingCode, message: string, position: SegmentPosition): Finding {
  return { code, severity: STATUS_FINDING_SEVERITY[code], message, position };
}
