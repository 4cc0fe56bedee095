// Push parser: text in (any chunking), events out. Owns delimiter detection, segment splitting,
// positions, the ISA/GS/ST envelopes and their control checks; 835 set bodies go to TransactionBuilder.
import { longElement, MAX_ELEMENT_LENGTH, MAX_SEGMENT_LENGTH } from './bounds';
import { detectDelimiters, inferComponentSeparator } from './delimiters';
import { elementName, FieldReader } from './fields';
import { type FindingCode, makeFinding } from './findings';
import { readGroup, readInterchange } from './header-segments';
import {
  type Delimiters,
  type FileCounts,
  type Finding,
  type FunctionalGroup,
  type Interchange,
  type RemittanceContext,
  type RemittanceReadEvent,
  type SegmentPosition,
} from './model';
import { segmentKey } from './segment-ids';
import { SegmentSplitter } from './segments';
import { type ReaderHost, TransactionBuilder } from './transaction';
import { checkControlNumber, checkCount } from './validation';

interface OpenInterchange {
  info: Interchange;
  groups: number;
}
interface OpenGroup {
  info: FunctionalGroup;
  sets: number;
}
interface OpenSet {
  type: string;
  controlNumber: string;
  builder: TransactionBuilder | undefined;
}

const ISA = segmentKey('ISA');
const IEA = segmentKey('IEA');
const GS = segmentKey('GS');
const GE = segmentKey('GE');
const ST = segmentKey('ST');
const SE = segmentKey('SE');


/** segmentKey(text.slice(0, end)) for end 2 or 3, without the slice. */
function keyOf(text: string, end: number): number {
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  const c2 = end === 3 ? text.charCodeAt(2) : 0;
  if (c0 < 65 || c0 > 90 || !isIdChar(c1) || (end === 3 && !isIdChar(c2))) return -1;
  return (c0 << 16) | (c1 << 8) | c2;
}

function isIdChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * `text.split(element)` into `out` (reused for every segment: the builder reads a segment's elements
 * before the next one is split and keeps none of the arrays, so one array serves the whole file instead
 * of one per segment), with the already known (interned) id as element 0 so it is not sliced again.
 * `idEnd` is the index of the first separator, or negative when the segment is only its id.
 */
function splitElements(text: string, element: string, id: string, idEnd: number, out: string[]): string[] {
  out[0] = id;
  let n = 1;
  if (idEnd >= 0) {
    let start = idEnd + 1;
    let cut = text.indexOf(element, start);
    while (cut >= 0) {
      out[n++] = text.slice(start, cut);
      start = cut + 1;
      cut = text.indexOf(element, start);
    }
    out[n++] = text.slice(start);
  }
  out.length = n;
  return out;
}

/** Closing segments that may legitimately arrive without a final terminator. */
const CLOSING_IDS = new Set(['IEA', 'GE', 'SE']);

export class RemittanceParser implements ReaderHost {
  readonly fields = new FieldReader();
  private out: RemittanceReadEvent[] = [];
  private head = '';
  private splitter: SegmentSplitter | undefined;
  private delimiters: Delimiters | undefined;
  /** Element separator, cached off `delimiters` for the per-segment split. */
  private element = '*';
  /** The elements of the segment being read (see splitElements). */
  private readonly elements: string[] = [];
  /** Segment id strings by segmentKey, so segment ids are not sliced per segment (at most 36k ids). */
  private readonly ids = new Map<number, string>();
  /** Builder of the open 835 set; undefined outside sets and in skipped (non-835) sets. */
  private builder: TransactionBuilder | undefined;
  private componentKnown = false;
  private headless = false;
  private halted = false;
  private warnedUtf8 = false;

