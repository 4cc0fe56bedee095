// Finding codes and their severity, in one table so the policy is visible in one place.
//
// envelope: the file cannot be trusted (not X12, binary, broken nesting, truncated, no 835 at all,
//           an element or segment far longer than any 835 holds).
//           The file is rejected and reading stops.
// claim:    one record (claim, service line, PLB) cannot be read reliably. It is quarantined with its
//           reason; the rest of the file goes on.
// warning:  the data is readable but something does not add up. Control-number and count mismatches
//           and out-of-balance amounts are warnings, not errors: real payer files carry them (the corpus
//           has a wrong IEA02, a wrong ISA13 and BPR02 totals that ignore PLB), the claims in them are
//           still the payer's adjudication, and rejecting them would lose denials. Downstream can
//           hold a file with warnings for review without losing it.
import { type Finding, type FindingSeverity, type SegmentPosition } from './model';

export const FINDING_SEVERITY = {
  'empty-input': 'envelope',
  'not-x12': 'envelope',
  'binary-content': 'envelope',
  'isa-malformed': 'envelope',
  'unreadable-segment': 'envelope',
  'structure-broken': 'envelope',
  truncated: 'envelope',
  'no-835-set': 'envelope',
  'element-too-long': 'envelope',
  'segment-too-long': 'envelope',

  'invalid-amount': 'claim',
  'missing-element': 'claim',
  'segment-out-of-order': 'claim',
  'invalid-code': 'claim',
  'too-many-segments': 'claim',

  'interchange-control-mismatch': 'warning',
  'group-control-mismatch': 'warning',
  'set-control-mismatch': 'warning',
  'segment-count-mismatch': 'warning',
  'set-count-mismatch': 'warning',
  'group-count-mismatch': 'warning',
  'claim-out-of-balance': 'warning',
  'service-line-out-of-balance': 'warning',
  'payment-out-of-balance': 'warning',
  'balancing-not-checked': 'warning',
  'no-interchange-envelope': 'warning',
  'missing-group': 'warning',
  'component-separator-mismatch': 'warning',
  'unexpected-segment': 'warning',
  'invalid-number': 'warning',
  'amount-precision': 'warning',
  'missing-final-terminator': 'warning',
  'invalid-utf8': 'warning',
  'missing-payer-claim-control-number': 'warning',
  'missing-payment': 'warning',
  'invalid-remark-code': 'warning',
  'invalid-date': 'warning',
} as const satisfies Record<string, FindingSeverity>;

export type FindingCode = keyof typeof FINDING_SEVERITY;

/** The finding maker of a severity table: each X12 reader has its own codes, one policy for severities. */
export function findingFor<Code extends string>(table: Readonly<Record<Code, FindingSeverity>>) {
  return (code: Code, message: string, position: SegmentPosition): Finding => ({ code, severity: table[code], message, position });
}

export const makeFinding = findingFor<FindingCode>(FINDING_SEVERITY);
