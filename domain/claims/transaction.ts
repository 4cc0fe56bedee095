// One 837 transaction set (ST..SE): header, the HL hierarchy and its claims. A claim is emitted as soon as
// the next CLM, HL or SE shows it is complete, so only one claim is in memory at a time.
import { type Delimiters, type Finding, type SegmentPosition } from '../remittance/model';
import { ClaimDraft } from './claim-builder';
import { type ClaimFieldReader } from './fields';
import { type ClaimFindingCode } from './findings';
import { MAX_LINES, PRINCIPAL_QUALIFIERS } from './guide';
import { type HierarchyLoop, levelOf, LOOP_SEGMENTS, openLoop, readLoopSegment } from './loops';
import { type ClaimKind, type ClaimReadEvent, type SubmittedClaim, type SubmittedLine } from './model';
import { formatCents } from '../remittance/money';

/** What the transaction needs from the reader around it. */
export interface ClaimReaderHost {
  readonly fields: ClaimFieldReader;
  emit(event: ClaimReadEvent): void;
  finding(code: ClaimFindingCode, message: string, position?: SegmentPosition): Finding;
  position(): SegmentPosition;
  /** Component separator to split this composite with (handles inference and mismatches). */
  component(composite: string): string;
  delimiters(): Delimiters;
}

export interface SetContext {
  kind: ClaimKind;
  guide: string;
  interchange: string | undefined;
  group: string | undefined;
  transaction: string;
  controlNumber: string;
}

/** A record being read: a claim, or segments that need a claim and have none (quarantined together). */
interface OpenRecord {
  draft: ClaimDraft | undefined;
  loop: HierarchyLoop | undefined;
  problems: Finding[];
  segments: string[];
  position: SegmentPosition;
}

export class ClaimTransaction {
  private readonly header: string[] = [];
  private billing: HierarchyLoop | undefined;
  private subscriber: HierarchyLoop | undefined;
  private patient: HierarchyLoop | undefined;
  private record: OpenRecord | undefined;
  /** Warnings about the open record, kept on its claim. */
  private warnings: Finding[] = [];
  private claims = 0;
  private quarantined = 0;

  constructor(
    private readonly host: ClaimReaderHost,
    private readonly context: SetContext,
  ) {}

  /** One segment of the set body (ST and SE excluded). */
  segment(id: string, e: readonly string[], text: string): void {
    if (id === 'HL') this.hierarchy(e, text);
    else if (id === 'CLM') this.openClaim(e, text);
    else if (this.record !== undefined) {
      const draft = this.record.draft;
      if (draft === undefined) this.record.segments.push(text);
      else draft.segment(id, e, text, () => this.host.position(), () => this.host.component(this.compositeOf(id, e)));
    } else if (this.innermost() === undefined) {
      if (this.header.length === 0 && id !== 'BHT') this.host.finding('unexpected-segment', `${id} where BHT should begin the transaction set.`);
      if (LOOP_SEGMENTS.has(id) || id === 'BHT') this.header.push(text);
      else this.orphan(id, text, 'before any HL');
    } else if (LOOP_SEGMENTS.has(id)) readLoopSegment(this.innermost() as HierarchyLoop, id, e, text);
    else this.orphan(id, text, 'in a hierarchy loop with no CLM before it');
    this.settle();
  }

  /** SE reached (or the input ended inside the set): close the last claim and report the set. */
  close(position: SegmentPosition): void {
    this.finishRecord();
    this.host.emit({ kind: 'set-end', controlNumber: this.context.controlNumber, claims: this.claims, quarantined: this.quarantined, position });
  }

  /** The file was rejected inside this set: the open claim cannot be trusted. */
  abort(reason: Finding): void {
    if (this.record === undefined) return;
    this.record.problems.push(reason);
    this.finishRecord();
  }

  private innermost(): HierarchyLoop | undefined {
    return this.patient ?? this.subscriber ?? this.billing;
  }

  /** The first composite element of a segment, for inferring the component separator. */
  private compositeOf(id: string, e: readonly string[]): string {
    if (id === 'SV2') return e[2] ?? '';
    return e[1] ?? '';
  }

  private hierarchy(e: readonly string[], text: string): void {
    this.finishRecord();
    const level = levelOf(e[3]);
    if (level === undefined) {
      this.host.finding('unexpected-segment', `HL03 is not 20, 22 or 23; the loop is read as part of the one before.`);
      (this.innermost()?.segments ?? this.header).push(text);
      return;
    }
    const loop = openLoop(level, e, text);
    const parent = level === 'billing-provider' ? undefined : level === 'subscriber' ? this.billing : this.subscriber;
    if (level !== 'billing-provider') {
      if (parent === undefined) loop.broken = `HL*${e[3] ?? ''} has no ${level === 'subscriber' ? 'billing provider (HL*20)' : 'subscriber (HL*22)'} loop above it.`;
      else if (parent.broken !== undefined) loop.broken = parent.broken;
      else if ((e[2] ?? '') !== parent.id) loop.broken = `HL02 of HL*${e[3] ?? ''} does not point to the HL above it.`;
    }
    if (level === 'billing-provider') {
      this.billing = loop;
      this.subscriber = undefined;
      this.patient = undefined;
    } else if (level === 'subscriber') {
      this.subscriber = loop;
      this.patient = undefined;
    } else this.patient = loop;
  }

