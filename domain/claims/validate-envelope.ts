// Envelope rules shared by the 837 and 276 validators: ISA fixed width, ISA/GS/ST nesting, control numbers
// that pair up (ISA13 = IEA02, GS06 = GE02, ST02 = SE02), the counts in SE01, GE01 and IEA01, and ST03 = GS08.
import { isCalendarDate } from '../remittance/dates';
import { issueAt, type ValidationIssue } from './validate-issue';
import { el, elementName, tokenize, type X12Segment } from './validate-x12';

/** One ST..SE transaction set with the envelope around it. */
export interface TransactionSet {
  isa?: X12Segment;
  gs?: X12Segment;
  st: X12Segment;
  /** ST through SE (SE missing when the set is not closed). */
  segments: X12Segment[];
  /** The segments between ST and SE. */
  body: X12Segment[];
}

/** ISA01..ISA16 fixed sizes: with them an ISA is 106 characters including its terminator. */
const ISA_SIZES = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
const ISA_LENGTH = 105;

export function checkIsa(isa: X12Segment): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (isa.elements.length !== 17) {
    issues.push(issueAt(isa, 'isa-element-size', `ISA has ${isa.elements.length - 1} elements; it must have 16.`));
  }
  ISA_SIZES.forEach((size, i) => {
    const value = isa.elements[i + 1];
    if (value !== undefined && value.length !== size) {
      issues.push(issueAt(isa, 'isa-element-size', `${elementName('ISA', i + 1)} is ${value.length} characters; it must be exactly ${size}.`, elementName('ISA', i + 1)));
    }
  });
  if (isa.length !== ISA_LENGTH) {
    issues.push(issueAt(isa, 'isa-fixed-width', `ISA is ${isa.length + 1} characters with its terminator; the fixed width is 106.`));
  }
  const date = el(isa, 9);
  if (date !== undefined && date.length === 6 && !isCalendarDate(`20${date}`)) {
    issues.push(issueAt(isa, 'date', 'ISA09 is not a calendar date (YYMMDD).', 'ISA09'));
  }
  const control = el(isa, 13);
  if (control !== undefined && !/^\d{9}$/.test(control)) {
    issues.push(issueAt(isa, 'isa-element-size', 'ISA13 must be nine digits.', 'ISA13'));
  }
  const usage = el(isa, 15);
  if (usage !== undefined && usage !== 'P' && usage !== 'T') {
    issues.push(issueAt(isa, 'isa-element-size', `ISA15 '${usage}' must be P (production) or T (test).`, 'ISA15'));
  }
  return issues;
}

function countMismatch(segment: X12Segment, rule: string, element: string, what: string, actual: number): ValidationIssue | undefined {
  const sent = el(segment, 1);
  if (sent !== undefined && /^\d+$/.test(sent) && Number(sent) === actual) return undefined;
  return issueAt(segment, rule, `${element} says ${sent === undefined ? 'nothing' : `'${sent}'`} but ${actual} ${what} were sent.`, element);
}

function controlMismatch(trailer: X12Segment, rule: string, trailerElement: string, header: X12Segment, headerElement: string, headerIndex: number): ValidationIssue | undefined {
  const sent = el(trailer, 2);
  const expected = el(header, headerIndex);
  if (sent === expected) return undefined;
  return issueAt(trailer, rule, `${trailerElement} '${sent ?? ''}' does not match ${headerElement} '${expected ?? ''}'.`, trailerElement);
}

