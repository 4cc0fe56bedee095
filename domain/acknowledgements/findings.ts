// What reading a 999 can find wrong, with the severities of the 835 and 277 readers: envelope stops trust
// in the file, claim loses one acknowledged set or segment error, warning keeps it with a note. Counts and
// codes that do not add up only warn: the accept/reject decisions in the file are still the receiver's.
// The 277CA reader reports the 277 reader's findings (domain/claim-status/findings.ts).
import { findingFor } from '../remittance/findings';
import { type FindingSeverity } from '../remittance/model';

export const ACK_FINDING_SEVERITY = {
  'no-999-set': 'envelope',
  'missing-group-header': 'claim',
  'missing-set-result': 'claim',
  'missing-element': 'claim',
  'segment-out-of-place': 'claim',
  'not-999-set': 'warning',
  'unexpected-version': 'warning',
  'missing-group-trailer': 'warning',
  'unknown-code': 'warning',
  'count-mismatch': 'warning',
  'result-mismatch': 'warning',
} as const satisfies Record<string, FindingSeverity>;

export type AckFindingCode = keyof typeof ACK_FINDING_SEVERITY;

export const ackFinding = findingFor<AckFindingCode>(ACK_FINDING_SEVERITY);
