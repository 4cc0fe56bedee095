// The reader checks the codes denial work keys on (domain/remittance/codes.ts) so that the classifier never
// meets one it refuses: every code the reader lets through must pass the classifier's own schemas, and a
// claim with a bad one is quarantined (or, for a remark code, read without it), positioned and quoted.
import { describe, expect, it } from 'vitest';
import { detectDenial, readRemittanceText, toDenialCase } from '../../../domain/remittance';
import { isAdjustmentGroup, isFilingIndicator, isReasonCode, isRemarkCode } from '../../../domain/remittance/codes';
import { assessDenial } from '../../../domain/lifecycle/assess';
import { AdjustmentSchema, RemarkSchema } from '../../../domain/policy/classify';
import { ExplainDenialInputSchema } from '../../../domain/policy/explain';
import { claimNamed, claimsOf, findingsOf, sample } from './support';

/** Every string of up to three characters from a few telling ones, and some longer codes. */
function candidates(): string[] {
  const alphabet = ['A', 'z', '0', ' ', '-', '*'];
  let level = [''];
  const all = [''];
  for (let n = 0; n < 3; n++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    all.push(...level);
  }
  return [...all, 'CO', 'PR', 'co', 'XX', 'A1', 'B7', '297', 'MA130', 'N1234', 'ABCDEF', 'N123456', 'M 15', 'X'.repeat(2048)];
}

describe('the reader accepts no code the classifier refuses', () => {
  const codes = candidates();

  it('CAS groups and reasons', () => {
    for (const c of codes.filter(isAdjustmentGroup)) expect(AdjustmentSchema.safeParse({ group: c, carc: '45', amount: 1 }).success, c).toBe(true);
    for (const c of codes.filter(isReasonCode)) expect(AdjustmentSchema.safeParse({ group: 'CO', carc: c, amount: 1 }).success, c).toBe(true);
    expect(codes.filter(isAdjustmentGroup)).toEqual(['CO', 'PR']);
  });

  it('remark codes', () => {
    for (const c of codes.filter(isRemarkCode)) expect(RemarkSchema.safeParse({ code: c }).success, c).toBe(true);
  });

  it('filing indicators', () => {
    const input = (filingIndicator: string) => ({ adjustments: ['CO-50:10'], filingIndicator, serviceDate: '2026-01-05', remitDate: '2026-02-01' });
    for (const c of codes.filter(isFilingIndicator)) expect(ExplainDenialInputSchema.safeParse(input(c)).success, c).toBe(true);
  });
});

describe('claims with bad codes', () => {
  const base = sample('denials-5010.835').toString('utf8');
  const read = (text: string) => readRemittanceText(text, 'codes.835');
  const quarantined = (text: string) => read(text).filter((e) => e.kind === 'quarantined');

  it.each([
    ['a CAS group that is not one', 'CAS*CO*50*250~', 'CAS*CX*50*250~', /^CAS01 adjustment group 'CX' is not CO, CR, OA, PI or PR/],
    ['a CAS reason of six characters', 'CAS*CO*50*250~', 'CAS*CO*ABCDEF*250~', /^CAS02 reason code 'ABCDEF' is not a claim adjustment reason code/],
    ['a CAS reason with a blank', 'CAS*CO*50*250~', 'CAS*CO*5 *250~', /^CAS02 reason code '5 '/],
    ['a filing indicator of three characters', '*250*0**12*', '*250*0**12X*', /^CLP06 claim filing indicator '12X'/],
  ])('%s quarantines the claim, naming the element', (_what, from, to, message) => {
    const text = base.replace(from, to);
    expect(text).not.toBe(base);
    const [q] = quarantined(text);
    expect(q).toMatchObject({ kind: 'quarantined', record: 'claim', patientControlNumber: 'PCN-A1001' });
    if (q?.kind !== 'quarantined') throw new Error('no quarantined claim');
    expect(q.findings.map((f) => [f.code, f.position.file, f.position.segment > 0])).toEqual([['invalid-code', 'codes.835', true]]);
    expect(q.findings[0]?.message).toMatch(message);
  });

  it('quotes a long code by its start and length', () => {
    const [q] = quarantined(base.replace('CAS*CO*50*250~', `CAS*CO*${'7'.repeat(2000)}*250~`));
    expect(q?.kind === 'quarantined' && q.findings[0]?.message).toContain(`'${'7'.repeat(24)}…' (2000 characters)`);
  });

  it('a bad remark code is left out with a warning; the claim is read, and assessed, without it', () => {
    const text = base.replace('MOA***N115~', 'MOA***N115*X~').replace('LQ*HE*N115~', 'LQ*HE*N1150000~');
    const events = read(text);
    expect(quarantined(text)).toEqual([]);
    const warnings = findingsOf(events).filter((f) => f.code === 'invalid-remark-code');
    expect(warnings.map((f) => [f.severity, f.position.segmentId, f.message.slice(0, 5)])).toEqual([
      ['warning', 'MOA', 'MOA04'],
      ['warning', 'LQ', 'LQ02 '],
    ]);
    const { claim, context } = claimNamed(events, 'PCN-A1001');
    expect(claim.outpatient?.remarkCodes).toEqual(['N115']);
    expect(claim.serviceLines[0]?.remarks).toEqual([]);
    const denial = toDenialCase(claim, context, detectDenial(claim, context));
    expect(assessDenial(denial, { today: '2026-06-01', appealLevel: 0 }).explanation.classification.primary.code).toBe('CO-50');
    expect(claimsOf(events)).toHaveLength(claimsOf(read(base)).length);
  });
});
