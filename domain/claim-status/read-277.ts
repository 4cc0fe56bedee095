// Reads a 277 claim status response (005010X212) into one answer per claim-level STC (loops 2200D and
// 2200E) with the claim's trace number, payer and patient control numbers, codes with their meanings and a
// classification for denial work. Bad input gives positioned findings; it never throws. Names and member
// ids are not read at all. The 277CA (005010X214) shares this structure with other HL levels, so its
// reader (domain/acknowledgements) calls readStatusSets with its own level-to-loop table.
import { component, el, type X12Segment } from '../claims/validate-x12';
import { openInterchange, type TransactionSet } from '../claims/validate-envelope';
import { splitLevels } from '../claims/validate-hierarchy';
import { isCalendarDate } from '../remittance/dates';
import { type Finding, type Money, type SegmentPosition } from '../remittance/model';
import { parseCents } from '../remittance/money';
import { categoryOf } from './category-codes';
import { envelopeFindings, positionIn, statusFinding } from './findings';
import { type ClaimStatusAnswer, type ClaimStatusRead, type StatusCode, type StatusLoop } from './model';
import { statusMeaning } from './status-codes';

/** HL03 level code → the status loop its TRN/STC segments form; levels not listed carry no statuses. */
export type StatusLevels = Readonly<Record<string, StatusLoop>>;

const LEVELS_277: StatusLevels = { '22': '2200D', '23': '2200E' };

interface ClaimLoop {
  loop: StatusLoop;
  /** HL01 ids from the top level down to this loop's level, prefixed with the ST's segment index. */
  path: string[];
  trn: X12Segment;
  /** NM109 of the information source level above (HL 20, NM1*PR) when there is one. */
  payerId?: string | undefined;
  statuses: X12Segment[];
  references: Map<string, string>;
  serviceDates?: { from: string; to: string };
}

class StatusReader {
  readonly answers: ClaimStatusAnswer[] = [];
  readonly findings: Finding[] = [];
  /** Where each answer sits: its HL path, so a batch-level status can reach the claims under it, and its loop's TRN. */
  readonly places = new Map<ClaimStatusAnswer, StatusPlace>();
  private set?: TransactionSet;

  constructor(
    private readonly source: string,
    private readonly separator: string,
    private readonly levels: StatusLevels,
  ) {}

  position(segment: { index: number; id: string }): SegmentPosition {
    return positionIn(this.source, this.set, segment);
  }

  enter(set: TransactionSet): void {
    this.set = set;
  }

