// The 276 writer (domain/claim-status/write-276.ts) and its check (validate-276.ts): what we send passes
// the 005010X212 rules, and the check fires when one of them is broken.
import { describe, expect, it } from 'vitest';
import { validate276, writeStatusInquiry, type ControlNumbers, type StatusInquiryRequest } from '../../../domain/claim-status';

const request: StatusInquiryRequest = {
  senderId: 'SAMPLECLINIC',
  receiverId: 'ABCINSURANCE',
  usage: 'T',
  payer: { name: 'ABC INSURANCE', id: '12345' },
  receiver: { name: 'SAMPLE CLINIC BILLING', id: 'X67E' },
  provider: { name: 'SAMPLE CLINIC', npi: '1234567893' },
  subscriber: { lastName: 'DOE', firstName: 'JANE', memberId: 'W1234567890' },
  traceNumber: 'DENIAL-7F3A09',
  payerClaimControlNumber: 'PAYER-ICN-9001',
  patientControlNumber: 'ACCT-1001',
  chargeCents: 15025,
  serviceDates: { from: '2024-01-10', to: '2024-01-12' },
};
const control: ControlNumbers = { interchange: 42, group: 7, transaction: 3 };
const now = new Date('2024-03-05T14:07:00Z');
const inquiry = writeStatusInquiry(request, control, now);
const segments = (text: string) => text.split('~\n').filter((s) => s.length > 0);

describe('writeStatusInquiry', () => {
  it('writes one claim inquiry with a balanced envelope', () => {
    expect(segments(inquiry)).toEqual([
      'ISA*00*          *00*          *ZZ*SAMPLECLINIC   *ZZ*ABCINSURANCE   *240305*1407*^*00501*000000042*0*T*:',
      'GS*HR*SAMPLECLINIC*ABCINSURANCE*20240305*1407*7*X*005010X212',
      'ST*276*0003*005010X212',
      'BHT*0010*13*DENIAL-7F3A09*20240305*1407',
      'HL*1**20*1',
      'NM1*PR*2*ABC INSURANCE*****PI*12345',
      'HL*2*1*21*1',
      'NM1*41*2*SAMPLE CLINIC BILLING*****46*X67E',
      'HL*3*2*19*1',
      'NM1*1P*2*SAMPLE CLINIC*****XX*1234567893',
      'HL*4*3*22*0',
      'NM1*IL*1*DOE*JANE****MI*W1234567890',
      'TRN*1*DENIAL-7F3A09',
      'REF*1K*PAYER-ICN-9001',
      'REF*EJ*ACCT-1001',
      'AMT*T1*150.25',
      'DTP*472*RD8*20240110-20240112',
      'SE*16*0003',
      'GE*1*7',
      'IEA*1*000000042',
    ]);
  });

  it('passes validate276, with and without the optional references', () => {
    expect(validate276(inquiry, 'inquiry.276')).toEqual([]);
    const minimal = { ...request, payerClaimControlNumber: undefined, patientControlNumber: undefined, subscriber: { lastName: 'DOE', memberId: 'W1' }, billType: '111' };
    const text = writeStatusInquiry(minimal, { interchange: 999_999_999, group: 1, transaction: 1 }, now);
    expect(text).not.toContain('REF*1K');
    expect(text).toContain('REF*BLT*111');
    expect(validate276(text, 'minimal.276')).toEqual([]);
  });

  it('puts the claim loop under a dependent patient (2000E), and that passes validate276', () => {
    const text = writeStatusInquiry({ ...request, dependent: { lastName: 'DOE', firstName: 'TIM' } }, control, now);
    const lines = segments(text);
    const at = lines.indexOf('NM1*IL*1*DOE*JANE****MI*W1234567890');
    expect(lines.slice(at - 1, at + 4)).toEqual(['HL*4*3*22*1', 'NM1*IL*1*DOE*JANE****MI*W1234567890', 'HL*5*4*23', 'NM1*QC*1*DOE*TIM', 'TRN*1*DENIAL-7F3A09']);
    expect(lines).toContain('SE*18*0003');
    expect(validate276(text, 'dependent.276')).toEqual([]);
    expect(writeStatusInquiry({ ...request, dependent: { lastName: 'DOE' } }, control, now)).toContain('NM1*QC*1*DOE~');
  });

  it.each([
    ['an element delimiter in a name', { ...request, payer: { name: 'ABC*INSURANCE', id: '1' } }],
    ['a segment terminator in the trace number', { ...request, traceNumber: 'A~B' }],
    ['an NPI that is not ten digits', { ...request, provider: { name: 'X', npi: '12345' } }],
    ['service dates that end before they start', { ...request, serviceDates: { from: '2024-02-01', to: '2024-01-01' } }],
    ['a service date that is not a calendar date', { ...request, serviceDates: { from: '2024-02-30', to: '2024-03-01' } }],
    ['a negative charge', { ...request, chargeCents: -1 }],
  ])('refuses a request with %s', (_what, bad) => {
    expect(() => writeStatusInquiry(bad as StatusInquiryRequest, control, now)).toThrow();
  });
});

