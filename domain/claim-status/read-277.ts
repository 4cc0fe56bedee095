// Reads a 277 claim status response (005010X212) into one answer per claim-level STC (loops 2200D and
// 2200E) with the claim's trace number, payer and patient control numbers, codes with their meanings and a
// classification for denial work. Bad input gives positioned findings; it never throws. Names and member
// ids are not read at all.
import { component, el, type X12Segment } from '../claims/validate-x12';
import { openInterchange, type TransactionSet } from '../claims/validate-envelope';
import { splitLevels } from '../claims/validate-hierarchy';
import { isCalendarDate } from '../remittance/dates';
import { type Finding, type Money, type SegmentPosition } from '../remittance/model';
import { parseCents } from '../remittance/money';
import { categoryOf } from './category-codes';
import { statusFinding } from './findings';
import { type ClaimStatusAnswer, type ClaimStatusRead, type StatusCode } from './model';
import { statusMeaning } from './status-codes';

interface ClaimLoop {
  loop: '2200D' | '2200E';
  trn: X12Segment;
  statuses: X12Segment[];
  references: Map<string, string>;
  serviceDates?: { from: string; to: string };
}

class StatusReader {
  readonly answers: ClaimStatusAnswer[] = [];
  readonly findings: Finding[] = [];
  private set?: TransactionSet;

  constructor(
    private readonly source: string,
    private readonly separator: string,
  ) {}

  position(segment: { index: number; id: string }): SegmentPosition {
    const set = this.set;
    const position: SegmentPosition = { file: this.source, segment: segment.index, segmentId: segment.id };
    if (set?.isa) position.interchange = el(set.isa, 13);
    if (set?.gs) position.group = el(set.gs, 6);
    if (set) {
      position.set = el(set.st, 2);
      position.segmentInSet = segment.index - set.st.index + 1;
    }
    return position;
  }

  enter(set: TransactionSet): void {
    this.set = set;
  }

  readSet(set: TransactionSet): void {
    for (const level of splitLevels(set.body).levels) {
      const loop = level.level === '22' ? '2200D' : level.level === '23' ? '2200E' : undefined;
      let claim: ClaimLoop | undefined;
      let inServiceLine = false;
      for (const s of level.segments.slice(1)) {
        if (loop !== undefined && s.id === 'TRN') {
          if (claim) this.emit(claim);
          claim = { loop, trn: s, statuses: [], references: new Map() };
          inServiceLine = false;
        } else if (s.id === 'SVC') {
          inServiceLine = true;
        } else if (claim === undefined || inServiceLine) {
          // Line-level (2220D/E) status and references are not claim answers; STC outside a claim loop is noted.
          if (s.id === 'STC' && claim === undefined) {
            this.findings.push(statusFinding('status-outside-claim', `STC in HL level ${level.level} is not in a claim loop (2200D/2200E after TRN); it is not read.`, this.position(s)));
          }
        } else if (s.id === 'STC') {
          claim.statuses.push(s);
        } else if (s.id === 'REF' && el(s, 1) !== undefined && el(s, 2) !== undefined) {
          claim.references.set(el(s, 1) as string, el(s, 2) as string);
        } else if (s.id === 'DTP' && el(s, 1) === '472') {
          const [from = '', to = from] = (el(s, 3) ?? '').split('-');
          claim.serviceDates = { from, to };
        }
      }
      if (claim) this.emit(claim);
    }
  }

  private statusCode(composite: string | undefined): StatusCode | undefined {
    const categoryCode = component(composite, this.separator, 1);
    if (categoryCode === undefined) return undefined;
    const code: StatusCode = { categoryCode, categoryMeaning: categoryOf(categoryCode)?.meaning ?? 'Unknown category code' };
    const status = component(composite, this.separator, 2);
    const entity = component(composite, this.separator, 3);
    if (status !== undefined) {
      code.statusCode = status;
      const meaning = statusMeaning(status);
      if (meaning !== undefined) code.statusMeaning = meaning;
    }
    if (entity !== undefined) code.entityCode = entity;
    return code;
  }

