import { describe, expect, it } from 'vitest';
import { computeFilingDeadlines, type DeadlineDates, type FilingDeadlineSet } from '../../../domain/policy/deadlines';
import { DEFAULT_PAYER_RULES } from '../../../domain/policy/default-payer-rules';
import { selectPayerRule, type PayerRule } from '../../../domain/policy/payer-rules';
import type { Route } from '../../../domain/policy/routes';

function rule(filingIndicator: string, asOf: string, payerId?: string): PayerRule {
  const s = selectPayerRule(DEFAULT_PAYER_RULES, { filingIndicator, payerId }, asOf);
  if (!s.ok) throw new Error(s.reason);
  return s.rule;
}

function deadlines(route: Route, payerRule: PayerRule, dates: DeadlineDates, today?: string, nextPayerRule?: PayerRule): FilingDeadlineSet {
  return computeFilingDeadlines({
    route,
    payerRule,
    rulesetVersion: DEFAULT_PAYER_RULES.version,
    dates,
    ...(today ? { today } : {}),
    ...(nextPayerRule ? { nextPayerRule } : {}),
  });
}

const appeal = (appealLevel: number, levelName = 'x'): Route => ({ kind: 'appeal', appealLevel, levelName });

describe('Medicare appeal deadlines (receipt = notice + 5 days)', () => {
  it('redetermination: 120 days from presumed receipt, with its rule and anchors recorded', () => {
    const set = deadlines(appeal(1), rule('MB', '2026-03-02'), { serviceDate: '2026-01-10', remitDate: '2026-03-02' }, '2026-03-05');
    expect(set.primary).toMatchObject({
      kind: 'appeal',
      dueDate: '2026-07-05',
      appealLevel: 1,
      levelName: 'Redetermination (MAC)',
      payerRuleId: 'medicare-ffs-part-b',
      payerRuleVersion: '2026.1',
      rulesetVersion: DEFAULT_PAYER_RULES.version,
      limitId: 'medicare-ffs-part-b@2026.1#appealLadder.1',
      anchor: { kind: 'notice_receipt', date: '2026-03-07', derivedFrom: '2026-03-02', presumedReceiptDays: 5 },
      daysLeft: 122,
    });
    // Context deadlines: initial timely filing (12 months from DOS) and the 1-year reopening window.
    expect(set.deadlines.map((d) => [d.kind, d.dueDate])).toEqual([
      ['appeal', '2026-07-05'],
      ['timely_filing', '2027-01-10'],
      ['reopening', '2027-03-02'],
    ]);
  });

  it('crosses the year boundary: notice 2025-12-20 → receipt 12-25 → 2026-04-24', () => {
    const set = deadlines(appeal(1), rule('MB', '2026-01-05'), { serviceDate: '2025-11-01', remitDate: '2025-12-20' });
    expect(set.primary?.anchor.date).toBe('2025-12-25');
    expect(set.primary?.dueDate).toBe('2026-04-24');
    expect(set.primary?.daysLeft).toBeUndefined();
  });

  it('leap year: the same notice date gives a day less after Feb 29', () => {
    const leap = deadlines(appeal(1), rule('MB', '2024-02-20'), { serviceDate: '2024-01-05', remitDate: '2024-02-20' });
    const common = deadlines(appeal(1), rule('MB', '2025-02-20'), { serviceDate: '2025-01-05', remitDate: '2025-02-20' });
    expect(leap.primary?.dueDate).toBe('2024-06-24');
    expect(common.primary?.dueDate).toBe('2025-06-25');
  });

  it('QIC 180 days and ALJ 60 days run from receipt of the prior decision', () => {
    const r = rule('MB', '2026-05-10');
    expect(deadlines(appeal(2), r, { serviceDate: '2026-01-10', remitDate: '2026-05-10' }).primary?.dueDate).toBe('2026-11-11');
    expect(deadlines(appeal(3), r, { serviceDate: '2026-01-10', remitDate: '2026-12-28' }).primary?.dueDate).toBe('2027-03-03');
  });

  it('timely filing: 12 months from DOS; Feb 29 must be filed by Feb 28 next year; Part A runs from the through date', () => {
    const newClaim: Route = { kind: 'corrected_claim', claimFrequency: '1' };
    const partB = deadlines(newClaim, rule('MB', '2024-04-01'), { serviceDate: '2024-02-29', remitDate: '2024-04-01' });
    expect(partB.primary).toMatchObject({ kind: 'timely_filing', dueDate: '2025-02-28', anchor: { kind: 'service_date', date: '2024-02-29' } });
    const partA = deadlines({ kind: 'corrected_claim', claimFrequency: '7' }, rule('MA', '2024-04-01'), {
      serviceDate: '2024-01-31',
      serviceThroughDate: '2024-02-29',
      remitDate: '2024-04-01',
    });
    expect(partA.primary).toMatchObject({ kind: 'corrected_claim', dueDate: '2025-02-28', anchor: { kind: 'service_through_date', date: '2024-02-29' } });
  });

  it('reopening: 1 year from the initial determination, not from a later notice', () => {
    const set = deadlines({ kind: 'reopening' }, rule('MB', '2026-06-01'), { serviceDate: '2026-01-10', remitDate: '2026-05-30', originalRemitDate: '2026-01-31' });
    expect(set.primary).toMatchObject({ kind: 'reopening', dueDate: '2027-01-31', anchor: { kind: 'original_notice_date', date: '2026-01-31' } });
  });

  it('dates the payer response from our submission when known', () => {
    const set = deadlines(appeal(1), rule('MB', '2026-03-02'), { serviceDate: '2026-01-10', remitDate: '2026-03-02', submittedOn: '2026-04-01' });
    expect(set.deadlines.find((d) => d.kind === 'payer_response')?.dueDate).toBe('2026-05-31');
    const without = deadlines(appeal(1), rule('MB', '2026-03-02'), { serviceDate: '2026-01-10', remitDate: '2026-03-02' });
    expect(without.deadlines.some((d) => d.kind === 'payer_response')).toBe(false);
    expect(without.notes.join(' ')).toMatch(/within 60 days/);
  });
});

