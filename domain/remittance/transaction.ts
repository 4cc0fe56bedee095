// One 835 transaction set (ST..SE): header, payer/payee loops, header numbers, claims and PLB.
// Emits a claim as soon as the next CLP/LX/PLB/SE shows it is complete, so only one claim is in memory.
import { MAX_CAS_SEGMENTS, MAX_LINE_REMARKS, MAX_SERVICE_LINES } from './bounds';
import { INPATIENT_REMARKS, OUTPATIENT_REMARKS, readAdjudication, readAdjustments, readClaim, readClaimParty, readLineRemark, readProviderAdjustment, readQualifiedAmount, readQuantity, readServiceLine } from './claim-segments';
import { type FieldReader } from './fields';
import { type FindingCode } from './findings';
import { applyCity, applyDelivery, applyStreet, readContact, readDate, readHeaderNumber, readParty, readPayment, readReference, readTrace } from './header-segments';
import {
  type ClaimPayment,
  type Finding,
  type HeaderNumber,
  type Party,
  type RemittanceContext,
  type RemittanceReadEvent,
  type SegmentPosition,
  type ServiceLine,
} from './model';
import { segmentKey } from './segment-ids';
import { checkClaimBalance, checkPaymentBalance, checkServiceLineBalance } from './validation';


const BPR = segmentKey('BPR');
const TRN = segmentKey('TRN');
const CUR = segmentKey('CUR');
const REF = segmentKey('REF');
const DTM = segmentKey('DTM');
const N1 = segmentKey('N1');
const N3 = segmentKey('N3');
const N4 = segmentKey('N4');
const PER = segmentKey('PER');
const RDM = segmentKey('RDM');
const LX = segmentKey('LX');
const TS3 = segmentKey('TS3');
const TS2 = segmentKey('TS2');
const CLP = segmentKey('CLP');
const CAS = segmentKey('CAS');
const NM1 = segmentKey('NM1');
const MIA = segmentKey('MIA');
const MOA = segmentKey('MOA');
const AMT = segmentKey('AMT');
const QTY = segmentKey('QTY');
const SVC = segmentKey('SVC');
const LQ = segmentKey('LQ');
const PLB = segmentKey('PLB');

/** What the transaction builder needs from the reader around it. */
export interface ReaderHost {
  readonly fields: FieldReader;
  emit(event: RemittanceReadEvent): void;
  /** Records a finding (emitted as an event) positioned at the current segment unless given. */
  finding(code: FindingCode, message: string, position?: SegmentPosition): Finding;
  position(): SegmentPosition;
  /** Component separator to split this composite with (handles inference and mismatches). */
  component(composite: string): string;
}

type OpenRecord = 'claim' | 'service-line';

export class TransactionBuilder {
  readonly context: RemittanceContext;
  private inHeader = true;
  private party: Party | undefined;
  private header: HeaderNumber | undefined;
  private claim: ClaimPayment | undefined;
  private line: ServiceLine | undefined;
  /** Open record: a claim, or segments that arrived with no claim to belong to (orphans). */
  private record: OpenRecord | undefined;
  private recordPosition: SegmentPosition | undefined;
  /** Reasons the open record is quarantined; undefined while it is fine. */
  private quarantine: Finding[] | undefined;
  /** First segment of the open record (CLP, or the first orphan). */
  private firstSegment = '';
  /**
   * Raw segments of a quarantined record, for a person to look at: the first segment and every
   * segment from the first problem on. Not collected for good records (it costs ~7% of read time).
   */
  private segments: string[] | undefined;
  /** CAS segments of the claim before its first SVC, then of its open service line; LQ of that line. */
  private casInLoop = 0;
  private remarksInLine = 0;

  private claims = 0;
  private quarantined = 0;
  private providerAdjustments = 0;
  private claimPaymentsCents = 0;
  private providerAdjustmentsCents = 0;
  private balanceReliable = true;

  constructor(
    private readonly host: ReaderHost,
    context: RemittanceContext,
  ) {
    this.context = context;
  }