  private money(stc: X12Segment, index: number): Money | undefined {
    const text = el(stc, index);
    if (text === undefined) return undefined;
    const cents = parseCents(text);
    if (cents === undefined) {
      this.findings.push(statusFinding('invalid-amount', `STC0${index} is not an amount; it is left out.`, this.position(stc)));
      return undefined;
    }
    return { text, cents };
  }

  private date(stc: X12Segment, index: number): string | undefined {
    const text = el(stc, index);
    if (text !== undefined && !isCalendarDate(text)) {
      this.findings.push(statusFinding('invalid-date', `STC0${index} is not a calendar date (CCYYMMDD); it is kept as sent.`, this.position(stc)));
    }
    return text;
  }

  private emit(claim: ClaimLoop): void {
    if (claim.statuses.length === 0) {
      this.findings.push(statusFinding('missing-status', `Claim loop ${claim.loop} has no STC: the payer gave no status for this claim.`, this.position(claim.trn)));
      return;
    }
    const traceNumber = el(claim.trn, 2);
    if (el(claim.trn, 1) !== '2') {
      this.findings.push(statusFinding('missing-element', `TRN01 '${el(claim.trn, 1) ?? ''}' should be 2 (referenced transaction trace number).`, this.position(claim.trn)));
    }
    for (const stc of claim.statuses) {
      const primary = this.statusCode(el(stc, 1));
      if (primary === undefined) {
        this.findings.push(statusFinding('missing-element', 'STC01-1 status category code is missing; this status is not read.', this.position(stc)));
        continue;
      }
      const category = categoryOf(primary.categoryCode);
      if (category === undefined) {
        this.findings.push(statusFinding('unknown-category-code', `STC01-1 '${primary.categoryCode}' is not a claim status category code.`, this.position(stc)));
      }
      const status = primary.statusCode === undefined ? '' : `; ${primary.statusCode}: ${primary.statusMeaning ?? 'status code not in our table'}`;
      const entity = primary.entityCode === undefined ? '' : ` (entity ${primary.entityCode})`;
      const answer: ClaimStatusAnswer = {
        ...primary,
        loop: claim.loop,
        classification: category?.classification ?? 'other',
        explanation: `${primary.categoryCode}: ${primary.categoryMeaning}${status}${entity}.`,
        additional: [el(stc, 10), el(stc, 11)].map((c) => this.statusCode(c)).filter((c): c is StatusCode => c !== undefined),
        position: this.position(stc),
      };
      const optional = {
        traceNumber,
        payerClaimControlNumber: claim.references.get('1K'),
        patientControlNumber: claim.references.get('EJ'),
        effectiveDate: this.date(stc, 2),
        totalCharge: this.money(stc, 4),
        payment: this.money(stc, 5),
        adjudicationDate: this.date(stc, 6),
        checkIssueDate: this.date(stc, 8),
        checkNumber: el(stc, 9),
        serviceDates: claim.serviceDates,
      };
      for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(answer, { [key]: value });
      this.answers.push(answer);
    }
  }
}

export function read277(text: string, source: string): ClaimStatusRead {
  const { issues, sets, componentSeparator } = openInterchange(text);
  const reader = new StatusReader(source, componentSeparator);
  for (const issue of issues) {
    const code = issue.rule === 'not-x12' || issue.rule === 'envelope-structure' ? issue.rule : 'envelope-mismatch';
    reader.findings.push(statusFinding(code, issue.message, { file: source, segment: issue.segmentIndex, segmentId: issue.segmentId }));
  }
  let read = 0;
  for (const set of sets) {
    reader.enter(set);
    if (el(set.st, 1) !== '277') {
      reader.findings.push(statusFinding('not-277-set', `Transaction set ${el(set.st, 1) ?? ''} is not a 277; it is skipped.`, reader.position(set.st)));
      continue;
    }
    read++;
    reader.readSet(set);
  }
  if (read === 0 && issues.every((i) => i.rule !== 'not-x12')) {
    reader.findings.push(statusFinding('no-277-set', 'The file holds no 277 transaction set.', { file: source, segment: 0, segmentId: '' }));
  }
  return { answers: reader.answers, findings: reader.findings };
}