describe('commercial and other payers', () => {
  it('commercial default: corrected claim 90 days from DOS (unverified), reconsideration 180 days from the notice', () => {
    const r = rule('12', '2026-03-02');
    const corrected = deadlines({ kind: 'corrected_claim', claimFrequency: '7' }, r, { serviceDate: '2026-01-10', remitDate: '2026-03-02' });
    expect(corrected.primary).toMatchObject({ dueDate: '2026-04-10', verify: true });
    const recon = deadlines({ kind: 'reconsideration', appealLevel: 1, levelName: 'x' }, r, { serviceDate: '2026-01-10', remitDate: '2026-03-02' });
    expect(recon.primary).toMatchObject({ dueDate: '2026-08-29', anchor: { kind: 'notice_date', presumedReceiptDays: 0 } });
  });

  it('UHC: both steps within 12 months of the ORIGINAL EOB, clamped at month end', () => {
    const r = rule('12', '2024-06-01', '87726');
    const dates = { serviceDate: '2024-01-15', remitDate: '2024-06-01', originalRemitDate: '2024-02-29' };
    expect(deadlines({ kind: 'reconsideration', appealLevel: 1, levelName: 'x' }, r, dates).primary?.dueDate).toBe('2025-02-28');
    expect(deadlines(appeal(2), r, dates).primary?.dueDate).toBe('2025-02-28');
  });

  it('Cigna counts timely filing from the last date of service', () => {
    const r = rule('12', '2026-03-02', '62308');
    const set = deadlines({ kind: 'corrected_claim', claimFrequency: '1' }, r, { serviceDate: '2026-01-01', serviceThroughDate: '2026-01-20', remitDate: '2026-03-02' });
    expect(set.primary?.dueDate).toBe('2026-04-20');
  });

  it('an automatic level has nothing to file', () => {
    const set = deadlines(appeal(2), rule('16', '2026-03-02'), { serviceDate: '2026-01-10', remitDate: '2026-03-02' });
    expect(set.primary).toBeNull();
    expect(set.notes.join(' ')).toMatch(/forwarded by the payer/);
  });

  it('bill the next payer: its secondary-claim limit from this remit, or a note when it is unknown', () => {
    const medicare = rule('MB', '2026-03-02');
    const dates = { serviceDate: '2026-01-10', remitDate: '2026-03-02' };
    const unknown = deadlines({ kind: 'bill_next_payer' }, medicare, dates);
    expect(unknown.primary).toBeNull();
    expect(unknown.notes.join(' ')).toMatch(/next payer is not known/);
    const uhc = deadlines({ kind: 'bill_next_payer' }, medicare, dates, '2026-03-05', rule('12', '2026-03-02', '87726'));
    expect(uhc.primary).toMatchObject({ kind: 'secondary_claim', dueDate: '2026-05-31', payerRuleId: 'uhc-commercial', anchor: { kind: 'primary_notice_date' } });
  });

  it('routes without a filing have no primary deadline', () => {
    for (const route of [{ kind: 'post_only' }, { kind: 'bill_patient' }, { kind: 'write_off', approvalRequired: false }, { kind: 'await_payer' }] as Route[]) {
      expect(deadlines(route, rule('12', '2026-03-02'), { serviceDate: '2026-01-10', remitDate: '2026-03-02' }).primary).toBeNull();
    }
  });
});
