// Push parser for 837 files: text in (any chunking), events out. Delimiter detection, segment splitting
// and length bounds are the 835 reader's (domain/remittance), so both readers refuse the same bad input;
// this file owns positions, the ISA/GS/ST envelopes and their control checks, and hands 837P/837I set
// bodies to ClaimTransaction.
import { longElement, MAX_ELEMENT_LENGTH, MAX_SEGMENT_LENGTH } from '../remittance/bounds';
import { detectDelimiters, inferComponentSeparator } from '../remittance/delimiters';
import { readGroup, readInterchange } from '../remittance/header-segments';
import { type Delimiters, type Finding, type FunctionalGroup, type SegmentPosition } from '../remittance/model';
import { segmentKey } from '../remittance/segment-ids';
import { SegmentSplitter } from '../remittance/segments';
import { checkControlNumber, checkCount } from '../remittance/validation';
import { ClaimFieldReader, elementName } from './fields';
import { type ClaimFindingCode, makeClaimFinding } from './findings';
import { kindOfGuide } from './guide';
import { type ClaimFileCounts, type ClaimReadEvent } from './model';
import { ClaimTransaction, type ClaimReaderHost } from './transaction';

interface OpenInterchange {
  controlNumber: string;
  text: string;
  groups: number;
}
interface OpenGroup {
  info: FunctionalGroup;
  text: string;
  sets: number;
}
interface OpenSet {
  controlNumber: string;
  transaction: ClaimTransaction | undefined;
}

/** Closing segments that may legitimately arrive without a final terminator. */
const CLOSING_IDS = new Set(['IEA', 'GE', 'SE']);

export class ClaimFileParser implements ClaimReaderHost {
  readonly fields = new ClaimFieldReader();
  private out: ClaimReadEvent[] = [];
  private head = '';
  private splitter: SegmentSplitter | undefined;
  private current: Delimiters | undefined;
  private componentKnown = false;
  private componentWarned = false;
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
  private readonly counts: ClaimFileCounts = {
    segments: 0,
    interchanges: 0,
    sets837: 0,
    setsSkipped: 0,
    claims: 0,
    quarantined: 0,
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
      this.finding('invalid-utf8', 'The file has bytes that are not valid UTF-8; they were replaced.');
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
    if (!this.halted && this.counts.sets837 === 0) {
      const seen = [...this.setTypesSkipped].join(', ');
      this.halt('no-837-set', `No 837 professional or institutional transaction set in the file${seen ? ` (found ${seen})` : ''}.`);
    }
    this.counts.segments = this.segmentInFile;
    this.emit({ kind: 'end', file: this.source, verdict: this.rejection.length > 0 ? 'rejected' : 'accepted', counts: { ...this.counts }, rejection: this.rejection });
  }

  /** Events produced since the last call, in order. */
  take(): ClaimReadEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  // ---- ClaimReaderHost ---------------------------------------------------------------------------

  emit(event: ClaimReadEvent): void {
    if (event.kind === 'claim') this.counts.claims++;
    else if (event.kind === 'quarantined') this.counts.quarantined++;
    this.out.push(event);
  }

  finding(code: ClaimFindingCode, message: string, position?: SegmentPosition): Finding {
    const finding = makeClaimFinding(code, message, position ?? this.position());
    if (finding.severity === 'envelope') this.counts.envelopeErrors++;
    else if (finding.severity === 'claim') this.counts.claimErrors++;
    else this.counts.warnings++;
    this.out.push({ kind: 'finding', finding });
    return finding;
  }

  position(): SegmentPosition {
    return {
      file: this.source,
      interchange: this.interchange?.controlNumber,
      group: this.group?.info.controlNumber,
      set: this.set?.controlNumber,
      segment: this.segmentInFile,
      segmentInSet: this.set === undefined ? undefined : this.segmentInSet,
      segmentId: this.segmentId,
    };
  }

  delimiters(): Delimiters {
    return this.current as Delimiters;
  }

  /**
   * The separator to split `composite` with. A file whose composites use another separator than its ISA16
   * declares (seen in guide examples reproduced by parsers) is read with the one it uses, with one warning
   * per interchange; the claims then carry that separator, so corrections are written consistently.
   */
  component(composite: string): string {
    const delimiters = this.current as Delimiters;
    const declared = delimiters.component;
    if (composite.indexOf(declared) >= 0) {
      this.componentKnown = true;
      return declared;
    }
    const seen = inferComponentSeparator(composite, delimiters.element);
    if (seen === undefined) return declared;
    if (this.componentKnown && !this.componentWarned) {
      this.componentWarned = true;
      this.finding('component-separator-mismatch', `Composites use '${seen}' but the component separator is '${declared}'; read with '${seen}'.`);
    }
    delimiters.component = seen;
    this.componentKnown = true;
    return seen;
  }

