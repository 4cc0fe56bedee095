// The 277 reader (domain/claim-status/read-277.ts) on a public sample and on one built from the guide's
// layout, the code tables behind its classification, and bad input.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES, ClaimStatusRead, read277, STATUS_CODES } from '../../../domain/claim-status';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/277', name), 'utf8');

/** Wraps transaction sets in a balanced ISA/GS envelope. */
function envelope(sets: string[][]): string {
  const isa = 'ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *240305*1200*^*00501*000000001*0*T*:';
  return [isa, 'GS*HN*PAYER*CLINIC*20240305*1200*1*X*005010X212', ...sets.flat(), `GE*${sets.length}*1`, 'IEA*1*000000001'].join('~') + '~';
}

function read(text: string, source = 'test.277') {
  const result = read277(text, source);
  ClaimStatusRead.parse(result);
  return result;
}

describe('read277 on the public imsweb/x12-parser sample', () => {
  const { answers, findings } = read(fixture('imsweb-x12_277_x212.txt'), 'imsweb.277');

  it('gives one accepted answer per claim with its trace and patient control numbers', () => {
    expect(answers).toHaveLength(8);
    expect(answers.map((a) => a.traceNumber)).toEqual(['0000001', '0000002', '0000003', '0000004', '0000005', '0000006', '0000007', '0000008']);
    expect(answers[0]).toMatchObject({
      loop: '2200D',
      categoryCode: 'A1',
      categoryMeaning: 'Acknowledgement/Receipt',
      statusCode: '704',
      classification: 'accepted',
      patientControlNumber: '12345',
      effectiveDate: '20201116',
      totalCharge: { text: '600', cents: 60000 },
      serviceDates: { from: '20201113', to: '20201113' },
      position: { file: 'imsweb.277', interchange: '000000001', group: '832838996', set: '0001', segment: 14, segmentInSet: 12, segmentId: 'STC' },
    });
    expect(answers.every((a) => a.payerClaimControlNumber === undefined && a.payment === undefined)).toBe(true);
  });

  it('keeps the answers of a file whose IEA02 does not match ISA13, with a warning', () => {
    expect(findings).toEqual([
      expect.objectContaining({ code: 'envelope-mismatch', severity: 'warning', position: expect.objectContaining({ segmentId: 'IEA', segment: 111 }) }),
    ]);
  });

  it('never reads names or member ids', () => {
    expect(JSON.stringify(answers)).not.toMatch(/DOEONE|JANEONE|0000000001|HAPPY DOCTORS/);
  });
});

describe('read277 on a 277 laid out as in the guide', () => {
  const { answers, findings } = read(fixture('guide-style-277.txt'));
  const byTrace = (trace: string) => answers.filter((a) => a.traceNumber === trace);

  it('classifies paid, denied, pended, rejected, not found and unknown categories', () => {
    expect(answers.map((a) => [a.traceNumber, a.categoryCode, a.classification])).toEqual([
      ['DENIAL-0001', 'F1', 'finalized-paid'],
      ['DENIAL-0002', 'F2', 'denied'],
      ['DENIAL-0003', 'P1', 'pended'],
      ['DENIAL-0004', 'A7', 'rejected'],
      ['DENIAL-0004', 'D0', 'not-found'],
      ['DENIAL-0005', 'ZZ', 'other'],
    ]);
  });

  it('gives each answer the payer id of its information source (NM1*PR), to match the claim under', () => {
    expect(new Set(answers.map((a) => a.payerId))).toEqual(new Set(['12345']));
  });

  it('reads amounts, dates, the check and the payer claim control number of a paid claim', () => {
    expect(byTrace('DENIAL-0001')[0]).toMatchObject({
      payerClaimControlNumber: 'PAYER-ICN-9001',
      patientControlNumber: 'ACCT-1001',
      statusCode: '65',
      statusMeaning: 'Claim/line has been paid',
      totalCharge: { cents: 15000 },
      payment: { cents: 12000 },
      adjudicationDate: '20240301',
      checkIssueDate: '20240302',
      checkNumber: 'CHK10045',
    });
  });

  it('explains a denial with its entity, and skips the service line status (2220D)', () => {
    const denied = byTrace('DENIAL-0002');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ entityCode: 'IL', payment: { cents: 0 } });
    expect(denied[0]?.explanation).toBe('F2: Finalized/Denial; 88: Entity not eligible for benefits for submitted dates of service (entity IL).');
  });

  it('reads a dependent claim (2200E) with the extra status composites of STC10 and STC11', () => {
    expect(byTrace('DENIAL-0003')[0]).toMatchObject({
      loop: '2200E',
      additional: [
        { categoryCode: 'R4', statusCode: '294', categoryMeaning: 'Requests for additional Information/Documentation' },
        { categoryCode: 'E0', statusCode: '21' },
      ],
      serviceDates: { from: '20240201', to: '20240202' },
    });
  });

  it('keeps an answer with an unknown category, a bad date and a bad amount, and says so', () => {
    expect(byTrace('DENIAL-0005')[0]).toMatchObject({ categoryMeaning: 'Unknown category code', effectiveDate: '20241340' });
    expect(byTrace('DENIAL-0005')[0]?.totalCharge).toBeUndefined();
    expect(findings.map((f) => f.code).sort()).toEqual(['invalid-amount', 'invalid-date', 'unknown-category-code']);
    expect(findings.every((f) => f.position.segmentId === 'STC' && f.position.set === '0001')).toBe(true);
  });
});