  private segmentInFile = 0;
  private segmentInSet = 0;
  private segmentId = '';
  private interchange: OpenInterchange | undefined;
  private group: OpenGroup | undefined;
  private set: OpenSet | undefined;
  private readonly setTypesSkipped = new Set<string>();
  private readonly rejection: Finding[] = [];
  private readonly counts: FileCounts = {
    segments: 0,
    interchanges: 0,
    sets835: 0,
    setsSkipped: 0,
    claims: 0,
    quarantined: 0,
    providerAdjustments: 0,
    envelopeErrors: 0,
    claimErrors: 0,
    warnings: 0,
  };

  constructor(private readonly source: string) {}

  /** Feeds decoded text. Events produced so far are collected with take(). */
  push(text: string): void {
    if (this.halted || text.length === 0) return;
    if (text.indexOf('\u0000') >= 0) {
      this.halt('binary-content', 'The file holds binary content (NUL bytes), not X12 text.');
      return;
    }
    if (!this.warnedUtf8 && text.indexOf('\ufffd') >= 0) {
      this.warnedUtf8 = true;
      this.finding('invalid-utf8', 'The file has bytes that are not valid UTF-8; they were replaced (names or addresses may be garbled).');
    }
    if (this.splitter === undefined) {
      this.head += text;
      this.detect(false);
      return;
    }
    this.splitter.push(text);
  }

  /** Input finished: flushes the last segment, reports truncation and the file verdict. */
  end(): void {
    if (!this.halted && this.splitter === undefined) this.detect(true);
    if (!this.halted && this.splitter !== undefined) {
      const tail = this.splitter.finish();
      const cut = tail.length > 0 ? this.tail(tail) : undefined;
      if (!this.halted) this.checkClosed(cut);
    }
    if (!this.halted && this.counts.sets835 === 0) {
      const seen = [...this.setTypesSkipped].join(', ');
      this.halt('no-835-set', `No 835 transaction set in the file${seen ? ` (found ${seen})` : ''}: the intake reads 835 remittances, 837P/837I claims and claim status files (277, 277CA, 999).`);
    }
    this.counts.segments = this.segmentInFile;
    this.emit({
      kind: 'end',
      file: this.source,
      verdict: this.rejection.length > 0 ? 'rejected' : 'accepted',
      counts: { ...this.counts },
      rejection: this.rejection,
    });
  }

  /** Events produced since the last call, in order. */
  take(): RemittanceReadEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  // ---- ReaderHost -------------------------------------------------------------------------------

  emit(event: RemittanceReadEvent): void {
    if (event.kind === 'claim') this.counts.claims++;
    else if (event.kind === 'quarantined') this.counts.quarantined++;
    else if (event.kind === 'provider-adjustment') this.counts.providerAdjustments++;
    this.out.push(event);
  }

  finding(code: FindingCode, message: string, position?: SegmentPosition): Finding {
    const finding = makeFinding(code, message, position ?? this.position());
    if (finding.severity === 'envelope') this.counts.envelopeErrors++;
    else if (finding.severity === 'claim') this.counts.claimErrors++;
    else this.counts.warnings++;
    this.out.push({ kind: 'finding', finding });
    return finding;
  }

  position(): SegmentPosition {
    return {
      file: this.source,
      interchange: this.interchange?.info.controlNumber,
      group: this.group?.info.controlNumber,
      set: this.set?.controlNumber,
      segment: this.segmentInFile,
      segmentInSet: this.set === undefined ? undefined : this.segmentInSet,
      segmentId: this.segmentId,
    };
  }

  component(composite: string): string {
    const delimiters = this.delimiters as Delimiters;
    const declared = delimiters.component;
    if (composite.indexOf(declared) >= 0) {
      this.componentKnown = true;
      return declared;
    }
    const seen = inferComponentSeparator(composite, delimiters.element);
    if (seen === undefined) return declared;
    if (!this.componentKnown) {
      // No ISA16 to read it from: the first composite tells us.
      delimiters.component = seen;
      this.componentKnown = true;
      return seen;
    }
    this.finding('component-separator-mismatch', `Composite uses '${seen}' but the component separator is '${declared}'; read with '${seen}'.`);
    return seen;
  }

  // ---- detection and segments ------------------------------------------------------------------

