// Loop rules of the 837 (X222A1 and X223A2 share them): the 1000A/1000B header names, the 2000A billing
// provider with its 2010AA name, NPI, address and tax id, 2000B subscriber with SBR and its 2010BA/2010BB
// names, the optional 2000C patient, and where the 2300 claims may sit.
import { checkHierarchy, splitLevels, type HierarchicalLevel } from './validate-hierarchy';
import { issueAt, type ValidationIssue } from './validate-issue';
import { el, isSegment, type X12Segment } from './validate-x12';

/** 2000A billing provider (20) at the top, 2000B subscriber (22) under it, 2000C patient (23) under 22. */
const LEVEL_PARENTS = { '20': [], '22': ['20'], '23': ['22'] } as const;

/** The CLM and what follows it in one level, up to the next CLM. */
export interface ClaimSegments {
  clm: X12Segment;
  segments: X12Segment[];
}

const required = (at: X12Segment, rule: 'required-loop' | 'required-segment', message: string) => issueAt(at, rule, message);

/** The header between BHT and the first HL: 1000A submitter (NM1*41, PER), then 1000B receiver (NM1*40). */
function checkHeader(bht: X12Segment, header: readonly X12Segment[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const submitter = header.findIndex((s) => isSegment(s, 'NM1', '41'));
  const receiver = header.findIndex((s) => isSegment(s, 'NM1', '40'));
  const at = (i: number) => header[i] ?? bht;
  if (submitter < 0) issues.push(required(bht, 'required-loop', 'Loop 1000A submitter name (NM1*41) is missing.'));
  else {
    const end = receiver > submitter ? receiver : header.length;
    if (!header.slice(submitter + 1, end).some((s) => s.id === 'PER')) {
      issues.push(required(at(submitter), 'required-segment', 'Loop 1000A submitter contact (PER) is missing.'));
    }
  }
  if (receiver < 0) issues.push(required(bht, 'required-loop', 'Loop 1000B receiver name (NM1*40) is missing.'));
  else if (submitter >= 0 && receiver < submitter) {
    issues.push(issueAt(at(receiver), 'loop-order', 'Loop 1000B receiver (NM1*40) comes before loop 1000A submitter (NM1*41).'));
  }
  return issues;
}

/** The segments of the NM1 loop starting at `start`: up to the next NM1. */
function nameLoop(segments: readonly X12Segment[], start: number): X12Segment[] {
  const end = segments.findIndex((s, i) => i > start && s.id === 'NM1');
  return segments.slice(start, end < 0 ? segments.length : end);
}

function checkBillingProvider(level: HierarchicalLevel): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const start = level.segments.findIndex((s) => isSegment(s, 'NM1', '85'));
  if (start < 0) return [required(level.hl, 'required-loop', 'Loop 2010AA billing provider name (NM1*85) is missing.')];
  const loop = nameLoop(level.segments, start);
  const nm1 = loop[0] as X12Segment;
  if (el(nm1, 8) !== 'XX') issues.push(issueAt(nm1, 'npi-qualifier', 'NM108 must be XX: the billing provider is identified by its NPI.', 'NM108'));
  if (!loop.some((s) => s.id === 'N3')) issues.push(required(nm1, 'required-segment', 'Loop 2010AA billing provider address (N3) is missing.'));
  if (!loop.some((s) => s.id === 'N4')) issues.push(required(nm1, 'required-segment', 'Loop 2010AA billing provider city, state, ZIP (N4) is missing.'));
  if (!loop.some((s) => isSegment(s, 'REF', 'EI', 'SY'))) {
    issues.push(required(nm1, 'required-segment', 'Loop 2010AA billing provider tax id (REF*EI) is missing.'));
  }
  return issues;
}

function checkSubscriber(level: HierarchicalLevel): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const first = level.segments[1];
  if (first === undefined || first.id !== 'SBR') {
    issues.push(required(level.hl, 'required-segment', 'Loop 2000B subscriber information (SBR) must follow HL*22.'));
  }
  const subscriber = level.segments.findIndex((s) => isSegment(s, 'NM1', 'IL'));
  const payer = level.segments.findIndex((s) => isSegment(s, 'NM1', 'PR'));
  if (subscriber < 0) issues.push(required(level.hl, 'required-loop', 'Loop 2010BA subscriber name (NM1*IL) is missing.'));
  if (payer < 0) issues.push(required(level.hl, 'required-loop', 'Loop 2010BB payer name (NM1*PR) is missing.'));
  else if (subscriber >= 0 && payer < subscriber) {
    issues.push(issueAt(level.segments[payer] as X12Segment, 'loop-order', 'Loop 2010BB payer (NM1*PR) comes before loop 2010BA subscriber (NM1*IL).'));
  }
  return issues;
}

function checkPatient(level: HierarchicalLevel): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const first = level.segments[1];
  if (first === undefined || first.id !== 'PAT') {
    issues.push(required(level.hl, 'required-segment', 'Loop 2000C patient information (PAT) must follow HL*23.'));
  }
  if (!level.segments.some((s) => isSegment(s, 'NM1', 'QC'))) {
    issues.push(required(level.hl, 'required-loop', 'Loop 2010CA patient name (NM1*QC) is missing.'));
  }
  return issues;
}

function claimsOf(level: HierarchicalLevel): ClaimSegments[] {
  const claims: ClaimSegments[] = [];
  for (const s of level.segments) {
    if (s.id === 'CLM') claims.push({ clm: s, segments: [s] });
    else claims[claims.length - 1]?.segments.push(s);
  }
  return claims;
}

/** Checks the header and HL loops of an 837 set body (after BHT) and returns its claims. */
export function check837Loops(bht: X12Segment, body: readonly X12Segment[]): { issues: ValidationIssue[]; claims: ClaimSegments[] } {
  const { header, levels } = splitLevels(body);
  const issues = checkHeader(bht, header);
  const claims: ClaimSegments[] = [];
  if (levels[0] === undefined) {
    issues.push(required(bht, 'required-loop', 'Loop 2000A billing provider (HL*20) is missing.'));
    return { issues, claims };
  }
  if (levels[0].level !== '20') issues.push(required(levels[0].hl, 'required-loop', 'The first HL must be loop 2000A billing provider (HL03 = 20).'));
  issues.push(...checkHierarchy(levels, LEVEL_PARENTS));
  if (!levels.some((l) => l.level === '22')) issues.push(required(levels[0].hl, 'required-loop', 'Loop 2000B subscriber (HL*22) is missing.'));
  for (const level of levels) {
    const found = claimsOf(level);
    if (level.level === '20') {
      issues.push(...checkBillingProvider(level));
      for (const c of found) issues.push(issueAt(c.clm, 'loop-order', 'Loop 2300 claim (CLM) sits in loop 2000A: it belongs under a subscriber (HL*22) or patient (HL*23).'));
      continue;
    }
    if (level.level === '22') issues.push(...checkSubscriber(level));
    if (level.level === '23') issues.push(...checkPatient(level));
    if ((level.level === '22' || level.level === '23') && !level.hasChildren && found.length === 0) {
      issues.push(required(level.hl, 'required-loop', `Loop 2300 claim (CLM) is missing under HL*${level.level}.`));
    }
    claims.push(...found);
  }
  return { issues, claims };
}
