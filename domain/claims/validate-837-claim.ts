// Claim rules of the 837 (loops 2300 and 2400): the total equals the lines, CLM05 names the right
// facility code qualifier and a frequency the payer can act on (a replacement or void must name the
// payer's claim control number), a principal diagnosis comes first, professional lines point at
// diagnoses that exist, and institutional claims carry CL1, statement dates and 4-digit revenue codes.
import { formatCents, parseCents } from '../remittance/money';
import { type ClaimSegments } from './validate-837-loops';
import { issueAt, type ValidationIssue } from './validate-issue';
import { component, el, isSegment, type X12Segment } from './validate-x12';

export type ClaimKind = 'professional' | 'institutional';

const PRINCIPAL = ['ABK', 'BK'];
/** HI qualifiers of diagnoses that SV107 pointers count through (principal, then other). */
const DIAGNOSES = ['ABK', 'BK', 'ABF', 'BF'];
const FREQUENCIES = ['1', '7', '8'];
const MAX_POINTER = 12;

interface Line {
  lx: X12Segment;
  segments: X12Segment[];
}

function split(claim: ClaimSegments): { header: X12Segment[]; lines: Line[] } {
  const header: X12Segment[] = [];
  const lines: Line[] = [];
  for (const s of claim.segments) {
    if (s.id === 'LX') lines.push({ lx: s, segments: [s] });
    else if (lines.length === 0) header.push(s);
    else lines[lines.length - 1]?.segments.push(s);
  }
  return { header, lines };
}

function amount(segment: X12Segment, index: number, name: string, issues: ValidationIssue[]): number | undefined {
  const text = el(segment, index);
  const cents = text === undefined ? undefined : parseCents(text);
  if (cents === undefined) issues.push(issueAt(segment, 'amount', `${name} ${text === undefined ? 'is missing' : 'is not an amount'}.`, name));
  return cents;
}

function checkClm(clm: X12Segment, header: readonly X12Segment[], kind: ClaimKind, c: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (el(clm, 1) === undefined) issues.push(issueAt(clm, 'missing-element', 'CLM01 patient control number is missing.', 'CLM01'));
  const location = el(clm, 5);
  if (component(location, c, 1) === undefined) {
    issues.push(issueAt(clm, 'missing-element', 'CLM05-1 facility code (place of service or type of bill) is missing.', 'CLM05-1'));
  }
  const qualifier = component(location, c, 2);
  const expected = kind === 'professional' ? 'B' : 'A';
  if (qualifier !== expected) {
    issues.push(issueAt(clm, 'facility-code-qualifier', `CLM05-2 '${qualifier ?? ''}' must be ${expected} (${kind === 'professional' ? 'place of service' : 'uniform billing type of bill'}).`, 'CLM05-2'));
  }
  const frequency = component(location, c, 3);
  if (frequency === undefined || !FREQUENCIES.includes(frequency)) {
    issues.push(issueAt(clm, 'claim-frequency', `CLM05-3 '${frequency ?? ''}' must be 1 (original), 7 (replacement) or 8 (void).`, 'CLM05-3'));
  } else if (frequency !== '1' && !header.some((s) => isSegment(s, 'REF', 'F8'))) {
    issues.push(issueAt(clm, 'payer-claim-control-number', `A ${frequency === '7' ? 'replacement' : 'void'} (CLM05-3 = ${frequency}) needs the payer claim control number of the original claim (REF*F8 in loop 2300).`, 'CLM05-3'));
  }
  return issues;
}

/** Checks HI and returns how many diagnoses SV107 may point at. */
function checkDiagnoses(clm: X12Segment, header: readonly X12Segment[], c: string, issues: ValidationIssue[]): number {
  const his = header.filter((s) => s.id === 'HI');
  const first = his[0];
  if (first === undefined) {
    issues.push(issueAt(clm, 'principal-diagnosis', 'Loop 2300 has no HI: a principal diagnosis (ABK or BK) is required.'));
    return 0;
  }
  const qualifier = component(el(first, 1), c, 1);
  if (qualifier === undefined || !PRINCIPAL.includes(qualifier) || component(el(first, 1), c, 2) === undefined) {
    issues.push(issueAt(first, 'principal-diagnosis', `HI01-1 '${qualifier ?? ''}' must be ABK (ICD-10) or BK (ICD-9) with a code: the principal diagnosis comes first.`, 'HI01-1'));
  }
  let count = 0;
  for (const hi of his) {
    for (const composite of hi.elements.slice(1)) {
      if (DIAGNOSES.includes(component(composite, c, 1) ?? '') && component(composite, c, 2) !== undefined) count++;
    }
  }
  return Math.min(count, MAX_POINTER);
}

