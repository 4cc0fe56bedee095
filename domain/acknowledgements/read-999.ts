// Reads a 999 Implementation Acknowledgment (005010X231A1): per acknowledged functional group (AK1/AK9)
// and per transaction set (AK2..IK5) whether the receiver accepted it, with the IK3/IK4 segment and element
// errors it found. Bad input gives positioned findings; it never throws. Messages name segments and codes,
// never the bad data IK404 copies back (it may be a name or member id).
import { envelopeFindings, positionIn } from '../claim-status/findings';
import { openInterchange, type TransactionSet } from '../claims/validate-envelope';
import { component, el, type X12Segment } from '../claims/validate-x12';
import { type Finding, type SegmentPosition } from '../remittance/model';
import { ACK_RESULTS, classifySet, ELEMENT_ERRORS, GROUP_ERRORS, lookup, SEGMENT_ERRORS, SET_ERRORS } from './codes-999';
import { ackFinding, type AckFindingCode } from './findings';
import { type CodeWithMeaning, type GroupAcknowledgement, type ImplementationAcknowledgementRead, type SegmentError, type SetAcknowledgement } from './model';

export const IMPLEMENTATION_ACK_VERSION = '005010X231A1';

type OpenSet = Omit<SetAcknowledgement, 'result' | 'errors' | 'classification' | 'explanation'>;

