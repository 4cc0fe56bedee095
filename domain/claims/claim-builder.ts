// One claim being read: loop 2300 from its CLM, its 2310/2320 sub-loops and its 2400 service lines, up
// to the next CLM, HL or SE. Keeps every raw segment (the correction writer re-emits them) and reads the
// ones the model needs; segments of sub-loops (other providers, other subscribers, drug, line providers,
// line adjudication) are kept raw only.
import { type ClaimHead, readClaimHead, readHealthCodes, readInstitutionalService, readProfessionalService } from './claim-segments';
import { type ClaimFieldReader } from './fields';
import { type ClaimDate, type ClaimKind, type ClaimReference, type HealthCode, type SubmittedLine } from './model';
import { type SegmentPosition } from '../remittance/model';

/** Where in the claim the last segment was: 2300 proper, a 2300 sub-loop, 2400 proper, a 2400 sub-loop. */
type Place = 'claim' | 'claim-loop' | 'line' | 'line-loop';

/** Segments that open a sub-loop of 2300 (2310x providers, 2320 other subscriber) or of 2400. */
const CLAIM_LOOP_STARTS: ReadonlySet<string> = new Set(['NM1', 'SBR']);
const LINE_LOOP_STARTS: ReadonlySet<string> = new Set(['LIN', 'NM1', 'SVD', 'LQ']);

export interface LineDraft extends Omit<SubmittedLine, 'charge' | 'diagnosisPointers'> {
  charge: SubmittedLine['charge'] | undefined;
  diagnosisPointers: number[];
}

export class ClaimDraft {
  readonly segments: string[];
  readonly head: ClaimHead;
  readonly diagnoses: HealthCode[] = [];
  readonly otherHealthCodes: HealthCode[] = [];
  readonly dates: ClaimDate[] = [];
  readonly references: ClaimReference[] = [];
  readonly lines: LineDraft[] = [];
  private place: Place = 'claim';

  constructor(
    readonly kind: ClaimKind,
    readonly position: SegmentPosition,
    e: readonly string[],
    text: string,
    private readonly fields: ClaimFieldReader,
    component: string,
  ) {
    this.segments = [text];
    this.head = readClaimHead(e, fields, component);
  }

  /** One segment after the CLM; `component` is the separator for its composites. */
  segment(id: string, e: readonly string[], text: string, position: () => SegmentPosition, component: () => string): void {
    this.segments.push(text);
    if (id === 'LX') {
      this.place = 'line';
      this.lines.push({
        number: this.lines.length + 1,
        assignedNumber: e[1] ?? '',
        charge: undefined,
        diagnosisPointers: [],
        dates: [],
        references: [],
        position: position(),
      });
      if (e[1] !== String(this.lines.length)) this.fields.report('invalid-number', `LX01 is not the line's position in the claim (${this.lines.length}).`);
      return;
    }
    if (id === 'SV1' || id === 'SV2') {
      this.service(id, e, component);
      return;
    }
    const line = this.lines[this.lines.length - 1];
    if (this.place === 'claim') {
      if (CLAIM_LOOP_STARTS.has(id)) this.place = 'claim-loop';
      else if (id === 'DTP') this.dates.push(this.fields.date(e));
      else if (id === 'REF') this.references.push({ qualifier: e[1] ?? '', value: e[2] ?? '' });
      else if (id === 'HI') readHealthCodes(e, component(), this.diagnoses, this.otherHealthCodes);
    } else if (this.place === 'line' && line !== undefined) {
      if (LINE_LOOP_STARTS.has(id)) this.place = 'line-loop';
      else if (id === 'DTP') {
        const date = this.fields.date(e);
        line.dates.push(date);
        if (date.qualifier === '472') line.serviceDate ??= date;
      } else if (id === 'REF') line.references.push({ qualifier: e[1] ?? '', value: e[2] ?? '' });
    }
  }

  private service(id: 'SV1' | 'SV2', e: readonly string[], component: () => string): void {
    const line = this.lines[this.lines.length - 1];
    const expected = this.kind === 'professional' ? 'SV1' : 'SV2';
    if (id !== expected) {
      this.fields.report('segment-out-of-order', `${id} in an ${this.kind === 'professional' ? '837P professional' : '837I institutional'} claim, which takes ${expected}.`);
      return;
    }
    if (line === undefined || this.place !== 'line' || line.charge !== undefined) {
      this.fields.report('segment-out-of-order', `${id} without its own LX service line number before it.`);
      return;
    }
    const service = id === 'SV1' ? readProfessionalService(e, this.fields, component()) : readInstitutionalService(e, this.fields, component());
    Object.assign(line, service);
  }
}