  /** One segment of the set body; `key` is segmentKey(e[0]). */
  segment(key: number, e: string[], text: string): void {
    if (this.inHeader && this.headerSegment(key, e)) {
      if (this.host.fields.problems.length !== 0) this.settle(text);
      return;
    }
    this.inHeader = false;
    if (key === CLP) {
      this.finishRecord();
      this.openRecord('claim', text);
      this.claim = readClaim(e, this.host.fields, this.recordPosition ?? this.host.position());
    } else if (key === SVC) {
      this.serviceLine(e, text);
    } else if (key === DTM || key === CAS || key === REF || key === AMT || key === NM1 || key === LQ || key === QTY || key === MOA || key === MIA || key === PER) {
      this.claimSegment(key, e, text);
    } else if (key === LX) {
      this.finishRecord();
      this.header = readHeaderNumber(e);
    } else if (key === PLB) {
      this.finishRecord();
      this.providerAdjustment(e, text);
      return;
    } else if (key === TS3 || key === TS2) {
      if (this.header === undefined || this.record !== undefined) {
        this.host.finding('unexpected-segment', `${e[0] ?? ''} outside its header number (LX) loop; ignored.`);
      } else if (key === TS3) this.header.providerSummary = e.slice(1);
      else this.header.supplementalSummary = e.slice(1);
    } else {
      this.host.finding('unexpected-segment', `${e[0] ?? ''} is not expected in an 835 claim loop; ignored.`);
    }
    if (this.host.fields.problems.length !== 0) this.settle(text);
  }

  /** SE reached: close the last claim, check BPR02 against claims and PLB, emit the set summary. */
  close(position: SegmentPosition): void {
    this.finishRecord();
    const paymentCents = this.context.payment?.amount?.cents;
    let balanced: boolean | undefined;
    if (this.context.payment === undefined) {
      this.host.finding('missing-payment', 'The transaction set has no BPR payment segment; BPR02 balancing not checked.', position);
    } else if (paymentCents !== undefined && this.balanceReliable) {
      const problem = checkPaymentBalance(paymentCents, this.claimPaymentsCents, this.providerAdjustmentsCents);
      balanced = problem === undefined;
      if (problem !== undefined) this.host.finding('payment-out-of-balance', problem, position);
    } else {
      this.host.finding('balancing-not-checked', 'BPR02 balancing not checked: an amount in this set could not be read.', position);
    }
    this.host.emit({
      kind: 'set-end',
      controlNumber: this.context.transaction.controlNumber,
      summary: {
        claims: this.claims,
        quarantined: this.quarantined,
        providerAdjustments: this.providerAdjustments,
        paymentCents,
        claimPaymentsCents: this.claimPaymentsCents,
        providerAdjustmentsCents: this.providerAdjustmentsCents,
        balanced,
      },
      position,
    });
  }

  /** Input ended or the file was rejected inside this set: the open record cannot be trusted. */
  abort(reason: Finding): void {
    if (this.record === undefined) return;
    (this.quarantine ??= []).push(reason);
    this.finishRecord();
  }

  /** Header and 1000A/1000B segments; false when the segment starts the claim loops. */
  private headerSegment(key: number, e: string[]): boolean {
    const ctx = this.context;
    if (key === BPR) ctx.payment = readPayment(e, this.host.fields);
    else if (key === TRN) ctx.trace = readTrace(e);
    else if (key === CUR) ctx.currency = e[2];
    else if (key === DTM) {
      if (e[1] === '405') ctx.productionDate = e[2];
    } else if (key === N1) {
      const party = readParty(e);
      this.party = party;
      if (party.entityCode === 'PR') ctx.payer = party;
      else if (party.entityCode === 'PE') ctx.payee = party;
      else this.host.finding('unexpected-segment', `N1*${party.entityCode} is neither payer (PR) nor payee (PE); ignored.`);
    } else if (key === REF) (this.party?.references ?? ctx.references).push(readReference(e));
    else if (key === N3 || key === N4 || key === PER || key === RDM) {
      const party = this.party;
      if (party === undefined) this.host.finding('unexpected-segment', `${e[0] ?? ''} before any N1 payer/payee; ignored.`);
      else if (key === N3) applyStreet(party, e);
      else if (key === N4) applyCity(party, e);
      else if (key === PER) party.contacts.push(readContact(e));
      else applyDelivery(party, e);
    } else return false;
    return true;
  }