  readSet(set: TransactionSet): void {
    // The ST's place in the file, not ST02: two interchanges in one file may both number their set 0001.
    const prefix = String(set.st.index);
    const parents = new Map<string, string | undefined>();
    // The payer (information source, HL level 20, NM1*PR) of each level, inherited by the levels under it.
    const payers = new Map<string, string | undefined>();
    const pathOf = (id: string): string[] => {
      const path: string[] = [];
      for (let at: string | undefined = id; at !== undefined && !path.includes(`${prefix}/${at}`); at = parents.get(at)) path.unshift(`${prefix}/${at}`);
      return path;
    };
    for (const level of splitLevels(set.body).levels) {
      const loop = Object.hasOwn(this.levels, level.level) ? this.levels[level.level] : undefined;
      const id = el(level.hl, 1) ?? '';
      parents.set(id, el(level.hl, 2));
      const source = level.level === '20' ? level.segments.find((s) => s.id === 'NM1' && el(s, 1) === 'PR') : undefined;
      payers.set(id, source ? el(source, 9) : payers.get(el(level.hl, 2) ?? ''));
      let claim: ClaimLoop | undefined;
      let inServiceLine = false;
      for (const s of level.segments.slice(1)) {
        if (loop !== undefined && s.id === 'TRN') {
          if (claim) this.emit(claim);
          claim = { loop, path: pathOf(id), trn: s, payerId: payers.get(id), statuses: [], references: new Map() };
          inServiceLine = false;
        } else if (s.id === 'SVC') {
          inServiceLine = true;
        } else if (claim === undefined || inServiceLine) {
          // Line-level (2220D/E) status and references are not claim answers; STC outside a claim loop is noted.
          if (s.id === 'STC' && claim === undefined) {
            this.findings.push(statusFinding('status-outside-claim', `STC in HL level ${level.level} is not in a status loop (${Object.values(this.levels).join('/')} after TRN); it is not read.`, this.position(s)));
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
    const isClaim = claim.loop === '2200D' || claim.loop === '2200E';
    // A 277CA batch loop (2200B/2200C) without STC is allowed: the batch status is then told per claim.
    if (claim.statuses.length === 0 && !isClaim) return;
    if (claim.statuses.length === 0) {
      this.findings.push(statusFinding('missing-status', `Claim loop ${claim.loop} has no STC: the payer gave no status for this claim.`, this.position(claim.trn)));
      return;
    }
    const traceNumber = el(claim.trn, 2);
    // Batch loops (2200B/2200C of a 277CA) trace the batch, with TRN01 1 or 2 depending on the level.
    if (isClaim && el(claim.trn, 1) !== '2') {
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
        payerId: claim.payerId,
        payerClaimControlNumber: claim.references.get('1K'),
        patientControlNumber: claim.references.get('EJ'),
        clearinghouseTraceNumber: claim.references.get('D9'),
        effectiveDate: this.date(stc, 2),
        actionCode: el(stc, 3),
        totalCharge: this.money(stc, 4),
        payment: this.money(stc, 5),
        adjudicationDate: this.date(stc, 6),
        checkIssueDate: this.date(stc, 8),
        checkNumber: el(stc, 9),
        serviceDates: claim.serviceDates,
      };
      for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(answer, { [key]: value });
      this.answers.push(answer);
      this.places.set(answer, { path: claim.path, trn: claim.trn.index });
    }
  }
}

export interface StatusPlace {
  /** HL01 ids from the top level down, each as '<ST segment index>/HL01' so ids from different sets do not meet. */
  path: readonly string[];
  /** File index of the TRN that opened the loop: STCs of one loop share it. */
  trn: number;
}

export interface StatusSetsRead extends ClaimStatusRead {
  places: ReadonlyMap<ClaimStatusAnswer, StatusPlace>;
}

/** Reads every 277 set of `text` whose ST03 is `version`, with `levels` saying which HL levels hold statuses. */
export function readStatusSets(text: string, source: string, levels: StatusLevels, version?: string): StatusSetsRead {
  const { issues, sets, componentSeparator } = openInterchange(text);
  const reader = new StatusReader(source, componentSeparator, levels);
  reader.findings.push(...envelopeFindings(issues, source));
  let read = 0;
  for (const set of sets) {
    reader.enter(set);
    if (el(set.st, 1) !== '277') {
      reader.findings.push(statusFinding('not-277-set', `Transaction set ${el(set.st, 1) ?? ''} is not a 277; it is skipped.`, reader.position(set.st)));
      continue;
    }
    if (version !== undefined && el(set.st, 3) !== version) {
      reader.findings.push(statusFinding('not-277-set', `Transaction set 277 is version '${el(set.st, 3) ?? ''}', not ${version}; it is skipped.`, reader.position(set.st)));
      continue;
    }
    read++;
    reader.readSet(set);
  }
  if (read === 0 && issues.every((i) => i.rule !== 'not-x12')) {
    reader.findings.push(statusFinding('no-277-set', `The file holds no ${version ?? '277'} transaction set.`, { file: source, segment: 0, segmentId: '' }));
  }
  return { answers: reader.answers, findings: reader.findings, places: reader.places };
}

export function read277(text: string, source: string): ClaimStatusRead {
  const { answers, findings } = readStatusSets(text, source, LEVELS_277);
  return { answers, findings };
}