/** Walks the envelope and returns its issues and the transaction sets found in it. */
export function checkEnvelope(segments: readonly X12Segment[]): { issues: ValidationIssue[]; sets: TransactionSet[] } {
  const issues: ValidationIssue[] = [];
  const sets: TransactionSet[] = [];
  let isa: X12Segment | undefined;
  let gs: X12Segment | undefined;
  let set: TransactionSet | undefined;
  let groups = 0;
  let setsInGroup = 0;
  const structure = (segment: X12Segment, message: string) => issues.push(issueAt(segment, 'envelope-structure', message));

  const closeSet = (at: X12Segment) => {
    if (set === undefined) return;
    structure(at, `Transaction set ${el(set.st, 2) ?? ''} has no SE before ${at.id}.`);
    set.body = set.segments.slice(1);
    sets.push(set);
    set = undefined;
    setsInGroup++;
  };
  const closeGroup = (at: X12Segment) => {
    closeSet(at);
    if (gs === undefined) return;
    structure(at, `Functional group ${el(gs, 6) ?? ''} has no GE before ${at.id}.`);
    gs = undefined;
    groups++;
  };

  if (segments[0] !== undefined && segments[0].id !== 'ISA') structure(segments[0], 'The file does not start with an ISA segment.');
  for (const segment of segments) {
    switch (segment.id) {
      case 'ISA':
        if (isa !== undefined) structure(segment, 'ISA before the IEA of the previous interchange.');
        closeGroup(segment);
        isa = segment;
        groups = 0;
        issues.push(...checkIsa(segment));
        break;
      case 'GS':
        closeGroup(segment);
        if (isa === undefined) structure(segment, 'GS outside an interchange (no ISA).');
        gs = segment;
        setsInGroup = 0;
        if (el(segment, 4) !== undefined && !isCalendarDate(el(segment, 4) ?? '')) {
          issues.push(issueAt(segment, 'date', 'GS04 is not a calendar date (CCYYMMDD).', 'GS04'));
        }
        break;
      case 'ST':
        closeSet(segment);
        if (gs === undefined) structure(segment, 'ST outside a functional group (no GS).');
        set = { isa, gs, st: segment, segments: [segment], body: [] };
        if (gs !== undefined && el(segment, 3) !== el(gs, 8)) {
          issues.push(issueAt(segment, 'version-mismatch', `ST03 '${el(segment, 3) ?? ''}' does not match GS08 '${el(gs, 8) ?? ''}'.`, 'ST03'));
        }
        break;
      case 'SE': {
        if (set === undefined) {
          structure(segment, 'SE without an ST.');
          break;
        }
        set.segments.push(segment);
        set.body = set.segments.slice(1, -1);
        const count = countMismatch(segment, 'segment-count', 'SE01', 'segments (ST through SE)', set.segments.length);
        if (count) issues.push(count);
        const control = controlMismatch(segment, 'set-control-number', 'SE02', set.st, 'ST02', 2);
        if (control) issues.push(control);
        sets.push(set);
        set = undefined;
        setsInGroup++;
        break;
      }
      case 'GE': {
        closeSet(segment);
        if (gs === undefined) {
          structure(segment, 'GE without a GS.');
          break;
        }
        const count = countMismatch(segment, 'group-set-count', 'GE01', 'transaction sets', setsInGroup);
        if (count) issues.push(count);
        const control = controlMismatch(segment, 'group-control-number', 'GE02', gs, 'GS06', 6);
        if (control) issues.push(control);
        gs = undefined;
        groups++;
        break;
      }
      case 'IEA': {
        closeGroup(segment);
        if (isa === undefined) {
          structure(segment, 'IEA without an ISA.');
          break;
        }
        const count = countMismatch(segment, 'interchange-group-count', 'IEA01', 'functional groups', groups);
        if (count) issues.push(count);
        const control = controlMismatch(segment, 'interchange-control-number', 'IEA02', isa, 'ISA13', 13);
        if (control) issues.push(control);
        isa = undefined;
        break;
      }
      default:
        if (set === undefined) structure(segment, `${segment.id} outside a transaction set.`);
        else set.segments.push(segment);
    }
  }
  const last = segments[segments.length - 1];
  if (last !== undefined) {
    if (set !== undefined) {
      structure(last, `Transaction set ${el(set.st, 2) ?? ''} has no SE.`);
      set.body = set.segments.slice(1);
      sets.push(set);
    }
    if (gs !== undefined) structure(last, `Functional group ${el(gs, 6) ?? ''} has no GE.`);
    if (isa !== undefined) structure(last, `Interchange ${el(isa, 13) ?? ''} has no IEA.`);
  }
  return { issues, sets };
}

/** Tokenizes `text` and checks its envelope; a file that is not X12 gives one 'not-x12' issue and no sets. */
export function openInterchange(text: string): { issues: ValidationIssue[]; sets: TransactionSet[]; componentSeparator: string } {
  const tokens = tokenize(text);
  if (!tokens.ok) {
    return { issues: [{ rule: 'not-x12', severity: 'error', segmentIndex: 0, segmentId: '', message: tokens.message }], sets: [], componentSeparator: ':' };
  }
  const { issues, sets } = checkEnvelope(tokens.segments);
  const first = tokens.segments[0];
  const last = tokens.segments[tokens.segments.length - 1];
  if (tokens.unterminated && last !== undefined) {
    issues.push(issueAt(last, 'envelope-structure', 'The last segment has no segment terminator.', undefined, 'warning'));
  }
  if (sets.length === 0 && first !== undefined) issues.push(issueAt(first, 'envelope-structure', 'No transaction set (ST..SE) in the file.'));
  return { issues, sets, componentSeparator: tokens.delimiters.component };
}