function count(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function positive(value: string | undefined): number | undefined {
  const n = count(value);
  return n === undefined || n === 0 ? undefined : n;
}

function explain(set: OpenSet, result: CodeWithMeaning, errors: readonly CodeWithMeaning[]): string {
  const outcome = result.code === 'A' ? 'was accepted' : result.code === 'E' ? 'was accepted, with errors noted' : 'was rejected';
  const why = errors.length === 0 ? '' : `: ${errors.map((e) => e.meaning.toLowerCase()).join('; ')}`;
  const first = set.segmentErrors[0];
  const where =
    first === undefined
      ? ''
      : ` (first error at ${first.segmentId}${first.segmentPosition === undefined ? '' : ` segment ${first.segmentPosition}`}${first.loop === undefined ? '' : ` in loop ${first.loop}`}${first.error === undefined ? '' : `, ${first.error.meaning.toLowerCase()}`})`;
  return `Transaction set ${set.setId} ${set.controlNumber} ${outcome}${why}${where}.`;
}

class AckReader {
  readonly groups: GroupAcknowledgement[] = [];
  readonly findings: Finding[] = [];
  private set?: TransactionSet;
  private group?: GroupAcknowledgement;
  private open?: OpenSet;
  private segmentError?: SegmentError;

  constructor(
    private readonly source: string,
    private readonly separator: string,
  ) {}

  private position(segment: { index: number; id: string }): SegmentPosition {
    return positionIn(this.source, this.set, segment);
  }

  private note(code: AckFindingCode, message: string, segment: X12Segment): void {
    this.findings.push(ackFinding(code, message, this.position(segment)));
  }

  private code(table: Readonly<Record<string, string>>, value: string | undefined, name: string, at: X12Segment): CodeWithMeaning | undefined {
    if (value === undefined) return undefined;
    const found = lookup(table, value);
    if (found === undefined) this.note('unknown-code', `${name} '${value}' is not a code of its list; it is kept without a meaning.`, at);
    return found ?? { code: value, meaning: 'Unknown code' };
  }

  private codes(table: Readonly<Record<string, string>>, s: X12Segment, from: number, to: number, name: string): CodeWithMeaning[] {
    const out: CodeWithMeaning[] = [];
    for (let i = from; i <= to; i++) {
      const c = this.code(table, el(s, i), `${name}0${i}`, s);
      if (c) out.push(c);
    }
    return out;
  }

  readSet(set: TransactionSet): void {
    this.set = set;
    this.group = undefined;
    this.open = undefined;
    for (const s of set.body) {
      switch (s.id) {
        case 'AK1':
          this.closeGroup(s);
          this.group = { functionalIdCode: el(s, 1) ?? '', groupControlNumber: el(s, 2) ?? '', sets: [], position: this.position(s) };
          if (el(s, 3) !== undefined) this.group.version = el(s, 3);
          if (el(s, 1) === undefined || el(s, 2) === undefined) this.note('missing-element', 'AK101 functional identifier code or AK102 group control number is missing.', s);
          this.groups.push(this.group);
          break;
        case 'AK2':
          this.closeSet(s);
          if (this.group === undefined) {
            this.note('missing-group-header', 'AK2 comes before any AK1: the group it acknowledges is unknown; it is not read.', s);
            break;
          }
          this.open = { setId: el(s, 1) ?? '', controlNumber: el(s, 2) ?? '', segmentErrors: [], position: this.position(s) };
          if (el(s, 3) !== undefined) this.open.implementationReference = el(s, 3);
          if (el(s, 1) === undefined || el(s, 2) === undefined) this.note('missing-element', 'AK201 set identifier or AK202 set control number is missing.', s);
          break;
        case 'IK3':
          this.segmentError = undefined;
          if (this.open === undefined) {
            this.note('segment-out-of-place', 'IK3 is not inside an AK2 loop; it is not read.', s);
            break;
          }
          this.segmentError = this.readIk3(s);
          this.open.segmentErrors.push(this.segmentError);
          break;
        case 'IK4':
          if (this.segmentError === undefined) this.note('segment-out-of-place', 'IK4 does not follow an IK3; it is not read.', s);
          else this.segmentError.elements.push(this.readIk4(s));
          break;
        case 'CTX':
          // CTX*CLM01:<patient control number> after an IK3 names the claim the segment error is in.
          if (this.segmentError !== undefined && component(el(s, 1), this.separator, 1) === 'CLM01') {
            const pcn = component(el(s, 1), this.separator, 2);
            if (pcn !== undefined) this.segmentError.patientControlNumber = pcn;
          }
          break;
        case 'IK5':
          this.readIk5(s);
          break;
        case 'AK9':
          this.closeSet(s);
          this.readAk9(s);
          break;
        default:
          this.note('segment-out-of-place', `${s.id} is not a 999 segment; it is skipped.`, s);
      }
    }
    const last = set.segments[set.segments.length - 1] ?? set.st;
    if (!set.body.some((s) => s.id === 'AK1')) this.note('missing-group-header', `999 set ${el(set.st, 2) ?? ''} has no AK1: it acknowledges no functional group.`, set.st);
    this.closeGroup(last);
  }

  private readIk3(s: X12Segment): SegmentError {
    const error: SegmentError = { segmentId: el(s, 1) ?? '', elements: [], position: this.position(s) };
    const at = positive(el(s, 2));
    if (at !== undefined) error.segmentPosition = at;
    if (el(s, 3) !== undefined) error.loop = el(s, 3);
    const code = this.code(SEGMENT_ERRORS, el(s, 4), 'IK304', s);
    if (code) error.error = code;
    if (el(s, 1) === undefined || at === undefined) this.note('missing-element', 'IK301 segment id or IK302 segment position is missing.', s);
    return error;
  }

  private readIk4(s: X12Segment): SegmentError['elements'][number] {
    const place = el(s, 1);
    const error = this.code(ELEMENT_ERRORS, el(s, 3), 'IK403', s);
    if (error === undefined) this.note('missing-element', 'IK403 element error code is missing.', s);
    const out: SegmentError['elements'][number] = { error: error ?? { code: '', meaning: 'No error code sent' }, position: this.position(s) };
    const element = positive(component(place, this.separator, 1));
    const comp = positive(component(place, this.separator, 2));
    const repetition = positive(component(place, this.separator, 3));
    if (element !== undefined) out.elementPosition = element;
    if (comp !== undefined) out.componentPosition = comp;
    if (repetition !== undefined) out.repetitionPosition = repetition;
    if (el(s, 2) !== undefined) out.referenceNumber = el(s, 2);
    if (el(s, 4) !== undefined) out.badData = el(s, 4);
    return out;
  }

  private readIk5(s: X12Segment): void {
    const open = this.open;
    this.open = undefined;
    this.segmentError = undefined;
    if (open === undefined || this.group === undefined) {
      this.note('segment-out-of-place', 'IK5 is not inside an AK2 loop; it is not read.', s);
      return;
    }
    const result = this.code(ACK_RESULTS, el(s, 1), 'IK501', s);
    if (result === undefined) {
      this.note('missing-set-result', `IK501 is missing: whether set ${open.controlNumber} was accepted is unknown.`, s);
      return;
    }
    const errors = this.codes(SET_ERRORS, s, 2, 6, 'IK5');
    this.group.sets.push({ ...open, result, errors, classification: classifySet(result.code), explanation: explain(open, result, errors) });
  }

  private readAk9(s: X12Segment): void {
    const group = this.group;
    if (group === undefined) {
      this.note('segment-out-of-place', 'AK9 comes before any AK1; it is not read.', s);
      return;
    }
    const result = this.code(ACK_RESULTS, el(s, 1), 'AK901', s) ?? { code: '', meaning: 'No result sent' };
    if (el(s, 1) === undefined) this.note('missing-element', 'AK901 group result is missing.', s);
    const trailer: NonNullable<GroupAcknowledgement['trailer']> = { result, errors: this.codes(GROUP_ERRORS, s, 5, 9, 'AK9'), position: this.position(s) };
    const [included, received, accepted] = [count(el(s, 2)), count(el(s, 3)), count(el(s, 4))];
    if (included !== undefined) trailer.included = included;
    if (received !== undefined) trailer.received = received;
    if (accepted !== undefined) trailer.accepted = accepted;
    group.trailer = trailer;
    this.checkTrailer(group, trailer, s);
  }

  private checkTrailer(group: GroupAcknowledgement, trailer: NonNullable<GroupAcknowledgement['trailer']>, s: X12Segment): void {
    const acceptedSets = group.sets.filter((x) => x.classification !== 'rejected').length;
    if (trailer.received !== undefined && trailer.received !== group.sets.length) {
      this.note('count-mismatch', `AK903 says ${trailer.received} sets were received but ${group.sets.length} AK2 loops acknowledge sets of group ${group.groupControlNumber}.`, s);
    }
    if (trailer.accepted !== undefined && trailer.accepted !== acceptedSets) {
      this.note('count-mismatch', `AK904 says ${trailer.accepted} sets were accepted but ${acceptedSets} AK2 loops of group ${group.groupControlNumber} end in IK5 A or E.`, s);
    }
    if (group.sets.length === 0) return;
    const expected = acceptedSets === 0 ? 'R' : acceptedSets < group.sets.length ? 'P' : group.sets.some((x) => x.result.code === 'E') ? 'E' : 'A';
    // A group can also be rejected as a whole (AK905..AK909) though its sets pass.
    if (trailer.result.code !== expected && !(trailer.result.code === 'R' && trailer.errors.length > 0)) {
      this.note('result-mismatch', `AK901 '${trailer.result.code}' does not agree with the IK501 codes of group ${group.groupControlNumber}, which give '${expected}'.`, s);
    }
  }

  private closeSet(at: X12Segment): void {
    if (this.open === undefined) return;
    this.note('missing-set-result', `AK2 loop of set ${this.open.controlNumber} has no IK5 before ${at.id}: whether it was accepted is unknown.`, at);
    this.open = undefined;
    this.segmentError = undefined;
  }

  private closeGroup(at: X12Segment): void {
    this.closeSet(at);
    if (this.group !== undefined && this.group.trailer === undefined) {
      this.note('missing-group-trailer', `Group ${this.group.groupControlNumber} has no AK9: the group's overall result is unknown.`, at);
    }
    this.group = undefined;
  }
}

export function read999(text: string, source: string): ImplementationAcknowledgementRead {
  const { issues, sets, componentSeparator } = openInterchange(text);
  const reader = new AckReader(source, componentSeparator);
  reader.findings.push(...envelopeFindings(issues, source));
  let read = 0;
  for (const set of sets) {
    const at = positionIn(source, set, set.st);
    if (el(set.st, 1) !== '999') {
      reader.findings.push(ackFinding('not-999-set', `Transaction set ${el(set.st, 1) ?? ''} is not a 999; it is skipped.`, at));
      continue;
    }
    if (el(set.st, 3) !== IMPLEMENTATION_ACK_VERSION) {
      reader.findings.push(ackFinding('unexpected-version', `ST03 '${el(set.st, 3) ?? ''}' is not ${IMPLEMENTATION_ACK_VERSION}; the set is read as one.`, at));
    }
    read++;
    reader.readSet(set);
  }
  if (read === 0 && issues.every((i) => i.rule !== 'not-x12')) {
    reader.findings.push(ackFinding('no-999-set', 'The file holds no 999 transaction set.', { file: source, segment: 0, segmentId: '' }));
  }
  return { groups: reader.groups, findings: reader.findings };
}