  private serviceLine(e: string[], text: string): void {
    const claim = this.claim;
    if (claim === undefined) {
      this.orphan('service-line', 'SVC', text);
      return;
    }
    this.segments?.push(text);
    const line = readServiceLine(e, this.host.fields, this.host.component(e[1] ?? ''), claim.serviceLines.length + 1, this.host.position());
    claim.serviceLines.push(line);
    this.line = line;
    this.casInLoop = 0;
    this.remarksInLine = 0;
    if (line.number === MAX_SERVICE_LINES + 1) this.tooMany(`Claim ${claim.patientControlNumber} has more than ${MAX_SERVICE_LINES} service lines`);
  }

  /** Reported once, at the first segment past the limit; the claim is quarantined with it. */
  private tooMany(what: string): void {
    this.host.fields.report('too-many-segments', `${what}, the most the 835 implementation guide allows.`);
  }

  /** 2100 segments, or 2110 ones when a service line is open. */
  private claimSegment(key: number, e: string[], text: string): void {
    const claim = this.claim;
    if (claim === undefined) {
      this.orphan(this.record ?? 'claim', e[0] ?? '', text);
      return;
    }
    this.segments?.push(text);
    const line = this.line;
    if (key === DTM) (line ?? claim).dates.push(readDate(e, this.host.fields));
    else if (key === CAS) {
      readAdjustments(e, this.host.fields, line === undefined ? claim.adjustments : line.adjustments);
      if (++this.casInLoop === MAX_CAS_SEGMENTS + 1) this.tooMany(`${line === undefined ? `Claim ${claim.patientControlNumber}` : `Service line ${line.number}`} has more than ${MAX_CAS_SEGMENTS} CAS segments`);
    }
    else if (key === REF) (line ?? claim).references.push(readReference(e));
    else if (key === AMT) {
      const amount = readQualifiedAmount(e, this.host.fields);
      if (amount !== undefined) (line ?? claim).amounts.push(amount);
    } else if (key === QTY) {
      const quantity = readQuantity(e, this.host.fields);
      if (quantity !== undefined) (line ?? claim).quantities.push(quantity);
    } else if (key === LQ) {
      if (line === undefined) this.claimWarning('unexpected-segment', 'LQ outside a service line; ignored.');
      else {
        const remark = readLineRemark(e, this.host.fields);
        if (remark !== undefined) line.remarks.push(remark);
        if (++this.remarksInLine === MAX_LINE_REMARKS + 1) this.tooMany(`Service line ${line.number} has more than ${MAX_LINE_REMARKS} LQ remarks`);
      }
    } else {
      // NM1, MIA, MOA, PER are claim-level only (2100); after an SVC they are out of order.
      if (line !== undefined) this.claimWarning('unexpected-segment', `${e[0] ?? ''} after a service line; attached to the claim.`);
      if (key === NM1) {
        const party = readClaimParty(e);
        claim.parties[party.entityId] ??= party;
      } else if (key === MIA) claim.inpatient = readAdjudication(e, INPATIENT_REMARKS, this.host.fields);
      else if (key === MOA) claim.outpatient = readAdjudication(e, OUTPATIENT_REMARKS, this.host.fields);
      else claim.contacts.push(readContact(e));
    }
  }

  private providerAdjustment(e: string[], text: string): void {
    const host = this.host;
    const position = host.position();
    const adjustment = readProviderAdjustment(e, host.fields, host.component(e[3] ?? ''), position);
    const problems = this.drainProblems();
    if (problems !== undefined) {
      this.balanceReliable = false;
      this.quarantined++;
      host.emit({ kind: 'quarantined', record: 'provider-adjustment', findings: problems, segments: [text], position, context: this.context });
      return;
    }
    for (const a of adjustment.adjustments) this.providerAdjustmentsCents += a.amount.cents;
    this.providerAdjustments++;
    host.emit({ kind: 'provider-adjustment', adjustment, context: this.context });
  }

