// Validates an X12 837 interchange against the rules of the HIPAA guides that decide whether a payer
// accepts the claim: 005010X222A1 (professional) and 005010X223A2 (institutional), chosen by GS08.
// Pure: text in, positioned issues out, never throws. Messages name segments, elements and codes, never
// names or member ids.
import { check837Claim, type ClaimKind } from './validate-837-claim';
import { check837Loops } from './validate-837-loops';
import { checkNpis } from './validate-npi';
import { checkDates } from './validate-dates';
import { openInterchange, type TransactionSet } from './validate-envelope';
import { issueAt, type ValidationIssue } from './validate-issue';
import { el } from './validate-x12';

export { ValidationIssue } from './validate-issue';

const GUIDES: Readonly<Record<string, ClaimKind>> = {
  '005010X222A1': 'professional',
  '005010X223A2': 'institutional',
};

const BHT_PURPOSES = ['00', '18'];
const BHT_CLAIM_TYPES = ['CH', 'RP', '31'];

function checkBht(set: TransactionSet): ValidationIssue[] {
  const bht = set.body[0];
  if (bht === undefined || bht.id !== 'BHT') {
    return [issueAt(bht ?? set.st, 'required-segment', 'BHT must follow ST.')];
  }
  const issues: ValidationIssue[] = [];
  if (el(bht, 1) !== '0019') issues.push(issueAt(bht, 'bht', `BHT01 '${el(bht, 1) ?? ''}' must be 0019 (information source, subscriber, dependent).`, 'BHT01'));
  if (!BHT_PURPOSES.includes(el(bht, 2) ?? '')) issues.push(issueAt(bht, 'bht', `BHT02 '${el(bht, 2) ?? ''}' must be 00 (original) or 18 (reissue).`, 'BHT02'));
  if (el(bht, 3) === undefined) issues.push(issueAt(bht, 'missing-element', 'BHT03 reference identification is missing.', 'BHT03'));
  if (!BHT_CLAIM_TYPES.includes(el(bht, 6) ?? '')) {
    issues.push(issueAt(bht, 'bht', `BHT06 '${el(bht, 6) ?? ''}' must be CH (chargeable), RP (reporting) or 31 (subrogation demand).`, 'BHT06'));
  }
  return issues;
}

function checkSet(set: TransactionSet, componentSeparator: string): ValidationIssue[] {
  const { st, gs } = set;
  if (el(st, 1) !== '837') return [issueAt(st, 'transaction-type', `ST01 '${el(st, 1) ?? ''}' is not 837.`, 'ST01')];
  const issues: ValidationIssue[] = [];
  if (gs !== undefined && el(gs, 1) !== 'HC') issues.push(issueAt(gs, 'transaction-type', `GS01 '${el(gs, 1) ?? ''}' must be HC for an 837.`, 'GS01'));
  const version = el(gs ?? st, gs ? 8 : 3) ?? '';
  const kind = GUIDES[version];
  if (kind === undefined) {
    issues.push(issueAt(gs ?? st, 'unsupported-version', `${gs ? 'GS08' : 'ST03'} '${version}' is not 005010X222A1 (837P) or 005010X223A2 (837I).`, gs ? 'GS08' : 'ST03'));
    return issues;
  }
  issues.push(...checkBht(set));
  const bht = set.body[0];
  if (bht?.id === 'BHT') {
    const { issues: loopIssues, claims } = check837Loops(bht, set.body.slice(1));
    issues.push(...loopIssues);
    for (const claim of claims) issues.push(...check837Claim(claim, kind, componentSeparator));
  }
  issues.push(...checkNpis(set.body), ...checkDates(set.body));
  return issues;
}

export function validate837(text: string, _source: string): ValidationIssue[] {
  const { issues, sets, componentSeparator } = openInterchange(text);
  for (const set of sets) issues.push(...checkSet(set, componentSeparator));
  return issues.sort((a, b) => a.segmentIndex - b.segmentIndex);
}