function edit(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`edit did not apply: ${String(from)}`);
  return changed;
}

describe('validate276 rules', () => {
  it.each<[rule: string, mutate: (t: string) => string, segmentId: string, element?: string]>([
    ['isa-fixed-width', (t) => edit(t, 'SAMPLECLINIC   *ZZ', 'SAMPLECLINIC*ZZ'), 'ISA'],
    ['interchange-control-number', (t) => edit(t, 'IEA*1*000000042', 'IEA*1*000000043'), 'IEA', 'IEA02'],
    ['group-control-number', (t) => edit(t, 'GE*1*7', 'GE*1*8'), 'GE', 'GE02'],
    ['set-control-number', (t) => edit(t, 'SE*16*0003', 'SE*15*0004'), 'SE', 'SE02'],
    ['segment-count', (t) => edit(t, 'SE*16*', 'SE*15*'), 'SE', 'SE01'],
    ['group-set-count', (t) => edit(t, 'GE*1*', 'GE*0*'), 'GE', 'GE01'],
    ['interchange-group-count', (t) => edit(t, 'IEA*1*', 'IEA*2*'), 'IEA', 'IEA01'],
    ['version-mismatch', (t) => edit(t, 'ST*276*0003*005010X212', 'ST*276*0003*004010X093A1'), 'ST', 'ST03'],
    ['transaction-type', (t) => edit(t, 'GS*HR*', 'GS*HS*'), 'GS', 'GS01'],
    ['bht', (t) => edit(t, 'BHT*0010*13*', 'BHT*0010*08*'), 'BHT', 'BHT02'],
    ['hl-sequence', (t) => edit(t, 'HL*3*2*19*1', 'HL*5*2*19*1'), 'HL', 'HL01'],
    ['hl-parent', (t) => edit(t, 'HL*4*3*22*0', 'HL*4*2*22*0'), 'HL', 'HL02'],
    ['hl-level', (t) => edit(t, 'HL*3*2*19*1', 'HL*3*2*18*1'), 'HL', 'HL03'],
    ['required-loop', (t) => edit(t, 'NM1*1P*', 'NM1*1Q*'), 'HL'],
    ['required-segment', (t) => edit(edit(t, 'TRN*1*DENIAL-7F3A09~\n', ''), 'SE*16*', 'SE*15*'), 'HL'],
    ['trace', (t) => edit(t, 'TRN*1*', 'TRN*2*'), 'TRN', 'TRN01'],
    ['reference', (t) => edit(t, 'REF*EJ*', 'REF*D9*'), 'REF', 'REF01'],
    ['amount', (t) => edit(t, 'AMT*T1*150.25', 'AMT*T1*15O.25'), 'AMT', 'AMT02'],
    ['amount', (t) => edit(t, 'AMT*T1*', 'AMT*T3*'), 'AMT', 'AMT01'],
    ['date', (t) => edit(t, 'DTP*472*RD8*20240110-20240112', 'DTP*472*RD8*20240112-20240110'), 'DTP', 'DTP03'],
    ['date', (t) => edit(t, 'DTP*472*', 'DTP*434*'), 'DTP', 'DTP01'],
    ['npi-check-digit', (t) => edit(t, 'XX*1234567893', 'XX*1234567890'), 'NM1', 'NM109'],
  ])('%s fires (case %#)', (rule, mutate, segmentId, element) => {
    const issues = validate276(mutate(inquiry), 'broken.276');
    const hit = issues.find((i) => i.rule === rule && i.segmentId === segmentId && (element === undefined || i.element === element));
    expect(hit, JSON.stringify(issues, null, 1)).toBeDefined();
    expect(JSON.stringify(issues)).not.toMatch(/DOE|JANE|W1234567890/);
  });

  it('reports text that is not X12 without throwing', () => {
    expect(validate276('nothing here', 'x')).toEqual([expect.objectContaining({ rule: 'not-x12' })]);
  });
});
