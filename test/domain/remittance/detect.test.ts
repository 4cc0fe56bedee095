import { describe, expect, it } from 'vitest';
import {
  BOOKKEEPING_ADJUSTMENTS,
  bookkeepingFor,
  createFeeSchedule,
  DenialDecision,
  detectDenial,
  readRemittanceText,
} from '../../../domain/remittance';
import { claimNamed, claimsOf, sample } from './support';

const events = (name: string) => readRemittanceText(sample(name).toString('utf8'), name);
const decide = (name: string, pcn: string, options?: Parameters<typeof detectDenial>[2]) => {
  const { claim, context } = claimNamed(events(name), pcn);
  return detectDenial(claim, context, options);
};
const codes = (d: DenialDecision) => d.reasons.map((r) => (r.group ? `${r.code}:${r.group}-${r.reason}` : r.code));

describe('detectDenial', () => {
  it('CLP02 = 4 is a full denial, with the denying adjustment as a second reason', () => {
    const d = decide('denials-5010.835', 'PCN-A1001');
    expect(d).toMatchObject({ outcome: 'denial', extent: 'full', amountAtRiskCents: 25000 });
    expect(codes(d)).toEqual(['claim-status-denied', 'denial-adjustment:CO-50']);
    expect(d.reasons[0]?.message).toBe('Claim PCN-A1001 (payer claim ICN2026000001) was denied by the payer (CLP02 4).');
    expect(d.reasons[1]).toMatchObject({ level: 'line', line: 1, amountCents: 25000 });
    expect(d.reasons[1]?.message).toBe(
      'Line 1 (97110-GP) adjustment CO-50 of 250.00, line paid nothing: not a contractual, patient-share or COB adjustment.',
    );
    expect(DenialDecision.safeParse(d).success).toBe(true);
  });

  it('paid zero under status 1 with a denial reason is a denial (CO-16 missing information)', () => {
    const d = decide('denials-5010.835', 'PCN-B2002');
    expect(d).toMatchObject({ outcome: 'denial', extent: 'full' });
    expect(codes(d)).toEqual(['zero-paid-with-denial-reason', 'denial-adjustment:CO-16']);
  });

  it('a bundled line (CO-97) on a paid claim is a partial denial; CO-45 and PR-2 on the other line are not', () => {
    const d = decide('denials-5010.835', 'PCN-C3003');
    expect(d).toMatchObject({ outcome: 'denial', extent: 'partial', amountAtRiskCents: 15000 });
    expect(codes(d)).toEqual(['denial-adjustment:CO-97']);
    expect(d.reasons[0]).toMatchObject({ level: 'line', line: 2 });
  });

  it('patient share (PR-1, PR-2) and contractual CO-45 are a payment, not a denial', () => {
    expect(decide('denials-5010.835', 'PCN-D4004')).toMatchObject({ outcome: 'payment', reasons: [{ code: 'paid' }], amountAtRiskCents: 0 });
    expect(decide('denials-5010.835', 'PCN-E5005').outcome).toBe('payment');
  });

  it('an underpayment is found only when a fee schedule is supplied', () => {
    expect(decide('denials-5010.835', 'PCN-F6006').outcome).toBe('payment');
    const feeSchedule = createFeeSchedule([{ payerId: 'ACME01', procedureCode: '99213', expectedAllowedCents: 11000 }]);
    const d = decide('denials-5010.835', 'PCN-F6006', { feeSchedule });
    expect(d).toMatchObject({ outcome: 'denial', extent: 'partial', amountAtRiskCents: 1500, reasons: [{ code: 'underpaid', line: 1 }] });
    expect(d.reasons[0]?.message).toBe('Line 1 (99213) allowed 95.00, fee schedule expects 110.00: underpaid by 15.00.');
    // Allowed above the schedule (PCN-E5005 allowed 150) is fine.
    expect(decide('denials-5010.835', 'PCN-E5005', { feeSchedule }).outcome).toBe('payment');
    // Another payer's schedule does not apply; a tolerance absorbs small differences.
    expect(decide('denials-5010.835', 'PCN-F6006', { feeSchedule, payerId: 'OTHER' }).outcome).toBe('payment');
    expect(decide('denials-5010.835', 'PCN-F6006', { feeSchedule, underpaymentToleranceCents: 1500 }).outcome).toBe('payment');
  });

  it('fee schedule: modifier price first, then the plain price; units multiply; allowed falls back to paid + patient share', () => {
    const schedule = createFeeSchedule([
      { payerId: 'acme01', procedureCode: '99214', expectedAllowedCents: 10000 },
      { payerId: 'ACME01', procedureCode: '99214', modifier: '25', expectedAllowedCents: 9000 },
      { payerId: 'ACME01', procedureCode: '97110', expectedAllowedCents: 4000 },
    ]);
    expect(schedule.find('ACME01', '99214', ['25'])?.expectedAllowedCents).toBe(9000);
    expect(schedule.find('ACME01', '99214', ['59'])?.expectedAllowedCents).toBe(10000);
    expect(schedule.find('ACME01', '99999', [])).toBeUndefined();
    expect(() => createFeeSchedule([{ payerId: '', procedureCode: 'X', expectedAllowedCents: 1 }])).toThrow();

    const text = sample('denials-5010.835')
      .toString('utf8')
      .replace('SVC*HC:97110:GP*250*0**2~\nDTM*472*20260210~\nCAS*CO*50*250', 'SVC*HC:97110:GP*250*60**2~\nDTM*472*20260210~\nCAS*CO*45*170~\nCAS*PR*2*20')
      .replace('CLP*PCN-A1001*4*250*0*', 'CLP*PCN-A1001*1*250*60*');
    const { claim, context } = claimNamed(readRemittanceText(text, 'units.835'), 'PCN-A1001');
    // 2 units × 40.00 expected; allowed = paid 60 + PR 20 = 80: not underpaid.
    expect(detectDenial(claim, context, { feeSchedule: schedule }).outcome).toBe('payment');
    const cheap = createFeeSchedule([{ payerId: 'ACME01', procedureCode: '97110', expectedAllowedCents: 4500 }]);
    expect(detectDenial(claim, context, { feeSchedule: cheap })).toMatchObject({ outcome: 'denial', amountAtRiskCents: 1000 });
  });

  it('a reversal (CLP02 22) is an event for the existing workflow, never a new denial; its correction is judged alone', () => {
    const list = claimsOf(events('reversal-correction.835')).map((c) => detectDenial(c.claim, c.context));
    expect(list.map((d) => d.outcome)).toEqual(['reversal', 'payment', 'reversal']);
    expect(list[0]?.reasons[0]?.message).toContain('not a new denial');
  });

  it('status 25 (predetermination) is not a claim outcome; status 19 with CO-45 is a payment; CO-29 zero-paid is a denial', () => {
    const list = claimsOf(events('multi-set.835')).map((c) => [c.claim.patientControlNumber, detectDenial(c.claim, c.context).outcome]);
    expect(list).toEqual([
      ['PCN-J1010', 'denial'],
      ['PCN-K1111', 'payment'],
      ['PCN-L1212', 'not-final'],
      ['PCN-M1313', 'payment'],
    ]);
  });

  it('4010: CO-42 is contractual, CR-45 is judged by its reason', () => {
    const list = claimsOf(events('legacy-4010.835')).map((c) => detectDenial(c.claim, c.context).outcome);
    expect(list).toEqual(['payment', 'denial', 'reversal', 'payment']);
  });

  it('zero and negative adjustments move no money against the provider', () => {
    const text = sample('denials-5010.835').toString('utf8').replace('CAS*CO*45*50', 'CAS*CO*45*50*1*29*0*0*50*-0.01*1*45*0.01');
    const { claim, context } = claimNamed(readRemittanceText(text, 'zero.835'), 'PCN-E5005');
    expect(detectDenial(claim, context).outcome).toBe('payment');
  });

  it('a bare CLP02 = 4 with only bookkeeping adjustments puts the unpaid charge at risk', () => {
    const text = sample('multi-set.835').toString('utf8').replace('CLP*PCN-K1111*1*', 'CLP*PCN-K1111*4*');
    const { claim, context } = claimNamed(readRemittanceText(text, 'bare.835'), 'PCN-K1111');
    expect(detectDenial(claim, context)).toMatchObject({ outcome: 'denial', extent: 'partial', amountAtRiskCents: 3500, reasons: [{ code: 'claim-status-denied' }] });
  });
});

describe('bookkeeping table', () => {
  it('explains every entry and has no duplicates', () => {
    const keys = BOOKKEEPING_ADJUSTMENTS.map((e) => `${e.group}-${e.reason}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of BOOKKEEPING_ADJUSTMENTS) expect(entry.why.length).toBeGreaterThan(10);
  });

  it('judges the group/reason pair', () => {
    expect(bookkeepingFor('CO', '45')?.kind).toBe('contractual');
    expect(bookkeepingFor('PR', '2')?.kind).toBe('patient-share');
    expect(bookkeepingFor('OA', '23')?.kind).toBe('coordination-of-benefits');
    expect(bookkeepingFor('OA', '133')?.kind).toBe('not-final');
    expect(bookkeepingFor('CO', '50')).toBeUndefined();
    expect(bookkeepingFor('PR', '50')).toBeUndefined();
    expect(bookkeepingFor('CO', '2')).toBeUndefined();
    expect(bookkeepingFor('CR', '45')?.kind).toBe('contractual');
    expect(bookkeepingFor('CR', '18')).toBeUndefined();
  });
});
