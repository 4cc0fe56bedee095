// The 277CA reader (domain/acknowledgements/read-277ca.ts) on a public sample, on claim and batch
// rejections laid out as in the 005010X214 guide, and on bad input.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClaimAcknowledgementRead, read277CA, rejectedClaims, RejectedSubmission } from '../../../domain/acknowledgements';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/277ca', name), 'utf8');

function read(text: string, source = 'test.277ca') {
  const result = read277CA(text, source);
  ClaimAcknowledgementRead.parse(result);
  return result;
}

/** Names and member ids of the fixtures: none may reach a finding, explanation or rejection. */
const PHI = ['DOE', 'JANE', 'ROE', 'RICHARD', 'W1234567890', 'W2222222222', 'CLILNAME', 'XX99999X'];

describe('read277CA on a rejected claim (public imsweb/x12-parser sample)', () => {
  const result = read(fixture('imsweb-x12_277CA_rejected.txt'), 'imsweb.277ca');

  it('reads the claim with its identifiers, codes, amount and dates', () => {
    expect(result.claims).toEqual([
      expect.objectContaining({
        patientControlNumber: '3920394930203',
        payerClaimControlNumber: '1107000000001120',
        classification: 'rejected',
        totalCharge: { text: '199.14', cents: 19914 },
        serviceDates: { from: '20090311', to: '20090311' },
        statuses: [expect.objectContaining({ categoryCode: 'A7', categoryMeaning: 'Acknowledgement/Rejected for Invalid Information', statusCode: '562', entityCode: '85', classification: 'rejected', effectiveDate: '20110311' })],
        position: expect.objectContaining({ file: 'imsweb.277ca', segmentId: 'STC', segment: 22, set: '000001120' }),
      }),
    ]);
    expect(result.claims[0]?.explanation).toMatch(/^The claim was rejected and must be corrected and sent again: A7 /);
  });

  it('reads the accepted receiver batch and accepts a provider level without STC', () => {
    expect(result.batches).toEqual([expect.objectContaining({ loop: '2200B', traceNumber: '11200001', classification: 'accepted', claims: ['3920394930203'] })]);
    expect(result.findings).toEqual([]);
  });
});

describe('read277CA on one accepted and one rejected claim (guide layout)', () => {
  const result = read(fixture('guide-style-277ca-mixed.txt'), 'mixed.277ca');

  it('classifies each claim and keeps REF*1K, REF*D9, STC04, DTP*472 and STC10', () => {
    expect(result.claims.map((c) => [c.patientControlNumber, c.classification, c.payerClaimControlNumber, c.clearinghouseTraceNumber])).toEqual([
      ['ACCT-1001', 'accepted', 'PAYER-ICN-9001', 'CH-TRACE-0001'],
      ['ACCT-1002', 'rejected', undefined, 'CH-TRACE-0002'],
    ]);
    expect(result.claims[0]).toMatchObject({ payerId: '12345', totalCharge: { cents: 15000 }, serviceDates: { from: '20240110', to: '20240110' } });
    expect(result.claims[0]?.explanation).toBe('The claim was accepted: A2 Acknowledgement/Acceptance into adjudication system, 20 Accepted for processing (entity PR).');
    expect(result.claims[1]?.statuses[0]?.additional).toEqual([expect.objectContaining({ categoryCode: 'A7', statusCode: '562', entityCode: '85' })]);
    expect(result.claims[1]?.rejectedWith).toBeUndefined();
    expect(result.batches.map((b) => [b.loop, b.classification, b.claims])).toEqual([
      ['2200B', 'accepted', ['ACCT-1001', 'ACCT-1002']],
      ['2200C', 'accepted', ['ACCT-1001', 'ACCT-1002']],
    ]);
    expect(result.findings).toEqual([]);
  });

  it('lists only the rejected claim, by control numbers', () => {
    const rejected = rejectedClaims(result);
    RejectedSubmission.array().parse(rejected);
    expect(rejected).toEqual([expect.objectContaining({ acknowledgement: '277CA', scope: 'claim', patientControlNumber: 'ACCT-1002', clearinghouseTraceNumber: 'CH-TRACE-0002' })]);
    expect(PHI.some((p) => JSON.stringify(rejected).includes(p))).toBe(false);
  });
});