function checkPointers(sv1: X12Segment, diagnoses: number, c: string): ValidationIssue[] {
  const pointers = el(sv1, 7);
  if (pointers === undefined) return [issueAt(sv1, 'diagnosis-pointer', 'SV107-1 diagnosis pointer is missing.', 'SV107-1')];
  const issues: ValidationIssue[] = [];
  const parts = pointers.split(c);
  if (parts.length > 4) issues.push(issueAt(sv1, 'diagnosis-pointer', `SV107 has ${parts.length} pointers; at most 4 are allowed.`, 'SV107'));
  parts.forEach((p, i) => {
    if (p.length === 0 && i > 0) return;
    const n = /^\d{1,2}$/.test(p) ? Number(p) : Number.NaN;
    if (!(n >= 1 && n <= MAX_POINTER) || n > diagnoses) {
      issues.push(issueAt(sv1, 'diagnosis-pointer', `SV107-${i + 1} '${p}' does not point at one of the claim's ${diagnoses} HI diagnoses (1 to ${Math.min(diagnoses, MAX_POINTER)}).`, `SV107-${i + 1}`));
    }
  });
  return issues;
}

/** Checks one 2300 claim with its 2400 lines. `c` is the component separator (ISA16). */
export function check837Claim(claim: ClaimSegments, kind: ClaimKind, c: string): ValidationIssue[] {
  const { clm } = claim;
  const { header, lines } = split(claim);
  const issues = checkClm(clm, header, kind, c);
  const total = amount(clm, 2, 'CLM02', issues);
  const diagnoses = checkDiagnoses(clm, header, c, issues);
  if (kind === 'institutional') {
    if (!header.some((s) => s.id === 'CL1')) issues.push(issueAt(clm, 'institutional-cl1', 'Institutional claim information (CL1) is missing from loop 2300.'));
    if (!header.some((s) => isSegment(s, 'DTP', '434') && el(s, 2) === 'RD8')) {
      issues.push(issueAt(clm, 'statement-dates', 'Statement dates (DTP*434 with RD8) are missing from loop 2300.'));
    }
  }
  if (lines.length === 0) {
    issues.push(issueAt(clm, 'required-loop', 'Loop 2400 service line (LX) is missing: a claim needs at least one line.'));
    return issues;
  }
  const serviceId = kind === 'professional' ? 'SV1' : 'SV2';
  let sum: number | undefined = 0;
  lines.forEach((line, i) => {
    if (el(line.lx, 1) !== String(i + 1)) {
      issues.push(issueAt(line.lx, 'lx-sequence', `LX01 '${el(line.lx, 1) ?? ''}' should be ${i + 1}: service lines count up from 1 in each claim.`, 'LX01'));
    }
    const service = line.segments[1];
    if (service === undefined || service.id !== serviceId) {
      const wrong = line.segments.find((s) => s.id === 'SV1' || s.id === 'SV2');
      issues.push(issueAt(line.lx, 'service-line', wrong ? `${wrong.id} is the wrong service segment for a ${kind} claim: it must be ${serviceId}.` : `${serviceId} must follow LX.`));
      sum = undefined;
      return;
    }
    if (kind === 'professional') {
      const charge = amount(service, 2, 'SV102', issues);
      sum = sum === undefined || charge === undefined ? undefined : sum + charge;
      issues.push(...checkPointers(service, diagnoses, c));
    } else {
      if (!/^\d{4}$/.test(el(service, 1) ?? '')) issues.push(issueAt(service, 'revenue-code', `SV201 revenue code '${el(service, 1) ?? ''}' must be 4 digits.`, 'SV201'));
      const charge = amount(service, 3, 'SV203', issues);
      sum = sum === undefined || charge === undefined ? undefined : sum + charge;
    }
  });
  if (total !== undefined && sum !== undefined && total !== sum) {
    issues.push(issueAt(clm, 'claim-total', `CLM02 ${formatCents(total)} is not the sum of the line charges (${kind === 'professional' ? 'SV102' : 'SV203'}), ${formatCents(sum)}.`, 'CLM02'));
  }
  return issues;
}