describe('read277 on bad input', () => {
  it.each(['', 'not x12 at all', '\u0000\u0001binary', 'ISA*00*short~'])('gives findings and no answers for %j', (text) => {
    const { answers, findings } = read(text);
    expect(answers).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.severity === 'envelope')).toBe(true);
  });

  it('reports a claim loop without STC, an STC outside a claim, a wrong TRN01 and a set that is not a 277', () => {
    const text = envelope([[
      'ST*277*0001*005010X212',
      'BHT*0010*08*X*20240305*1200*DG',
      'HL*1**20*1',
      'NM1*PR*2*P*****PI*1',
      'STC*A1:19',
      'HL*2*1*21*1',
      'HL*3*2*19*1',
      'HL*4*3*22*0',
      'TRN*2*T-1',
      'REF*EJ*A',
      'TRN*1*T-2',
      'STC*F2',
      'STC*:65',
      'SE*14*0001',
    ], ['ST*835*0002*005010X221A1', 'SE*2*0002']]);
    const { answers, findings } = read(text);
    expect(answers).toEqual([expect.objectContaining({ traceNumber: 'T-2', categoryCode: 'F2', classification: 'denied', explanation: 'F2: Finalized/Denial.' })]);
    expect(findings.map((f) => f.code)).toEqual(['envelope-mismatch', 'status-outside-claim', 'missing-status', 'missing-element', 'missing-element', 'not-277-set']);
    expect(findings[0]?.message).toBe("ST03 '005010X221A1' does not match GS08 '005010X212'.");
    expect(findings[2]?.position).toMatchObject({ set: '0001', segmentInSet: 9, segmentId: 'TRN' });
  });

  it('says when a file holds no 277 at all', () => {
    expect(read(envelope([['ST*999*0001*005010X212', 'SE*2*0001']])).findings.map((f) => f.code)).toEqual(['not-277-set', 'no-277-set']);
  });
});

describe('claim status code tables', () => {
  it('has every category code of A0-A8, P0-P5, F0-F4, R0-R16, E0-E4 and D0', () => {
    const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
    const expected = [...range('A', 0, 8), ...range('P', 0, 5), ...range('F', 0, 4), 'F3F', 'F3N', ...range('R', 0, 16), ...range('E', 0, 4), 'D0'];
    expect(Object.keys(CATEGORY_CODES).sort()).toEqual(expected.sort());
    expect(CATEGORY_CODES.P1?.meaning).toBe('Pending/In Process');
    expect(CATEGORY_CODES.F1?.meaning).toBe('Finalized/Payment');
    expect(CATEGORY_CODES.F2?.meaning).toBe('Finalized/Denial');
    expect(CATEGORY_CODES.A7?.meaning).toBe('Acknowledgement/Rejected for Invalid Information');
    expect(CATEGORY_CODES.D0?.meaning).toBe('Data Search Unsuccessful');
    expect(CATEGORY_CODES.E0?.meaning).toBe('Response not possible - error on submitted request data');
  });

  it('classifies each family', () => {
    const of = (code: string) => CATEGORY_CODES[code]?.classification;
    expect([of('A0'), of('A1'), of('A2'), of('A5')]).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect([of('A3'), of('A6'), of('A7'), of('A8')]).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect([of('A4'), of('D0')]).toEqual(['not-found', 'not-found']);
    expect([of('P0'), of('P5'), of('R4'), of('R16')]).toEqual(['pended', 'pended', 'pended', 'pended']);
    expect([of('F1'), of('F2'), of('F4'), of('E0')]).toEqual(['finalized-paid', 'denied', 'other', 'other']);
  });

  it('has the common status codes', () => {
    for (const code of ['3', '20', '21', '65', '85', '88', '187']) expect(STATUS_CODES[code], code).toBeTruthy();
  });
});