  private openRecord(record: OpenRecord, text: string): void {
    this.record = record;
    this.casInLoop = 0;
    this.remarksInLine = 0;
    this.recordPosition = this.host.position();
    this.quarantine = undefined;
    this.firstSegment = text;
    this.segments = undefined;
  }

  /** Claim or line segments with no claim to belong to: collected and quarantined as one record. */
  private orphan(record: OpenRecord, id: string, text: string): void {
    if (this.record === undefined) {
      this.openRecord(record, text);
      this.quarantine = [this.host.finding('segment-out-of-order', `${id} before any CLP: no claim to attach it to.`)];
      this.segments = [text];
    } else this.segments?.push(text);
  }

  private claimWarning(code: FindingCode, message: string): void {
    const finding = this.host.finding(code, message);
    this.claim?.findings.push(finding);
  }

  /** Turns the segment's field problems into findings; claim-level ones quarantine the open record. */
  private settle(text: string): void {
    const problems = this.drainProblems();
    if (problems === undefined) return;
    if (this.record === undefined) {
      this.balanceReliable = false;
      return;
    }
    (this.quarantine ??= []).push(...problems);
    if (this.segments === undefined) {
      this.segments = [this.firstSegment];
      if (text !== this.firstSegment) this.segments.push(text);
    }
  }

  /** Emits the field problems of the last segment; returns the claim-level ones, if any. */
  private drainProblems(): Finding[] | undefined {
    const fields = this.host.fields;
    if (fields.problems.length === 0) return undefined;
    let severe: Finding[] | undefined;
    for (const p of fields.problems) {
      const finding = this.host.finding(p.code, p.message);
      if (finding.severity === 'claim') (severe ??= []).push(finding);
      else this.claim?.findings.push(finding);
    }
    fields.problems.length = 0;
    return severe;
  }

  private finishRecord(): void {
    const record = this.record;
    if (record === undefined) return;
    const claim = this.claim;
    const position = this.recordPosition ?? this.host.position();
    if (this.quarantine !== undefined || claim === undefined) {
      this.quarantined++;
      if (claim !== undefined && claim.payment.text !== '') this.claimPaymentsCents += claim.payment.cents;
      else this.balanceReliable = false;
      this.host.emit({
        kind: 'quarantined',
        record,
        patientControlNumber: claim?.patientControlNumber,
        payerClaimControlNumber: claim?.payerClaimControlNumber,
        charge: claim?.charge.text,
        findings: this.quarantine ?? [],
        segments: this.segments ?? [this.firstSegment],
        position,
        context: this.context,
      });
    } else {
      this.checkClaim(claim);
      this.claims++;
      this.claimPaymentsCents += claim.payment.cents;
      this.host.emit({ kind: 'claim', claim, header: this.header, context: this.context });
    }
    this.record = undefined;
    this.recordPosition = undefined;
    this.claim = undefined;
    this.line = undefined;
    this.quarantine = undefined;
    this.segments = undefined;
  }

  private checkClaim(claim: ClaimPayment): void {
    for (const line of claim.serviceLines) {
      const problem = checkServiceLineBalance(line);
      if (problem !== undefined) claim.findings.push(this.host.finding('service-line-out-of-balance', problem, line.position));
    }
    const problem = checkClaimBalance(claim);
    if (problem !== undefined) claim.findings.push(this.host.finding('claim-out-of-balance', problem, claim.position));
    if (claim.payerClaimControlNumber === undefined) {
      claim.findings.push(
        this.host.finding(
          'missing-payer-claim-control-number',
          `Claim ${claim.patientControlNumber} has no CLP07 payer claim control number; identity falls back to CLP01.`,
          claim.position,
        ),
      );
    }
  }
}
