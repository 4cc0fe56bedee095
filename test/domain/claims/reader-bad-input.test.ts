// Bad input: the 835 reader's rules. Envelope errors reject the file with a positioned finding; a bad
// claim is quarantined with its reasons and the rest goes on; no message carries PHI.
import { describe, expect, it } from 'vitest';
import { read837Text } from '../../../domain/claims';
import { claimsOf, endOf, findingsOf, phiOf, quarantinedOf, readAll, sampleText } from './support';

const example1 = sampleText('demo.example1.837');
const twoClaims = sampleText('two-claims-single-provider.837i');

function expectNoPhi(messages: readonly string[], source: string): void {
  for (const value of phiOf(source)) for (const message of messages) expect(message).not.toContain(value);
}

describe('envelope errors reject the file', () => {
  it('a truncated file: the open claim is quarantined, the finding says where it ends', () => {
    const cut = example1.slice(0, example1.indexOf('SV1*HC:99214') + 10);
    const events = read837Text(cut, 'cut.837');
    const end = endOf(events);
    expect(end.verdict).toBe('rejected');
    expect(end.rejection.map((f) => f.code)).toEqual(['truncated']);
    expect(end.rejection[0]?.message).toContain('ends in the middle of segment 37 (SV1)');
    expect(end.rejection[0]?.position).toMatchObject({ file: 'cut.837', segment: 37, segmentId: 'SV1', set: '0021' });
    expect(claimsOf(events)).toEqual([]);
    expect(quarantinedOf(events)).toMatchObject([{ patientControlNumber: '26463774' }]);
    expect(quarantinedOf(events)[0]?.findings[0]?.code).toBe('truncated');
  });

  it('garbage and binary content', () => {
    expect(endOf(read837Text('hello, this is not a claim file', 'g.txt')).rejection).toMatchObject([{ code: 'not-x12', message: expect.stringContaining('837') }]);
    expect(endOf(read837Text('', 'empty.837')).rejection).toMatchObject([{ code: 'empty-input' }]);
    expect(endOf(read837Text('ISA*00*\u0000\u0001\u0002', 'bin.837')).rejection).toMatchObject([{ code: 'binary-content' }]);
  });

  it('an overlong element names the element, never its value', () => {
    const member = 'JS00111223333';
    const long = member.repeat(200);
    const events = read837Text(example1.replace(member, long), 'long.837');
    const [finding] = endOf(events).rejection;
    expect(finding).toMatchObject({ code: 'element-too-long', position: { segment: 19, segmentId: 'NM1' } });
    expect(finding?.message).toContain('NM109 is 2600 characters long');
    expect(finding?.message).not.toContain(member);
  });

  it('no 837P/837I set: an 835 or an 837D is not read as claims', () => {
    const dental = example1.replace(/005010X222A2/g, '005010X224A2');
    const events = read837Text(dental, 'dental.837');
    expect(events.find((e) => e.kind === 'set-skipped')).toMatchObject({ setType: '837', implementationGuide: '005010X224A2' });
    expect(endOf(events).rejection).toMatchObject([{ code: 'no-837-set', message: expect.stringContaining('837 005010X224A2') }]);
  });

  it('broken nesting', () => {
    const events = read837Text(example1.replace('GE*1*1~', ''), 'nesting.837');
    expect(endOf(events).rejection).toMatchObject([{ code: 'structure-broken', position: { segmentId: 'IEA' } }]);
  });
});

describe('a bad claim is quarantined and the rest goes on', () => {
  it('segments with no CLM before them', () => {
    const text = twoClaims.replace('CLM*756049Q*50.00***13:A:1*Y*C*Y*Y~\n', '');
    const events = read837Text(text, 'no-clm.837i');
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 1, quarantined: 1, claimErrors: 1 } });
    expect(claimsOf(events).map((c) => c.patientControlNumber)).toEqual(['756048Q']);
    const [bad] = quarantinedOf(events);
    expect(bad?.findings).toMatchObject([{ code: 'missing-segment', severity: 'claim', position: { segmentId: 'DTP', segment: 41, set: '987654' } }]);
    expect(bad?.findings[0]?.message).toBe('DTP in a hierarchy loop with no CLM before it: no CLM to attach it to.');
    expect(bad?.segments[0]).toBe('DTP*434*RD8*20050401-20050401');
  });

  it('an unreadable charge, a missing payer, a line without SV1: reasons named, values not', () => {
    const text = example1
      .replace('CLM*26463774*100.00', 'CLM*26463774*1OO.OO')
      .replace('NM1*PR*2*KEY INSURANCE COMPANY*****PI*999996666~\n', '')
      .replace('SV1*HC:86663*10.00*UN*1.00***2~\n', '');
    const events = read837Text(text, 'bad.837');
    const [bad] = quarantinedOf(events);
    expect(bad?.findings.map((f) => [f.code, f.message])).toEqual([
      ['invalid-amount', 'CLM02 amount is not a number.'],
      ['missing-segment', 'Loop 2010BB payer name (NM1*PR) is missing.'],
      ['missing-segment', 'Service line 4 has no SV1.'],
    ]);
    expect(endOf(events).verdict).toBe('accepted');
    expectNoPhi(findingsOf(events).map((f) => f.message), text);
  });

  it('a claim under a broken hierarchy', () => {
    const events = read837Text(example1.replace('HL*3*2*23*0', 'HL*3*9*23*0'), 'hl.837');
    expect(quarantinedOf(events)[0]?.findings).toMatchObject([{ code: 'hierarchy-broken', message: 'HL02 of HL*23 does not point to the HL above it.' }]);
  });

  it('bad dates and SE counts are warnings that keep the claim', () => {
    const text = example1.replace('DTP*472*D8*20061003~', 'DTP*472*D8*20061345~').replace('SE*40*0021', 'SE*41*0021');
    const events = read837Text(text, 'warn.837');
    expect(claimsOf(events)).toHaveLength(1);
    expect(findingsOf(events).map((f) => [f.code, f.severity])).toEqual([
      ['invalid-date', 'warning'],
      ['segment-count-mismatch', 'warning'],
    ]);
    expect(findingsOf(events)[0]?.message).not.toContain('20061345');
  });

  it('finding messages of every bad input carry no PHI', async () => {
    const inputs = [
      example1.replace('NM1*IL*1*SMITH*JANE****MI*JS00111223333', 'NM1*IL*1*SMITH*JANE****MI*' + 'JS00111223333'.repeat(300)),
      example1.replace('DMG*D8*19730501*M', 'DMG*D8*19731301*M').replace('CLM*26463774*100.00***11:B:1', 'CLM*26463774*x***'),
      example1.slice(0, example1.length / 2),
    ];
    for (const text of inputs) {
      const events = await readAll([text], 'phi.837');
      expectNoPhi(findingsOf(events).map((f) => f.message), example1);
    }
  });
});
