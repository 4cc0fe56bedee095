// The 837 validator (domain/claims/validate-837.ts): the valid 837P and 837I fixtures pass clean, and each
// rule, broken on its own in a copy of a fixture, fires at the segment and element it names.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate837, ValidationIssue } from '../../../domain/claims/validate-837';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/837', name), 'utf8');
const P = fixture('valid-837p.txt');
const I = fixture('valid-837i.txt');

/** Replaces `from` (which must occur) with `to`, then recounts SE01 so only the broken rule fires. */
function edit(text: string, from: string | RegExp, to: string, recount = true): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`edit did not apply: ${String(from)}`);
  if (!recount) return changed;
  const segments = changed.split('~\n');
  const st = segments.findIndex((s) => s.startsWith('ST*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  return changed.replace(/SE\*\d+\*/, `SE*${se - st + 1}*`);
}
const drop = (text: string, segment: string) => edit(text, `${segment}~\n`, '');

function rulesOf(text: string): ValidationIssue[] {
  const issues = validate837(text, 'test.837');
  for (const i of issues) ValidationIssue.parse(i);
  return issues;
}

describe('validate837 on valid files', () => {
  it.each([
    ['837P (005010X222A1)', P],
    ['837I (005010X223A2)', I],
  ])('%s has no issues', (_name, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it('accepts admission date and time (DT) and discharge hour (TM) on an institutional claim', () => {
    expect(rulesOf(edit(I, 'CL1*4*1*01~', 'CL1*4*1*01~\nDTP*435*DT*202401010930~\nDTP*096*TM*1745~'))).toEqual([]);
  });

  it('accepts a replacement claim that names the payer claim control number (REF*F8)', () => {
    const replacement = edit(edit(P, '11:B:1', '11:B:7'), 'REF*D9*17312345600006351~\n', 'REF*F8*PAYERICN0001~\nREF*D9*17312345600006351~\n');
    expect(rulesOf(replacement)).toEqual([]);
  });
});

type Case = [rule: string, base: 'P' | 'I', mutate: (text: string) => string, segmentId: string, element?: string];

const cases: Case[] = [
  ['isa-element-size', 'P', (t) => edit(t, '*SUBMITTERID    *ZZ', '*SUBMITTERID*ZZ'), 'ISA', 'ISA06'],
  ['isa-fixed-width', 'P', (t) => edit(t, '*SUBMITTERID    *ZZ', '*SUBMITTERID*ZZ'), 'ISA'],
  ['interchange-control-number', 'P', (t) => edit(t, 'IEA*1*000000101', 'IEA*1*000000999'), 'IEA', 'IEA02'],
  ['interchange-group-count', 'P', (t) => edit(t, 'IEA*1*', 'IEA*3*'), 'IEA', 'IEA01'],
  ['group-control-number', 'P', (t) => edit(t, 'GE*1*101', 'GE*1*999'), 'GE', 'GE02'],
  ['group-set-count', 'P', (t) => edit(t, 'GE*1*', 'GE*2*'), 'GE', 'GE01'],
  ['set-control-number', 'P', (t) => edit(t, /SE\*(\d+)\*0001/, 'SE*$1*0002'), 'SE', 'SE02'],
  ['segment-count', 'P', (t) => edit(t, /SE\*\d+\*/, 'SE*99*', false), 'SE', 'SE01'],
  ['envelope-structure', 'P', (t) => drop(t, 'GE*1*101'), 'IEA'],
  ['version-mismatch', 'P', (t) => edit(t, 'ST*837*0001*005010X222A1', 'ST*837*0001*005010X223A2'), 'ST', 'ST03'],
  ['unsupported-version', 'P', (t) => t.replaceAll('005010X222A1', '004010X098A1'), 'GS', 'GS08'],
  ['transaction-type', 'P', (t) => edit(t, 'GS*HC*', 'GS*HP*'), 'GS', 'GS01'],
  ['bht', 'P', (t) => edit(t, 'BHT*0019*', 'BHT*0020*'), 'BHT', 'BHT01'],
  ['bht', 'P', (t) => edit(t, 'BHT*0019*00*', 'BHT*0019*11*'), 'BHT', 'BHT02'],
  ['bht', 'I', (t) => edit(t, '*1023*CH~', '*1023*ZZ~'), 'BHT', 'BHT06'],
  ['required-segment', 'P', (t) => drop(t, 'BHT*0019*00*0123*20240115*1023*CH'), 'NM1'],
  ['required-loop', 'P', (t) => drop(t, 'NM1*41*2*PREMIER BILLING SERVICE*****46*TGJ23'), 'BHT'],
  ['required-segment', 'P', (t) => drop(t, 'PER*IC*JERRY*TE*3055552222'), 'NM1'],
  ['required-loop', 'P', (t) => drop(t, 'NM1*40*2*KEY INSURANCE COMPANY*****46*66783JJT'), 'BHT'],
  ['loop-order', 'P', (t) => edit(drop(t, 'NM1*40*2*KEY INSURANCE COMPANY*****46*66783JJT'), 'NM1*41*', 'NM1*40*2*KEY INSURANCE COMPANY*****46*66783JJT~\nNM1*41*'), 'NM1'],
  ['required-loop', 'P', (t) => edit(t, 'NM1*85*', 'NM1*86*'), 'HL'],
  ['required-segment', 'P', (t) => drop(t, 'N3*234 SEAWAY ST'), 'NM1'],
  ['required-segment', 'P', (t) => drop(t, 'N4*MIAMI*FL*33111'), 'NM1'],
  ['required-segment', 'I', (t) => drop(t, 'REF*EI*567891234'), 'NM1'],
  ['npi-qualifier', 'P', (t) => edit(t, '*XX*1234567893', '*24*1234567893'), 'NM1', 'NM108'],
  ['npi-check-digit', 'P', (t) => edit(t, '*XX*1234567893', '*XX*1234567890'), 'NM1', 'NM109'],
  ['npi-check-digit', 'I', (t) => edit(t, '*XX*1111111112', '*XX*1111111111'), 'NM1', 'NM109'],
  ['required-segment', 'P', (t) => drop(t, 'SBR*P**2222-SJ******CI'), 'HL'],
  ['required-loop', 'I', (t) => drop(t, 'NM1*IL*1*DOE*JOHN*T***MI*030005074A'), 'HL'],
  ['required-loop', 'I', (t) => drop(t, 'NM1*PR*2*MEDICARE A*****PI*00435'), 'HL'],
  ['loop-order', 'I', (t) => edit(drop(t, 'NM1*PR*2*MEDICARE A*****PI*00435'), 'NM1*IL*', 'NM1*PR*2*MEDICARE A*****PI*00435~\nNM1*IL*'), 'NM1'],
  ['required-segment', 'P', (t) => drop(t, 'PAT*19'), 'HL'],
  ['required-loop', 'P', (t) => drop(t, 'NM1*QC*1*SMITH*TED'), 'HL'],
  ['hl-sequence', 'P', (t) => edit(t, 'HL*3*2*23*0', 'HL*4*2*23*0'), 'HL', 'HL01'],
  ['hl-parent', 'P', (t) => edit(t, 'HL*3*2*23*0', 'HL*3*1*23*0'), 'HL', 'HL02'],
  ['hl-parent', 'P', (t) => edit(t, 'HL*3*2*23*0', 'HL*3*7*23*0'), 'HL', 'HL02'],
  ['hl-level', 'P', (t) => edit(t, 'HL*3*2*23*0', 'HL*3*2*24*0'), 'HL', 'HL03'],
  ['hl-child-code', 'P', (t) => edit(t, 'HL*2*1*22*1', 'HL*2*1*22*0'), 'HL', 'HL04'],
  ['loop-order', 'P', (t) => edit(t, 'NM1*87*2~', 'CLM*X1*1***11:B:1*Y*A*Y*I~\nNM1*87*2~'), 'CLM'],
  ['required-loop', 'I', (t) => edit(t, /CLM\*[\s\S]*(?=SE\*)/, ''), 'HL'],
  ['missing-element', 'P', (t) => edit(t, 'CLM*26463774*', 'CLM**'), 'CLM', 'CLM01'],
  ['claim-total', 'P', (t) => edit(t, 'CLM*26463774*100*', 'CLM*26463774*100.01*'), 'CLM', 'CLM02'],
  ['claim-total', 'I', (t) => edit(t, '*13.39*', '*13.40*'), 'CLM', 'CLM02'],
  ['amount', 'P', (t) => edit(t, 'SV1*HC:99213*40*', 'SV1*HC:99213*4O*'), 'SV1', 'SV102'],
  ['facility-code-qualifier', 'P', (t) => edit(t, '11:B:1', '11:A:1'), 'CLM', 'CLM05-2'],
  ['facility-code-qualifier', 'I', (t) => edit(t, '14:A:1', '14:B:1'), 'CLM', 'CLM05-2'],
  ['claim-frequency', 'P', (t) => edit(t, '11:B:1', '11:B:5'), 'CLM', 'CLM05-3'],
  ['payer-claim-control-number', 'P', (t) => edit(t, '11:B:1', '11:B:7'), 'CLM', 'CLM05-3'],
  ['payer-claim-control-number', 'I', (t) => edit(t, '14:A:1', '14:A:8'), 'CLM', 'CLM05-3'],
  ['principal-diagnosis', 'P', (t) => edit(t, 'HI*ABK:J029*ABF:Z1159', 'HI*ABF:Z1159*ABK:J029'), 'HI', 'HI01-1'],
  ['principal-diagnosis', 'I', (t) => drop(drop(t, 'HI*ABK:J209'), 'HI*ABF:I10'), 'CLM'],
  ['diagnosis-pointer', 'P', (t) => edit(t, '***1:2~', '***1:3~'), 'SV1', 'SV107-2'],
  ['diagnosis-pointer', 'P', (t) => edit(t, 'SV1*HC:99213*40*UN*1***1', 'SV1*HC:99213*40*UN*1***13'), 'SV1', 'SV107-1'],
  ['diagnosis-pointer', 'P', (t) => edit(t, 'SV1*HC:99213*40*UN*1***1', 'SV1*HC:99213*40*UN*1'), 'SV1', 'SV107-1'],
  ['date', 'P', (t) => edit(t, 'DTP*472*D8*20240110', 'DTP*472*D8*20240231'), 'DTP', 'DTP03'],
  ['date', 'I', (t) => edit(t, 'RD8*20240101-20240102', 'RD8*20240102-20240101'), 'DTP', 'DTP03'],
  ['date', 'I', (t) => edit(t, 'DMG*D8*19261111', 'DMG*D8*19261311'), 'DMG', 'DMG02'],
  ['date', 'I', (t) => edit(t, 'CL1*4*1*01~', 'CL1*4*1*01~\nDTP*435*DT*202401012460~'), 'DTP', 'DTP03'],
  ['date', 'I', (t) => edit(t, 'CL1*4*1*01~', 'CL1*4*1*01~\nDTP*096*TM*2400~'), 'DTP', 'DTP03'],
  ['date', 'P', (t) => edit(t, 'DTP*472*D8*20240110', 'DTP*472*DB*20240110'), 'DTP', 'DTP02'],
  ['institutional-cl1', 'I', (t) => drop(t, 'CL1*4*1*01'), 'CLM'],
  ['statement-dates', 'I', (t) => drop(t, 'DTP*434*RD8*20240101-20240102'), 'CLM'],
  ['revenue-code', 'I', (t) => edit(t, 'SV2*0305*', 'SV2*305*'), 'SV2', 'SV201'],
  ['service-line', 'P', (t) => edit(t, 'SV1*HC:87070*15*UN*1***1', 'SV2*0300*HC:87070*15*UN*1'), 'LX'],
  ['service-line', 'I', (t) => drop(t, 'SV2*0730*HC:93005*76.54*UN*3'), 'LX'],
  ['required-loop', 'P', (t) => edit(t, /LX\*1~[\s\S]*(?=SE\*)/, ''), 'CLM'],
  ['lx-sequence', 'P', (t) => edit(t, 'LX*2~', 'LX*5~'), 'LX', 'LX01'],
];

describe('validate837 rules', () => {
  it.each(cases)('%s fires (%s fixture, case %#)', (rule, base, mutate, segmentId, element) => {
    const issues = rulesOf(mutate(base === 'P' ? P : I));
    const hit = issues.find((i) => i.rule === rule && i.segmentId === segmentId && (element === undefined || i.element === element));
    expect(hit, JSON.stringify(issues, null, 1)).toBeDefined();
    expect(hit?.segmentIndex).toBeGreaterThan(0);
    expect(hit?.severity).toBe(rule === 'hl-child-code' ? 'warning' : 'error');
  });

  it('warns when the file ends without a final segment terminator', () => {
    expect(rulesOf(P.replace(/~\n$/, ''))).toEqual([expect.objectContaining({ rule: 'envelope-structure', severity: 'warning', segmentId: 'IEA' })]);
  });

  it('reports text that is not X12 without throwing', () => {
    expect(rulesOf('hello, this is not an interchange')).toEqual([expect.objectContaining({ rule: 'not-x12', severity: 'error' })]);
    expect(rulesOf('')).toEqual([expect.objectContaining({ rule: 'not-x12' })]);
  });

  it('points at the segment in the file (1-based, ISA = 1)', () => {
    const issues = rulesOf(edit(P, 'CLM*26463774*100*', 'CLM*26463774*99*'));
    const clm = P.split('~\n').findIndex((s) => s.startsWith('CLM*')) + 1;
    expect(issues).toEqual([expect.objectContaining({ rule: 'claim-total', segmentIndex: clm, segmentId: 'CLM', element: 'CLM02' })]);
    expect(issues[0]?.message).toContain('100.00');
  });

  it('never puts names, member ids or patient control numbers in its messages', () => {
    const issues = cases.flatMap(([, base, mutate]) => rulesOf(mutate(base === 'P' ? P : I)));
    expect(issues.length).toBeGreaterThan(cases.length);
    const text = JSON.stringify(issues);
    const phi = ['SMITH', 'JANE', 'TED', 'JS00111223333', '26463774', '19430501', 'SEAWAY', 'DOE', 'JOHN', '030005074A', '756048Q', 'J029', 'J209'];
    for (const value of phi) expect(text).not.toContain(value);
  });
});
