// Writes a 276 claim status inquiry (005010X212) for one claim: payer (2100A), receiver (2100B), provider
// (2100C), subscriber (2100D), the dependent when the patient is one (2100E), and the claim loop (2200D, or
// 2200E under the dependent) with our trace number, the payer's claim control number when known, the
// charge and the service dates. Pure: the caller gives the control numbers and the clock.
import { formatCents } from '../remittance/money';
import { ControlNumbers, StatusInquiryRequest } from './model';

export const STATUS_INQUIRY_VERSION = '005010X212';

const pad2 = (n: number) => String(n).padStart(2, '0');
const ccyymmdd = (d: Date) => `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
const hhmm = (d: Date) => `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}`;
const d8 = (iso: string) => iso.replaceAll('-', '');

/** Returns the interchange text, segments ended by '~' and a newline. Throws if the request is invalid. */
export function writeStatusInquiry(request: StatusInquiryRequest, controlNumbers: ControlNumbers, now: Date): string {
  const r = StatusInquiryRequest.parse(request);
  const c = ControlNumbers.parse(controlNumbers);
  const isa13 = String(c.interchange).padStart(9, '0');
  const st02 = String(c.transaction).padStart(4, '0');
  const { from, to } = r.serviceDates;
  const set = [
    `ST*276*${st02}*${STATUS_INQUIRY_VERSION}`,
    `BHT*0010*13*${r.traceNumber}*${ccyymmdd(now)}*${hhmm(now)}`,
    'HL*1**20*1',
    `NM1*PR*2*${r.payer.name}*****PI*${r.payer.id}`,
    'HL*2*1*21*1',
    `NM1*41*2*${r.receiver.name}*****46*${r.receiver.id}`,
    'HL*3*2*19*1',
    `NM1*1P*2*${r.provider.name}*****XX*${r.provider.npi}`,
    `HL*4*3*22*${r.dependent ? 1 : 0}`,
    `NM1*IL*1*${r.subscriber.lastName}*${r.subscriber.firstName ?? ''}****MI*${r.subscriber.memberId}`,
    ...(r.dependent ? ['HL*5*4*23', ['NM1*QC*1', r.dependent.lastName, ...(r.dependent.firstName ? [r.dependent.firstName] : [])].join('*')] : []),
    `TRN*1*${r.traceNumber}`,
    // 2200D/2200E REF order of the guide: BLT, 1K, EJ.
    ...(r.billType ? [`REF*BLT*${r.billType}`] : []),
    ...(r.payerClaimControlNumber ? [`REF*1K*${r.payerClaimControlNumber}`] : []),
    ...(r.patientControlNumber ? [`REF*EJ*${r.patientControlNumber}`] : []),
    `AMT*T1*${formatCents(r.chargeCents)}`,
    `DTP*472*RD8*${d8(from)}-${d8(to)}`,
  ];
  set.push(`SE*${set.length + 1}*${st02}`);
  const isa = [
    'ISA', '00', ' '.repeat(10), '00', ' '.repeat(10),
    'ZZ', r.senderId.padEnd(15), 'ZZ', r.receiverId.padEnd(15),
    ccyymmdd(now).slice(2), hhmm(now), '^', '00501', isa13, '0', r.usage, ':',
  ].join('*');
  return [
    isa,
    `GS*HR*${r.senderId}*${r.receiverId}*${ccyymmdd(now)}*${hhmm(now)}*${c.group}*X*${STATUS_INQUIRY_VERSION}`,
    ...set,
    `GE*1*${c.group}`,
    `IEA*1*${isa13}`,
  ].join('~\n') + '~\n';
}