  private openClaim(e: readonly string[], text: string): void {
    this.finishRecord();
    const position = this.host.position();
    const draft = new ClaimDraft(this.context.kind, position, e, text, this.host.fields, this.host.component(e[5] ?? ''));
    this.record = { draft, loop: this.patient ?? this.subscriber, problems: [], segments: draft.segments, position };
    if (this.subscriber === undefined) this.host.fields.report('hierarchy-broken', 'CLM outside a subscriber (HL*22) loop: no payer or subscriber for the claim.');
  }

  private orphan(id: string, text: string, where: string): void {
    const position = this.host.position();
    this.record = {
      draft: undefined,
      loop: undefined,
      problems: [this.host.finding('missing-segment', `${id} ${where}: no CLM to attach it to.`, position)],
      segments: [text],
      position,
    };
  }

  /** Turns the segment's field problems into findings; claim-level ones quarantine the open record. */
  private settle(): void {
    const fields = this.host.fields;
    if (fields.problems.length === 0) return;
    for (const p of fields.problems) {
      const finding = this.host.finding(p.code, p.message);
      if (finding.severity === 'claim' && this.record !== undefined) this.record.problems.push(finding);
      else if (this.record !== undefined) this.warnings.push(finding);
    }
    fields.problems.length = 0;
  }

  private finishRecord(): void {
    const record = this.record;
    if (record === undefined) return;
    this.record = undefined;
    const warnings = this.warnings;
    this.warnings = [];
    const claim = record.draft === undefined ? undefined : this.complete(record.draft, record.loop, record.problems, warnings);
    if (claim === undefined) {
      this.quarantined++;
      this.host.emit({
        kind: 'quarantined',
        patientControlNumber: record.draft?.head.patientControlNumber || undefined,
        findings: record.problems,
        segments: record.segments,
        position: record.position,
      });
      return;
    }
    this.claims++;
    this.host.emit({ kind: 'claim', claim });
  }

  /** The claim, or undefined when it must be quarantined (problems are added to `problems`). */
  private complete(draft: ClaimDraft, loop: HierarchyLoop | undefined, problems: Finding[], warnings: Finding[]): SubmittedClaim | undefined {
    const at = draft.position;
    const problem = (code: ClaimFindingCode, message: string) => problems.push(this.host.finding(code, message, at));
    const billing = this.billing?.billingProvider;
    const subscriber = this.subscriber;
    if (loop?.broken !== undefined) problem('hierarchy-broken', loop.broken);
    if (billing === undefined) problem('missing-segment', 'Loop 2010AA billing provider name (NM1*85) is missing.');
    if (subscriber !== undefined && subscriber.payer === undefined) problem('missing-segment', 'Loop 2010BB payer name (NM1*PR) is missing.');
    if (draft.lines.length === 0) problem('missing-segment', 'The claim has no service line (LX with SV1/SV2).');
    if (draft.lines.length > MAX_LINES[draft.kind]) problem('too-many-segments', `The claim has more than ${MAX_LINES[draft.kind]} service lines, the most the guide allows.`);
    for (const line of draft.lines) {
      if (line.charge === undefined) problem('missing-segment', `Service line ${line.number} has no ${draft.kind === 'professional' ? 'SV1' : 'SV2'}.`);
    }
    if (problems.length > 0 || billing === undefined || subscriber?.payer === undefined) return undefined;

    const lines = draft.lines as SubmittedLine[];
    const sum = lines.reduce((cents, line) => cents + line.charge.cents, 0);
    if (sum !== draft.head.charge.cents) {
      warnings.push(this.host.finding('claim-out-of-balance', `CLM02 total charge ${draft.head.charge.text} ≠ Σ service line charges ${formatCents(sum)}.`, at));
    }
    const principal = draft.diagnoses[0];
    if (principal !== undefined && !PRINCIPAL_QUALIFIERS.has(principal.qualifier)) {
      warnings.push(this.host.finding('unexpected-segment', `The first HI diagnosis is ${principal.qualifier}, not a principal diagnosis (ABK).`, at));
    }
    const reference = (q: string) => draft.references.find((r) => r.qualifier === q)?.value;
    const context = this.context;
    return {
      kind: draft.kind,
      implementationGuide: context.guide,
      ...draft.head,
      payer: subscriber.payer,
      billingProvider: { name: billing.name ?? '', npi: billing.npi, taxId: billing.taxId },
      subscriber: { ...subscriber.subscriber },
      patientIsDependent: this.patient !== undefined,
      payerClaimControlNumber: reference('F8'),
      priorAuthorization: reference('G1'),
      references: draft.references,
      diagnoses: draft.diagnoses,
      otherHealthCodes: draft.otherHealthCodes,
      statementDates: draft.dates.find((d) => d.qualifier === '434'),
      dates: draft.dates,
      serviceLines: lines,
      original: {
        delimiters: { ...this.host.delimiters() },
        interchange: context.interchange,
        group: context.group,
        transaction: context.transaction,
        header: this.header,
        billingProvider: (this.billing as HierarchyLoop).segments,
        subscriber: subscriber.segments,
        patient: this.patient?.segments,
        claim: draft.segments,
      },
      position: at,
      findings: warnings,
    };
  }
}
