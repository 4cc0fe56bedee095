// The 999 reader (domain/acknowledgements/read-999.ts) on public samples, on a partially accepted group
// laid out as in the 005010X231A1 guide, and on bad input.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImplementationAcknowledgementRead, read999, rejectedClaims, RejectedSubmission } from '../../../domain/acknowledgements';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/999', name), 'utf8');

function read(text: string, source = 'test.999') {
  const result = read999(text, source);
  ImplementationAcknowledgementRead.parse(result);
  return result;
}

describe('read999 on an accepted 999 (public imsweb/x12-parser sample)', () => {
  const { groups, findings } = read(fixture('imsweb-x12_999_accepted.txt'), 'accepted.999');

  it('gives the group, its accepted set and the AK9 counts', () => {
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ functionalIdCode: 'HC', groupControlNumber: '17456', version: '005010X223A2' });
    expect(groups[0]?.sets).toEqual([
      expect.objectContaining({ setId: '837', controlNumber: '0001', result: { code: 'A', meaning: 'Accepted' }, classification: 'accepted', explanation: 'Transaction set 837 0001 was accepted.', segmentErrors: [] }),
    ]);
    expect(groups[0]?.trailer).toMatchObject({ result: { code: 'A' }, included: 1, received: 1, accepted: 1, errors: [] });
  });

  it('warns about the sample IEA02 that does not match ISA13, and lists no rejection', () => {
    expect(findings).toEqual([expect.objectContaining({ code: 'envelope-mismatch', severity: 'warning', position: expect.objectContaining({ file: 'accepted.999', segmentId: 'IEA', segment: 10 }) })]);
    expect(rejectedClaims(read(fixture('imsweb-x12_999_accepted.txt')))).toEqual([]);
  });
});

describe('read999 on a rejected 999 (public imsweb/x12-parser sample)', () => {
  const result = read(fixture('imsweb-x12_999_rejected.txt'), 'rejected.999');

  it('reads the IK3 segment error and the IK5 reject with its code meanings', () => {
    const set = result.groups[0]?.sets[0];
    expect(set).toMatchObject({ controlNumber: '0028', classification: 'rejected', result: { code: 'R' }, errors: [{ code: '5', meaning: 'One or more segments in error' }] });
    expect(set?.segmentErrors).toEqual([expect.objectContaining({ segmentId: 'NM', segmentPosition: 17, error: { code: '1', meaning: 'Unrecognized segment ID' }, elements: [] })]);
    expect(set?.explanation).toBe('Transaction set 837 0028 was rejected: one or more segments in error (first error at NM segment 17, unrecognized segment id).');
    expect(result.findings).toEqual([]);
  });

  it('lists the rejected set for a task', () => {
    expect(rejectedClaims(result)).toEqual([
      expect.objectContaining({ acknowledgement: '999', groupControlNumber: '28', setId: '837', setControlNumber: '0028', patientControlNumbers: [], position: expect.objectContaining({ segmentId: 'AK2', segment: 5 }) }),
    ]);
  });
});

describe('read999 on a partially accepted group (guide layout)', () => {
  const result = read(fixture('guide-style-999-partial.txt'), 'partial.999');
  const sets = result.groups[0]?.sets ?? [];

  it('classifies each set: accepted, rejected, accepted with errors', () => {
    expect(sets.map((s) => [s.controlNumber, s.classification])).toEqual([
      ['0001', 'accepted'],
      ['0002', 'rejected'],
      ['0003', 'accepted-with-errors'],
    ]);
    expect(result.groups[0]?.trailer).toMatchObject({ result: { code: 'P', meaning: 'Partially accepted, at least one transaction set was rejected' }, included: 3, received: 3, accepted: 2 });
    expect(result.findings).toEqual([]);
  });

  it('reads IK3 and IK4 errors with positions, reference numbers, meanings and the claim from CTX', () => {
    const rejected = sets[1];
    expect(rejected?.errors).toEqual([{ code: 'I5', meaning: 'Implementation one or more segments in error' }]);
    expect(rejected?.segmentErrors).toEqual([
      expect.objectContaining({
        segmentId: 'NM1',
        segmentPosition: 23,
        loop: '2010BA',
        error: { code: '8', meaning: 'Segment has data element errors' },
        patientControlNumber: 'ACCT-2002',
        elements: [expect.objectContaining({ elementPosition: 9, referenceNumber: '67', error: { code: '6', meaning: 'Invalid character in data element' }, badData: 'W12#4' })],
      }),
      expect.objectContaining({
        segmentId: 'DTP',
        segmentPosition: 41,
        loop: '2400',
        elements: [expect.objectContaining({ elementPosition: 3, referenceNumber: '1251', error: { code: '8', meaning: 'Invalid date' }, badData: '20241399' })],
      }),
    ]);
    expect(sets[2]?.segmentErrors[0]).toMatchObject({ segmentId: 'REF', error: { code: 'I4', meaning: 'Implementation "not used" segment present' } });
    expect(sets[2]?.explanation).toBe('Transaction set 837 0003 was accepted, with errors noted (first error at REF segment 30 in loop 2300, implementation "not used" segment present).');
  });

  it('lists only the rejected set, with the claim its errors name and no bad data in the reason', () => {
    const rejected = rejectedClaims(result);
    expect(rejected).toEqual([expect.objectContaining({ acknowledgement: '999', groupControlNumber: '4401', setControlNumber: '0002', patientControlNumbers: ['ACCT-2002'] })]);
    RejectedSubmission.array().parse(rejected);
    expect(JSON.stringify(rejected)).not.toContain('W12#4');
  });
});

