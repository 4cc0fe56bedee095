// Checks a 276 claim status inquiry against the 005010X212 rules that decide whether a payer answers it:
// the envelope and its counts, BHT, the HL chain 20 → 21 → 19 → 22 (→ 23) with the name each level needs,
// and the claim loop (TRN*1, the REF qualifiers the guide allows, AMT*T1, DTP*472). We run it on what
// writeStatusInquiry produces; it takes any 276 text.
import { parseCents } from '../remittance/money';
import { checkNpis } from '../claims/validate-npi';
import { checkDates } from '../claims/validate-dates';
import { openInterchange, type TransactionSet } from '../claims/validate-envelope';
import { checkHierarchy, splitLevels, type HierarchicalLevel } from '../claims/validate-hierarchy';
import { issueAt, type ValidationIssue } from '../claims/validate-issue';
import { el, isSegment, type X12Segment } from '../claims/validate-x12';
import { STATUS_INQUIRY_VERSION } from './write-276';

const LEVEL_PARENTS = { '20': [], '21': ['20'], '19': ['21'], '22': ['19'], '23': ['22'] } as const;
/** The name each level must carry: information source, receiver, provider, subscriber, dependent. */
const LEVEL_NAMES: Readonly<Record<string, [entity: string, loop: string]>> = {
  '20': ['PR', '2100A information source'],
  '21': ['41', '2100B information receiver'],
  '19': ['1P', '2100C service provider'],
  '22': ['IL', '2100D subscriber'],
  '23': ['QC', '2100E dependent'],
};
/** 2200D/2200E REF qualifiers: bill type, payer claim control number, patient control number, pharmacy prescription number, voucher, line item control number. */
const CLAIM_REFS = ['BLT', '1K', 'EJ', 'XZ', 'VV', 'FJ'];

function checkClaimLoop(level: HierarchicalLevel): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const trn = level.segments.filter((s) => s.id === 'TRN');
  if (trn.length === 0) issues.push(issueAt(level.hl, 'required-segment', `Loop 2200${level.level === '22' ? 'D' : 'E'} claim status tracking number (TRN) is missing.`));
  for (const s of trn) {
    if (el(s, 1) !== '1') issues.push(issueAt(s, 'trace', `TRN01 '${el(s, 1) ?? ''}' must be 1 (current transaction trace number).`, 'TRN01'));
    const trace = el(s, 2);
    if (trace === undefined || trace.length > 50) issues.push(issueAt(s, 'trace', 'TRN02 trace number must be 1 to 50 characters.', 'TRN02'));
  }
  for (const s of level.segments) {
    if (s.id === 'REF') {
      if (!CLAIM_REFS.includes(el(s, 1) ?? '')) issues.push(issueAt(s, 'reference', `REF01 '${el(s, 1) ?? ''}' is not a claim reference of the 276 (${CLAIM_REFS.join(', ')}).`, 'REF01'));
      if (el(s, 2) === undefined) issues.push(issueAt(s, 'reference', 'REF02 is missing.', 'REF02'));
    } else if (s.id === 'AMT') {
      if (el(s, 1) !== 'T1') issues.push(issueAt(s, 'amount', `AMT01 '${el(s, 1) ?? ''}' must be T1 (total claim charge).`, 'AMT01'));
      if (parseCents(el(s, 2) ?? '') === undefined) issues.push(issueAt(s, 'amount', 'AMT02 is not an amount.', 'AMT02'));
    } else if (s.id === 'DTP' && el(s, 1) !== '472') {
      issues.push(issueAt(s, 'date', `DTP01 '${el(s, 1) ?? ''}' must be 472 (service date).`, 'DTP01'));
    }
  }
  return issues;
}

function checkLevels(bht: X12Segment, body: readonly X12Segment[]): ValidationIssue[] {
  const { header, levels } = splitLevels(body);
  const issues: ValidationIssue[] = header.map((s) => issueAt(s, 'loop-order', `${s.id} between BHT and the first HL.`));
  if (levels.length === 0) return [...issues, issueAt(bht, 'required-loop', 'Loop 2000A information source (HL*20) is missing.')];
  issues.push(...checkHierarchy(levels, LEVEL_PARENTS));
  for (const level of levels) {
    const name = LEVEL_NAMES[level.level];
    if (name === undefined) continue;
    const nm1 = level.segments[1];
    if (nm1 === undefined || !isSegment(nm1, 'NM1', name[0])) {
      issues.push(issueAt(level.hl, 'required-loop', `Loop ${name[1]} name (NM1*${name[0]}) must follow HL*${level.level}.`));
    }
    const claimLevel = level.level === '23' || (level.level === '22' && !level.hasChildren);
    if (claimLevel) issues.push(...checkClaimLoop(level));
    else {
      const stray = level.segments.find((s) => s.id === 'TRN');
      if (stray) issues.push(issueAt(stray, 'loop-order', `TRN in HL*${level.level}: claim loops belong under the patient's HL (22 without dependents, or 23).`));
    }
  }
  for (const code of ['20', '21', '19', '22']) {
    if (!levels.some((l) => l.level === code)) issues.push(issueAt(levels[0]?.hl ?? bht, 'required-loop', `HL level ${code} (${LEVEL_NAMES[code]?.[1] ?? ''}) is missing.`));
  }
  return issues;
}

function checkSet(set: TransactionSet): ValidationIssue[] {
  const { st, gs } = set;
  if (el(st, 1) !== '276') return [issueAt(st, 'transaction-type', `ST01 '${el(st, 1) ?? ''}' is not 276.`, 'ST01')];
  const issues: ValidationIssue[] = [];
  if (gs !== undefined && el(gs, 1) !== 'HR') issues.push(issueAt(gs, 'transaction-type', `GS01 '${el(gs, 1) ?? ''}' must be HR for a 276.`, 'GS01'));
  if (el(st, 3) !== STATUS_INQUIRY_VERSION) issues.push(issueAt(st, 'unsupported-version', `ST03 '${el(st, 3) ?? ''}' must be ${STATUS_INQUIRY_VERSION}.`, 'ST03'));
  const bht = set.body[0];
  if (bht === undefined || bht.id !== 'BHT') return [...issues, issueAt(bht ?? st, 'required-segment', 'BHT must follow ST.')];
  if (el(bht, 1) !== '0010') issues.push(issueAt(bht, 'bht', `BHT01 '${el(bht, 1) ?? ''}' must be 0010.`, 'BHT01'));
  if (el(bht, 2) !== '13') issues.push(issueAt(bht, 'bht', `BHT02 '${el(bht, 2) ?? ''}' must be 13 (request).`, 'BHT02'));
  issues.push(...checkLevels(bht, set.body.slice(1)), ...checkNpis(set.body), ...checkDates(set.body));
  return issues;
}

export function validate276(text: string, _source: string): ValidationIssue[] {
  const { issues, sets } = openInterchange(text);
  for (const set of sets) issues.push(...checkSet(set));
  return issues.sort((a, b) => a.segmentIndex - b.segmentIndex);
}