  // ---- detection and segments ------------------------------------------------------------------

  private detect(final: boolean): void {
    const found = detectDelimiters(this.head, final);
    if (found.status === 'need-more') return;
    if (found.status === 'invalid') {
      // The shared detector words its not-X12 message for 835s.
      this.halt(found.code, found.code === 'not-x12' ? 'No ISA or ST segment at the start of the file: not an X12 837.' : found.message);
      return;
    }
    this.current = found.delimiters;
    this.componentKnown = found.componentKnown;
    this.headless = found.envelope === 'ST';
    const head = this.head.slice(found.start);
    this.head = '';
    this.splitter = new SegmentSplitter(found.delimiters.segment, this, MAX_SEGMENT_LENGTH);
    this.splitter.push(head);
  }

  /** SegmentSink: one trimmed segment. Returns false to stop reading. */
  segment(text: string): boolean {
    const element = (this.current as Delimiters).element;
    if (text.length > MAX_ELEMENT_LENGTH && this.rejectLongElement(text)) return false;
    const e = text.split(element);
    const id = e[0] as string;
    this.segmentInFile++;
    if (this.set !== undefined) this.segmentInSet++;
    if (segmentKey(id) < 0) {
      this.segmentId = id.slice(0, 3);
      this.halt('unreadable-segment', `Segment ${this.segmentInFile} does not start with a segment id: the file is damaged or not X12.`);
      return false;
    }
    this.segmentId = id;
    if (id === 'ISA') this.openInterchange(e, text);
    else if (id === 'IEA') this.closeInterchange(e);
    else if (id === 'GS') this.openGroup(e, text);
    else if (id === 'GE') this.closeGroup(e);
    else if (id === 'ST') this.openSet(e, text);
    else if (id === 'SE') this.closeSet(e);
    else if (this.set === undefined) this.halt('structure-broken', `${id} outside a transaction set (no open ST).`);
    else this.set.transaction?.segment(id, e, text);
    return !this.halted;
  }

  /** SegmentSink: no terminator within MAX_SEGMENT_LENGTH characters. */
  overlong(text: string): void {
    if (this.rejectLongElement(text)) return;
    this.countDamaged(text);
    this.halt(
      'segment-too-long',
      `Segment ${this.segmentInFile} runs past ${MAX_SEGMENT_LENGTH} characters without a segment terminator: the file is damaged, or ends its segments with another character.`,
    );
  }

  private rejectLongElement(text: string): boolean {
    const long = longElement(text, (this.current as Delimiters).element);
    if (long === undefined) return false;
    this.countDamaged(text);
    const name = long.index === 0 ? 'The segment id' : this.segmentId ? elementName(this.segmentId, long.index) : `Element ${long.index}`;
    this.halt('element-too-long', `${name} is ${long.length} characters long; no 837 element comes near ${MAX_ELEMENT_LENGTH}: the file is damaged, and is rejected rather than read.`);
    return true;
  }

  /** Counts a segment that will not be read, so findings point at it: its number and (readable) id. */
  private countDamaged(text: string): void {
    this.segmentInFile++;
    if (this.set !== undefined) this.segmentInSet++;
    const cut = text.indexOf((this.current as Delimiters).element);
    const id = cut < 0 ? text.slice(0, 3) : text.slice(0, cut);
    this.segmentId = segmentKey(id) >= 0 ? id : '';
  }

  /** Input ended without a terminator after the last segment: a closing segment is read with a warning. */
  private tail(text: string): string | undefined {
    const id = text.split((this.current as Delimiters).element)[0] ?? '';
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
    if (this.interchange !== undefined) open.push(`interchange ${this.interchange.controlNumber} has no IEA`);
    if (open.length > 0) this.halt('truncated', `The file is truncated: ${open.join('; ')}.`);
  }

  /** Envelope error: the file is rejected and reading stops; an open claim is quarantined. */
  private halt(code: ClaimFindingCode, message: string): void {
    const finding = this.finding(code, message);
    this.rejection.push(finding);
    this.halted = true;
    this.set?.transaction?.abort(finding);
  }