describe('read999 on bad input', () => {
  const partial = fixture('guide-style-999-partial.txt');

  it('reports a truncated file with positioned findings and keeps what it could read', () => {
    const cut = partial.slice(0, partial.indexOf('IK5*R'));
    const { groups, findings } = read(cut, 'cut.999');
    expect(groups[0]?.sets.map((s) => s.controlNumber)).toEqual(['0001']);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'envelope-structure', severity: 'envelope', message: 'Transaction set 0001 has no SE.', position: expect.objectContaining({ file: 'cut.999', segmentId: 'IK4' }) }),
        expect.objectContaining({ code: 'missing-set-result', severity: 'claim', position: expect.objectContaining({ file: 'cut.999', segmentId: 'IK4', set: '0001' }) }),
        expect.objectContaining({ code: 'missing-group-trailer', severity: 'warning' }),
      ]),
    );
    expect(findings.every((f) => !f.message.includes('W12#4'))).toBe(true);
  });

  it('reports an 835 given to it as not a 999', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../samples/denials-5010.835'), 'utf8');
    const { groups, findings } = read(text, 'denials.835');
    expect(groups).toEqual([]);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'not-999-set', severity: 'warning', message: 'Transaction set 835 is not a 999; it is skipped.', position: expect.objectContaining({ file: 'denials.835', segmentId: 'ST' }) }),
        expect.objectContaining({ code: 'no-999-set', severity: 'envelope', message: 'The file holds no 999 transaction set.' }),
      ]),
    );
  });

  it('reports garbage and empty input without throwing', () => {
    expect(read('hello, this is not X12', 'garbage.999')).toEqual({
      groups: [],
      findings: [{ code: 'not-x12', severity: 'envelope', message: 'No ISA or ST segment at the start of the file: not X12.', position: { file: 'garbage.999', segment: 0, segmentId: '' } }],
    });
    expect(read('', 'empty.999').findings).toEqual([expect.objectContaining({ code: 'not-x12', position: expect.objectContaining({ file: 'empty.999' }) })]);
  });

  it('warns when AK9 counts or result do not agree with the AK2 loops', () => {
    const text = partial.replace('AK9*P*3*3*2', 'AK9*A*3*4*3');
    const { findings } = read(text, 'counts.999');
    expect(findings.map((f) => [f.code, f.position.segmentId, f.message])).toEqual([
      ['count-mismatch', 'AK9', 'AK903 says 4 sets were received but 3 AK2 loops acknowledge sets of group 4401.'],
      ['count-mismatch', 'AK9', 'AK904 says 3 sets were accepted but 2 AK2 loops of group 4401 end in IK5 A or E.'],
      ['result-mismatch', 'AK9', "AK901 'A' does not agree with the IK501 codes of group 4401, which give 'P'."],
    ]);
  });

  it('notes a 999 set that acknowledges no group', () => {
    const text = partial.replace(/AK1\*[\s\S]*AK9\*P\*3\*3\*2~\n/, '').replace('SE*18*0001', 'SE*2*0001');
    const { groups, findings } = read(text, 'empty-set.999');
    expect(groups).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ code: 'missing-group-header', severity: 'claim', message: '999 set 0001 has no AK1: it acknowledges no functional group.', position: expect.objectContaining({ segmentId: 'ST', segment: 3 }) })]);
  });

  it('notes IK segments out of place and unknown codes', () => {
    const text = partial.replace('AK1*HC*4401*005010X222A1~\n', 'IK3*NM1*2**8~\nAK1*HC*4401*005010X222A1~\n').replace('IK5*E', 'IK5*Q');
    const { findings } = read(text, 'odd.999');
    expect(findings.map((f) => f.code)).toEqual(expect.arrayContaining(['segment-out-of-place', 'unknown-code', 'envelope-mismatch']));
  });
});