describe('read277CA on a rejected provider batch (guide layout)', () => {
  const result = read(fixture('guide-style-277ca-batch-rejected.txt'), 'batch.277ca');

  it('rejects every claim of the rejected batch though the claims themselves say A1', () => {
    expect(result.claims.map((c) => [c.patientControlNumber, c.classification, c.rejectedWith])).toEqual([
      ['ACCT-3001', 'rejected', { loop: '2200C', traceNumber: '0' }],
      ['ACCT-3002', 'rejected', { loop: '2200C', traceNumber: '0' }],
    ]);
    expect(result.claims[0]?.statuses[0]?.classification).toBe('accepted');
    expect(result.claims[0]?.explanation).toBe('The claim was rejected with its provider batch (A3 Acknowledgement/Returned as unprocessable claim, 21 Missing or invalid information (entity 85)) and must be sent again.');
  });

  it('reports a rejected batch that lists no claims as rejecting the whole batch', () => {
    const rejected = rejectedClaims(result);
    expect(rejected.map((r) => (r.acknowledgement === '277CA' ? [r.scope, r.patientControlNumber, r.batchTraceNumber] : []))).toEqual([
      ['batch', undefined, '0'],
      ['claim', 'ACCT-3001', '0'],
      ['claim', 'ACCT-3002', '0'],
    ]);
    expect(rejected[0]?.position).toMatchObject({ segmentId: 'STC', segment: 39 });
    expect(PHI.some((p) => JSON.stringify(result).includes(p))).toBe(false);
  });

  it('keeps batches of two interchanges apart though both number their set 0001 and their HLs alike', () => {
    const both = fixture('guide-style-277ca-mixed.txt') + fixture('guide-style-277ca-batch-rejected.txt');
    const { claims, batches } = read(both);
    expect(claims.map((c) => [c.patientControlNumber, c.classification])).toEqual([
      ['ACCT-1001', 'accepted'],
      ['ACCT-1002', 'rejected'],
      ['ACCT-3001', 'rejected'],
      ['ACCT-3002', 'rejected'],
    ]);
    expect(batches.map((b) => b.claims)).toEqual([['ACCT-1001', 'ACCT-1002'], ['ACCT-1001', 'ACCT-1002'], ['ACCT-3001', 'ACCT-3002'], ['ACCT-3001', 'ACCT-3002'], []]);
  });

  it('rejects the claims under a rejected information receiver too', () => {
    const text = fixture('guide-style-277ca-mixed.txt').replace('STC*A1:19:PR*20240306*WQ*350', 'STC*A6:21:41*20240306*U*350');
    const claims = read(text).claims;
    expect(claims.map((c) => [c.classification, c.rejectedWith?.loop])).toEqual([
      ['rejected', '2200B'],
      ['rejected', '2200B'],
    ]);
  });
});

describe('read277CA on bad input', () => {
  it('reports a truncated file and still reads the claims before the cut', () => {
    const text = fixture('guide-style-277ca-mixed.txt');
    const { claims, findings } = read(text.slice(0, text.indexOf('HL*5*3*PT')), 'cut.277ca');
    expect(claims.map((c) => c.patientControlNumber)).toEqual(['ACCT-1001']);
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'envelope-structure', severity: 'envelope', position: expect.objectContaining({ file: 'cut.277ca', segmentId: 'DTP' }) })]));
  });

  it('skips a 277 of another version (a claim status response) and a 999 with envelope findings', () => {
    const x212 = fs.readFileSync(path.join(__dirname, '../../fixtures/277/guide-style-277.txt'), 'utf8');
    const { claims, findings } = read(x212, 'status.277');
    expect(claims).toEqual([]);
    expect(findings.map((f) => [f.code, f.message])).toEqual(
      expect.arrayContaining([
        ['not-277-set', "Transaction set 277 is version '005010X212', not 005010X214; it is skipped."],
        ['no-277-set', 'The file holds no 005010X214 transaction set.'],
      ]),
    );
    const ack = read(fs.readFileSync(path.join(__dirname, '../../fixtures/999/imsweb-x12_999_accepted.txt'), 'utf8'), 'a.999');
    expect(ack.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['not-277-set', 'no-277-set']));
  });

  it('classifies by STC01-1, not STC03: the public sample sends WQ (accept) with A7', () => {
    const { claims, findings } = read(fixture('imsweb-x12_277CA_rejected.txt'));
    expect(claims[0]?.statuses[0]).toMatchObject({ categoryCode: 'A7', actionCode: 'WQ', classification: 'rejected' });
    expect(findings).toEqual([]);
  });

  it('reports garbage without throwing', () => {
    expect(read('\u0000\u0001binary', 'garbage.277ca')).toEqual({
      batches: [],
      claims: [],
      findings: [expect.objectContaining({ code: 'not-x12', severity: 'envelope', position: { file: 'garbage.277ca', segment: 0, segmentId: '' } })],
    });
  });
});
