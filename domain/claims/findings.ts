// Finding codes of the 837 reader and their severity: the 835 reader's policy (domain/remittance/findings.ts)
// applied to submitted claims.
// envelope: the file cannot be trusted; it is rejected and reading stops.
// claim:    one claim cannot be read reliably (or re-emitted as a correction); it is quarantined with its
//           reasons and the rest of the file goes on.
// warning:  readable, but something does not add up (counts, balance, dates).
import { findingFor } from '../remittance/findings';
import { type FindingSeverity } from '../remittance/model';

export const CLAIM_FINDING_SEVERITY = {
  'empty-input': 'envelope',
  'not-x12': 'envelope',
  'binary-content': 'envelope',
  'isa-malformed': 'envelope',
  'unreadable-segment': 'envelope',
  'structure-broken': 'envelope',
  truncated: 'envelope',
  'no-837-set': 'envelope',
  'element-too-long': 'envelope',
  'segment-too-long': 'envelope',

  'invalid-amount': 'claim',
  'missing-element': 'claim',
  'missing-segment': 'claim',
  'segment-out-of-order': 'claim',
  'hierarchy-broken': 'claim',
  'too-many-segments': 'claim',

  'interchange-control-mismatch': 'warning',
  'group-control-mismatch': 'warning',
  'set-control-mismatch': 'warning',
  'segment-count-mismatch': 'warning',
  'set-count-mismatch': 'warning',
  'group-count-mismatch': 'warning',
  'claim-out-of-balance': 'warning',
  'no-interchange-envelope': 'warning',
  'missing-group': 'warning',
  'component-separator-mismatch': 'warning',
  'implementation-guide-mismatch': 'warning',
  'unexpected-segment': 'warning',
  'invalid-number': 'warning',
  'amount-precision': 'warning',
  'missing-final-terminator': 'warning',
  'invalid-utf8': 'warning',
  'invalid-date': 'warning',
} as const satisfies Record<string, FindingSeverity>;

export type ClaimFindingCode = keyof typeof CLAIM_FINDING_SEVERITY;

export const makeClaimFinding = findingFor<ClaimFindingCode>(CLAIM_FINDING_SEVERITY);
