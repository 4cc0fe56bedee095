// Envelope control checks, balancing and the three severities, on edited copies of a good sample.
import { describe, expect, it } from 'vitest';
import { readRemittanceText } from '../../../domain/remittance';
import { claimNamed, claimsOf, endOf, findingsOf, sample } from './support';

const base = sample('denials-5010.835').toString('utf8');

/** Replaces one exact occurrence, so a typo in a test cannot silently edit nothing. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const read = (text: string) => readRemittanceText(text, 'edited.835');
const only = (text: string) => findingsOf(read(text)).map((f) => [f.severity, f.code]);

describe('envelope control checks are warnings: the file is still read', () => {
  it.each([
    ['ISA13 vs IEA02', 'IEA*1*000012345', 'IEA*1*000012399', 'interchange-control-mismatch'],
    ['GS06 vs GE02', 'GE*1*12345', 'GE*1*54321', 'group-control-mismatch'],
    ['ST02 vs SE02', 'SE*77*0001', 'SE*77*0009', 'set-control-mismatch'],
    ['SE01 segment count', 'SE*77*0001', 'SE*76*0001', 'segment-count-mismatch'],
    ['GE01 set count', 'GE*1*12345', 'GE*2*12345', 'set-count-mismatch'],
    ['IEA01 group count', 'IEA*1*000012345', 'IEA*3*000012345', 'group-count-mismatch'],
  ])('%s', (_what, from, to, code) => {
    const events = read(edit(base, from, to));
    expect(findingsOf(events).map((f) => [f.severity, f.code])).toEqual([['warning', code]]);
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 6 } });
  });

  it('control numbers compare numerically when both are digits', () => {
    expect(only(edit(base, 'GE*1*12345', 'GE*1*0012345'))).toEqual([]);
  });

  it('positions a finding by file, interchange, set, segment number in file and in set, and segment id', () => {
    const [finding] = findingsOf(read(edit(base, 'SE*77*0001', 'SE*77*0009')));
    expect(finding?.position).toEqual({
      file: 'edited.835',
      interchange: '000012345',
      group: '12345',
      set: '0001',
      segment: 79,
      segmentInSet: 77,
      segmentId: 'SE',
    });
  });
});

describe('balancing (warnings, exact to the cent)', () => {
  it('claim: CLP03 − all CAS = CLP04', () => {
    const events = read(edit(edit(base, 'CLP*PCN-E5005*1*200*150*', 'CLP*PCN-E5005*1*200*150.01*'), 'BPR*I*463.5*', 'BPR*I*463.51*'));
    expect(findingsOf(events).map((f) => f.code)).toEqual(['claim-out-of-balance']);
    const { claim } = claimNamed(events, 'PCN-E5005');
    expect(claim.findings).toMatchObject([{ code: 'claim-out-of-balance', severity: 'warning', position: { segmentId: 'CLP' } }]);
    expect(claim.findings[0]?.message).toBe('Claim PCN-E5005: charge 200 − adjustments 50.00 = 150.00, but CLP04 paid 150.01.');
  });

  it('service line: SVC02 − line CAS = SVC03', () => {
    const events = read(edit(base, 'CAS*CO*45*85', 'CAS*CO*45*84.99'));
    expect(findingsOf(events).map((f) => [f.code, f.position.segmentId])).toEqual([
      ['service-line-out-of-balance', 'SVC'],
      ['claim-out-of-balance', 'CLP'],
    ]);
  });

  it('transaction: BPR02 = Σ CLP04 − Σ PLB', () => {
    const events = read(edit(base, 'BPR*I*463.5*', 'BPR*I*501*'));
    const [finding] = findingsOf(events);
    expect(finding).toMatchObject({ code: 'payment-out-of-balance', severity: 'warning', position: { segmentId: 'SE' } });
    expect(finding?.message).toBe('BPR02 501.00 ≠ Σ CLP04 501.00 − Σ PLB 37.50 = 463.50.');
    expect(events.find((e) => e.kind === 'set-end')).toMatchObject({ summary: { balanced: false } });
  });

  it('amounts that only balance in floating point do balance in cents', () => {
    // 0.1 + 0.2 style sums: 0.3 − 0.1 − 0.2 must be exactly 0.
    const text = edit(
      edit(base, 'CLP*PCN-E5005*1*200*150**', 'CLP*PCN-E5005*1*0.3*0**'),
      'SVC*HC:99213*200*150**1~\nDTM*472*20260214~\nCAS*CO*45*50',
      'SVC*HC:99213*0.3*0**1~\nDTM*472*20260214~\nCAS*CO*45*0.1*1*45*0.2',
    );
    const events = read(edit(text, 'BPR*I*463.5*', 'BPR*I*313.5*'));
    expect(findingsOf(events)).toEqual([]);
  });
});

describe('claim-level problems', () => {
  it('a claim without CLP07 is read, with a warning (identity falls back to CLP01)', () => {
    const events = read(edit(base, '*12*ICN2026000005*11*1', '*12**11*1'));
    expect(only(edit(base, '*12*ICN2026000005*11*1', '*12**11*1'))).toEqual([['warning', 'missing-payer-claim-control-number']]);
    expect(claimNamed(events, 'PCN-E5005').claim.payerClaimControlNumber).toBeUndefined();
  });

  it('sub-cent amounts are rounded with a warning; unreadable quantities only warn', () => {
    const text = edit(edit(base, 'AMT*B6*150', 'AMT*B6*150.004'), 'SVC*HC:99213*200*150**1', 'SVC*HC:99213*200*150**ONE');
    const events = read(text);
    expect(findingsOf(events).map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'invalid-number'],
      ['warning', 'amount-precision'],
    ]);
    const { claim } = claimNamed(events, 'PCN-E5005');
    expect(claim.serviceLines[0]?.amounts[0]?.amount).toEqual({ text: '150.004', cents: 15000 });
    expect(claim.serviceLines[0]?.unitsPaid).toBeUndefined();
    expect(claim.findings.map((f) => f.code)).toEqual(['invalid-number', 'amount-precision']);
  });

  it('out-of-order and unknown segments in a claim are warnings', () => {
    const text = edit(base, 'REF*6R*E5005-1', 'REF*6R*E5005-1~\nNM1*74*1*ROE*RITA~\nZZZ*1');
    const events = read(text);
    expect(findingsOf(events).map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'unexpected-segment'],
      ['warning', 'unexpected-segment'],
      ['warning', 'segment-count-mismatch'],
    ]);
    expect(claimNamed(events, 'PCN-E5005').claim.parties['74']).toMatchObject({ lastName: 'ROE' });
  });

  it('a CAS with a non-numeric amount quarantines its claim; the set balance is still checked', () => {
    const events = read(edit(base, 'CAS*CO*45*85', 'CAS*CO*45*8S'));
    expect(claimsOf(events)).toHaveLength(5);
    expect(events.filter((e) => e.kind === 'quarantined')).toMatchObject([
      { record: 'claim', patientControlNumber: 'PCN-F6006', payerClaimControlNumber: 'ICN2026000006', findings: [{ code: 'invalid-amount', severity: 'claim' }] },
    ]);
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claimErrors: 1, quarantined: 1 } });
    expect(events.find((e) => e.kind === 'set-end')).toMatchObject({ summary: { balanced: true, quarantined: 1 } });
  });

  it('a PLB with a non-numeric amount is quarantined and BPR balancing is skipped', () => {
    const events = read(edit(base, 'WO:ICN2025009999*40', 'WO:ICN2025009999*FORTY'));
    expect(events.filter((e) => e.kind === 'quarantined')).toMatchObject([{ record: 'provider-adjustment' }]);
    expect(findingsOf(events).map((f) => f.code)).toEqual(['invalid-amount', 'balancing-not-checked']);
  });
});

describe('envelope errors reject the file and stop reading', () => {
  it('ST while a set is open (SE missing)', () => {
    const text = edit(base, 'SE*77*0001~\n', 'ST*835*0002~\n');
    const end = endOf(read(text));
    expect(end.verdict).toBe('rejected');
    expect(end.rejection).toMatchObject([{ code: 'structure-broken', severity: 'envelope', position: { segmentId: 'ST' } }]);
  });

  it('a segment outside any transaction set', () => {
    const end = endOf(read(edit(base, 'GE*1*12345', 'CLP*X*1*1*1~\nGE*1*12345')));
    expect(end.rejection).toMatchObject([{ code: 'structure-broken' }]);
  });

  it('binary garbage inside the file', () => {
    const end = endOf(read(edit(base, 'LX*1~', 'LX*1~\n\u0007\u0003\u00ff\u00fe~')));
    expect(end).toMatchObject({ verdict: 'rejected', rejection: [{ code: 'unreadable-segment', position: { set: '0001' } }] });
  });

  it('NUL bytes anywhere', () => {
    const end = endOf(read(edit(base, 'LX*1~', 'LX*1\u0000~')));
    expect(end.rejection).toMatchObject([{ code: 'binary-content' }]);
  });

  it('an open claim is quarantined when the file is rejected under it', () => {
    const events = read(edit(base, 'CLP*PCN-B2002', '\u0001\u0002~CLP*PCN-B2002'));
    expect(claimsOf(events).map((c) => c.claim.patientControlNumber)).toEqual([]);
    expect(events.filter((e) => e.kind === 'quarantined')).toMatchObject([{ patientControlNumber: 'PCN-A1001', findings: [{ code: 'unreadable-segment' }] }]);
  });
});