  // ---- envelopes --------------------------------------------------------------------------------

  private openInterchange(e: string[], text: string): void {
    if (this.set !== undefined || this.group !== undefined || this.interchange !== undefined) {
      this.halt('structure-broken', `ISA while ${this.describeOpen()} is still open.`);
      return;
    }
    if (e.length < 17) {
      this.halt('isa-malformed', `ISA has ${e.length - 1} elements instead of 16.`);
      return;
    }
    const delimiters = this.current as Delimiters;
    const component = (e[16] ?? '').charAt(0);
    if (component) delimiters.component = component;
    this.componentKnown = true;
    this.componentWarned = false;
    const info = readInterchange(e, { ...delimiters });
    this.interchange = { controlNumber: info.controlNumber, text, groups: 0 };
    this.counts.interchanges++;
    this.emit({ kind: 'interchange-start', interchange: info, position: this.position() });
  }

  private closeInterchange(e: string[]): void {
    const interchange = this.interchange;
    if (interchange === undefined || this.group !== undefined || this.set !== undefined) {
      this.halt('structure-broken', interchange === undefined ? 'IEA without ISA.' : `IEA while ${this.describeOpen()} is still open.`);
      return;
    }
    const control = interchange.controlNumber;
    this.warnIf('interchange-control-mismatch', checkControlNumber('ISA13/IEA02', control, e[2]));
    this.warnIf('group-count-mismatch', checkCount(`IEA01 group count of interchange ${control}`, e[1], interchange.groups));
    this.emit({ kind: 'interchange-end', controlNumber: control, groups: interchange.groups, position: this.position() });
    this.interchange = undefined;
  }

  private openGroup(e: string[], text: string): void {
    if (this.set !== undefined || this.group !== undefined || (this.interchange === undefined && !this.headless)) {
      this.halt('structure-broken', this.interchange === undefined ? 'GS outside an interchange (after IEA).' : `GS while ${this.describeOpen()} is still open.`);
      return;
    }
    this.group = { info: readGroup(e), text, sets: 0 };
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

  private openSet(e: string[], text: string): void {
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
    if (this.headless && this.segmentInFile === 1) this.finding('no-interchange-envelope', 'The file starts at ST without ISA/GS; delimiters were inferred.');
    if (this.group !== undefined) this.group.sets++;
    const declared = e[3] || undefined;
    const groupGuide = this.group?.info.version || undefined;
    const guide = declared ?? groupGuide ?? '';
    const kind = type === '837' ? kindOfGuide(guide) : undefined;
    this.set = { controlNumber, transaction: undefined };
    if (kind === undefined) {
      this.counts.setsSkipped++;
      this.setTypesSkipped.add(type === '837' && guide ? `837 ${guide}` : type);
      this.emit({ kind: 'set-skipped', setType: type, implementationGuide: guide || undefined, controlNumber, position: this.position() });
      return;
    }
    if (declared !== undefined && groupGuide !== undefined && declared !== groupGuide) {
      this.finding('implementation-guide-mismatch', `ST03 ${declared} differs from GS08 ${groupGuide}; read as ${declared}.`);
    }
    this.set.transaction = new ClaimTransaction(this, {
      kind,
      guide,
      interchange: this.interchange?.text,
      group: this.group?.text,
      transaction: text,
      controlNumber,
    });
    this.counts.sets837++;
    this.emit({ kind: 'set-start', controlNumber, claimKind: kind, implementationGuide: guide, group: this.group?.info, position: this.position() });
  }

  private closeSet(e: string[]): void {
    const set = this.set;
    if (set === undefined) {
      this.halt('structure-broken', 'SE without ST.');
      return;
    }
    this.warnIf('set-control-mismatch', checkControlNumber('ST02/SE02', set.controlNumber, e[2]));
    this.warnIf('segment-count-mismatch', checkCount(`SE01 segment count of set ${set.controlNumber}`, e[1], this.segmentInSet));
    set.transaction?.close(this.position());
    this.set = undefined;
  }

  private warnIf(code: ClaimFindingCode, message: string | undefined): void {
    if (message !== undefined) this.finding(code, message);
  }

  private describeOpen(): string {
    if (this.set !== undefined) return `transaction set ${this.set.controlNumber}`;
    if (this.group !== undefined) return `group ${this.group.info.controlNumber}`;
    return `interchange ${this.interchange?.controlNumber ?? ''}`;
  }
}
