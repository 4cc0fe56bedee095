// What reading a 277 can find wrong, and how bad it is, in one table (the severities of the 835 reader's
// findings: envelope stops trust in the file, claim loses one answer, warning keeps it with a note).
// Control-number and count mismatches only warn: the answers in the file are still the payer's.
import { type TransactionSet } from '../claims/validate-envelope';
import { type ValidationIssue } from '../claims/validate-issue';
import { el } from '../claims/validate-x12';
import { findingFor } from '../remittance/findings';
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

export const statusFinding = findingFor<StatusFindingCode>(STATUS_FINDING_SEVERITY);

/** Envelope issues (shared with the 837 and 276 validators) as findings of a file being read. */
export function envelopeFindings(issues: readonly ValidationIssue[], source: string): Finding[] {
  return issues.map((issue) => {
    const code = issue.rule === 'not-x12' || issue.rule === 'envelope-structure' ? issue.rule : 'envelope-mismatch';
    return statusFinding(code, issue.message, { file: source, segment: issue.segmentIndex, segmentId: issue.segmentId });
  });
}

/** A segment's place: file and index, and the interchange, group and set it sits in when there is one. */
export function positionIn(source: string, set: TransactionSet | undefined, segment: { index: number; id: string }): SegmentPosition {
  const position: SegmentPosition = { file: source, segment: segment.index, segmentId: segment.id };
  if (set?.isa) position.interchange = el(set.isa, 13);
  if (set?.gs) position.group = el(set.gs, 6);
  if (set) {
    position.set = el(set.st, 2);
    position.segmentInSet = segment.index - set.st.index + 1;
  }
  return position;
}