  private detect(final: boolean): void {
    const found = detectDelimiters(this.head, final);
    if (found.status === 'need-more') return;
    if (found.status === 'invalid') {
      this.halt(found.code, found.message);
      return;
    }
    this.delimiters = found.delimiters;
    this.element = found.delimiters.element;
    this.componentKnown = found.componentKnown;
    this.headless = found.envelope === 'ST';
    const head = this.head.slice(found.start);
    this.head = '';
    this.splitter = new SegmentSplitter(found.delimiters.segment, this, MAX_SEGMENT_LENGTH);
    this.splitter.push(head);
  }

  /** SegmentSink: one trimmed segment. Returns false to stop reading. */
  segment(text: string): boolean {
    // Only a segment longer than an element can hold one too long: one comparison for all the others.
    if (text.length > MAX_ELEMENT_LENGTH && this.rejectLongElement(text)) return false;
    const element = this.element;
    // Common case first: a valid 2–3 character id, read off the character codes without splitting.
    const idEnd = text.length > 3 && text.charCodeAt(2) === element.charCodeAt(0) ? 2 : text.indexOf(element);
    const key = idEnd === 2 || idEnd === 3 || (idEnd < 0 && text.length <= 3) ? keyOf(text, idEnd < 0 ? text.length : idEnd) : -1;
    if (key < 0 || key === ISA || key === IEA || key === GS || key === GE || key === ST || key === SE) return this.envelopeSegment(text, key);
    this.segmentInFile++;
    if (this.set !== undefined) this.segmentInSet++;
    const id = this.idOf(key, text, idEnd < 0 ? text.length : idEnd);
    this.segmentId = id;
    const builder = this.builder;
    if (builder !== undefined) builder.segment(key, splitElements(text, element, id, idEnd, this.elements), text);
    else if (this.set === undefined) this.halt('structure-broken', `${id} outside a transaction set (no open ST).`);
    return !this.halted;
  }

  /** SegmentSink: no terminator within MAX_SEGMENT_LENGTH characters. */
  overlong(text: string): void {
    if (this.rejectLongElement(text)) return;
    this.countDamaged(text);
    const terminator = JSON.stringify((this.delimiters as Delimiters).segment);
    this.halt(
      'segment-too-long',
      `Segment ${this.segmentInFile} runs past ${MAX_SEGMENT_LENGTH} characters without a segment terminator (${terminator}): the file is damaged, or ends its segments with another character.`,
    );
  }

  /** Rejects the file when an element of `text` is longer than any 835 element can be; true if it did. */
  private rejectLongElement(text: string): boolean {
    const long = longElement(text, this.element);
    if (long === undefined) return false;
    this.countDamaged(text);
    const name = long.index === 0 ? 'The segment id' : this.segmentId ? elementName(this.segmentId, long.index) : `Element ${long.index}`;
    this.halt(
      'element-too-long',
      `${name} is ${long.length} characters long; no 835 element comes near ${MAX_ELEMENT_LENGTH}: the file is damaged, and is rejected rather than read.`,
    );
    return true;
  }

  /** Counts a segment that will not be read, so findings point at it: its number and (readable) id. */
  private countDamaged(text: string): void {
    this.segmentInFile++;
    if (this.set !== undefined) this.segmentInSet++;
    const cut = text.indexOf(this.element);
    const id = cut < 0 ? text.slice(0, 3) : text.slice(0, cut);
    this.segmentId = segmentKey(id) >= 0 ? id : '';
  }

  /** Interned segment id for `key` (the same string every time, so ids cost no allocation). */
  private idOf(key: number, text: string, end: number): string {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = text.slice(0, end);
      this.ids.set(key, id);
    }
    return id;
  }

  /** Envelope segments (ISA, IEA, GS, GE, ST, SE) and unreadable ones: rare, read with a plain split. */
  private envelopeSegment(text: string, key0: number): boolean {
    const e = text.split(this.element);
    const id = e[0] as string;
    const key = key0 < 0 ? segmentKey(id) : key0;
    this.segmentInFile++;
    if (this.set !== undefined) this.segmentInSet++;
    if (key < 0) {
      this.segmentId = id.slice(0, 3);
      this.halt('unreadable-segment', `Segment ${this.segmentInFile} does not start with a segment id: the file is damaged or not X12.`);
      return false;
    }
    this.segmentId = id;
    if (key === ISA) this.openInterchange(e);
    else if (key === IEA) this.closeInterchange(e);
    else if (key === GS) this.openGroup(e);
    else if (key === GE) this.closeGroup(e);
    else if (key === ST) this.openSet(e);
    else if (key === SE) this.closeSet(e);
    else {
      const builder = this.builder;
      if (builder !== undefined) builder.segment(key, e, text);
      else if (this.set === undefined) this.halt('structure-broken', `${id} outside a transaction set (no open ST).`);
    }
    return !this.halted;
  }

  /**
   * The input ended without a terminator after the last segment. A complete closing segment (IEA, GE,
   * SE) is read with a warning; anything else is a segment cut off, described in the returned text.
   */
  private tail(text: string): string | undefined {
    const id = text.split(this.element)[0] ?? '';
    if (CLOSING_IDS.has(id)) {
      this.segment(text);
      if (!this.halted) this.finding('missing-final-terminator', `The last segment (${id}) has no segment terminator.`);
      return undefined;
    }
    this.segmentInFile++;
    this.segmentId = segmentKey(id) > 0 ? id : '';
    return `it ends in the middle of segment ${this.segmentInFile}${this.segmentId ? ` (${this.segmentId})` : ''}`;
  }

  private checkClosed(cut: string | undefined): void {
    const open: string[] = cut === undefined ? [] : [cut];
    if (this.set !== undefined) open.push(`transaction set ${this.set.controlNumber} has no SE`);
    if (this.group !== undefined) open.push(`group ${this.group.info.controlNumber} has no GE`);
    if (this.interchange !== undefined) open.push(`interchange ${this.interchange.info.controlNumber} has no IEA`);
    if (open.length > 0) this.halt('truncated', `The file is truncated: ${open.join('; ')}.`);
  }

  /** Envelope error: the file is rejected and reading stops; an open claim is quarantined. */
  private halt(code: FindingCode, message: string): void {
    const finding = this.finding(code, message);
    this.rejection.push(finding);
    this.halted = true;
    this.set?.builder?.abort(finding);
  }

  // ---- envelopes --------------------------------------------------------------------------------

  private openInterchange(e: string[]): void {
    if (this.set !== undefined || this.group !== undefined || this.interchange !== undefined) {
      this.halt('structure-broken', `ISA while ${this.describeOpen()} is still open.`);
      return;
    }
    const delimiters = this.delimiters as Delimiters;
    if (e.length < 17) {
      this.halt('isa-malformed', `ISA has ${e.length - 1} elements instead of 16.`);
      return;
    }
    // Each interchange declares its own component separator (ISA16).
    const component = (e[16] ?? '').charAt(0);
    if (component && component !== delimiters.component) delimiters.component = component;
    this.componentKnown = true;
    const info = readInterchange(e, { ...delimiters });
    this.interchange = { info, groups: 0 };
    this.counts.interchanges++;
    this.emit({ kind: 'interchange-start', interchange: info, position: this.position() });
  }

  private closeInterchange(e: string[]): void {
    const interchange = this.interchange;
    if (interchange === undefined || this.group !== undefined || this.set !== undefined) {
      this.halt('structure-broken', interchange === undefined ? 'IEA without ISA.' : `IEA while ${this.describeOpen()} is still open.`);
      return;
    }
    const control = interchange.info.controlNumber;
    this.warnIf('interchange-control-mismatch', checkControlNumber('ISA13/IEA02', control, e[2]));
    this.warnIf('group-count-mismatch', checkCount(`IEA01 group count of interchange ${control}`, e[1], interchange.groups));
    this.emit({ kind: 'interchange-end', controlNumber: control, groups: interchange.groups, position: this.position() });
    this.interchange = undefined;
  }

  private openGroup(e: string[]): void {
    if (this.set !== undefined || this.group !== undefined || (this.interchange === undefined && !this.headless)) {
      this.halt('structure-broken', this.interchange === undefined ? 'GS outside an interchange (after IEA).' : `GS while ${this.describeOpen()} is still open.`);
      return;
    }
    this.group = { info: readGroup(e), sets: 0 };
    if (this.interchange !== undefined) this.interchange.groups++;
  }

  private closeGroup(e: string[]): void {
    const group = this.group;
    if (group === undefined || this.set !== undefined) {
      this.halt('structure-broken', group === undefined ? 'GE without GS.' : `GE while ${this.describeOpen()} is still open.`);
      return;
    }
    const control = group.info.controlNumber;
    this.warnIf('group-control-mismatch', checkControlNumber('GS06/GE02', control, e[2]));
    this.warnIf('set-count-mismatch', checkCount(`GE01 transaction set count of group ${control}`, e[1], group.sets));
    this.group = undefined;
  }

  private openSet(e: string[]): void {
    if (this.set !== undefined) {
      this.halt('structure-broken', `ST while ${this.describeOpen()} is still open (SE missing).`);
      return;
    }
    if (!this.headless && (this.interchange === undefined || this.group === undefined)) {
      if (this.interchange === undefined) {
        this.halt('structure-broken', 'ST outside an interchange (after IEA).');
        return;
      }
      this.finding('missing-group', 'ST without an enclosing GS functional group.');
    }
    const type = e[1] ?? '';
    const controlNumber = e[2] ?? '';
    this.segmentInSet = 1;
    if (this.headless && this.segmentInFile === 1) {
      this.finding('no-interchange-envelope', 'The file starts at ST without ISA/GS; delimiters were inferred.');
    }
    if (this.group !== undefined) this.group.sets++;
    if (type !== '835') {
      this.set = { type, controlNumber, builder: undefined };
      this.counts.setsSkipped++;
      this.setTypesSkipped.add(type);
      this.emit({ kind: 'set-skipped', setType: type, controlNumber, position: this.position() });
      return;
    }
    const context: RemittanceContext = {
      source: this.source,
      interchange: this.interchange?.info,
      group: this.group?.info,
      transaction: { controlNumber, implementationReference: e[3] || undefined },
      payment: undefined,
      trace: undefined,
      currency: undefined,
      productionDate: undefined,
      references: [],
      payer: undefined,
      payee: undefined,
    };
    this.set = { type, controlNumber, builder: undefined };
    this.set.builder = new TransactionBuilder(this, context);
    this.builder = this.set.builder;
    this.counts.sets835++;
    this.emit({
      kind: 'set-start',
      controlNumber,
      implementationReference: context.transaction.implementationReference,
      interchange: this.interchange?.info.controlNumber,
      group: this.group?.info,
      position: this.position(),
    });
  }

  private closeSet(e: string[]): void {
    const set = this.set;
    if (set === undefined) {
      this.halt('structure-broken', 'SE without ST.');
      return;
    }
    this.warnIf('set-control-mismatch', checkControlNumber('ST02/SE02', set.controlNumber, e[2]));
    this.warnIf('segment-count-mismatch', checkCount(`SE01 segment count of set ${set.controlNumber}`, e[1], this.segmentInSet));
    set.builder?.close(this.position());
    this.set = undefined;
    this.builder = undefined;
  }

  private warnIf(code: FindingCode, message: string | undefined): void {
    if (message !== undefined) this.finding(code, message);
  }

  private describeOpen(): string {
    if (this.set !== undefined) return `transaction set ${this.set.controlNumber}`;
    if (this.group !== undefined) return `group ${this.group.info.controlNumber}`;
    return `interchange ${this.interchange?.info.controlNumber ?? ''}`;
  }
}
