import { describe, expect, it } from 'vitest';
import { computeFilingDeadlines, DEFAULT_PAYER_RULES, selectPayerRule, type Route } from '../../../domain/policy';
import { explainDenial, type ExplainDenialInput } from '../../../domain/policy/explain';

/** Line 1 (99214) allowed $80.00 where the fee schedule says $112.50: $32.50 short; paid $64.00 with PR-2 $16.00. */
const UNDERPAID = {
  lines: [{ line: 1, procedure: '99214', expectedCents: 11250, allowedCents: 8000, paidCents: 6400, shortfallCents: 3250 }],
};

// Decided under the 2026.2 rule versions, the first to carry a payment-dispute window.
const BASE: Omit<ExplainDenialInput, 'filingIndicator'> = {
  serviceDate: '2026-11-20',
  remitDate: '2026-12-07',
  today: '2026-12-10',
  adjustments: ['CO-45:70.00', 'PR-2:16.00'],
  amount: 32.5,
  billedAmount: 150,
  underpayment: UNDERPAID,
};

const explain = (input: Partial<ExplainDenialInput> & Pick<ExplainDenialInput, 'filingIndicator'>) => explainDenial({ ...BASE, ...input });

describe('underpayment route per payer class', () => {
  it('without an underpayment, CO-45 is posted (the behaviour the route replaces)', () => {
    const { underpayment: _none, ...withoutUnderpayment } = BASE;
    const e = explainDenial({ ...withoutUnderpayment, filingIndicator: '12' });
    expect(e.decision.route).toEqual({ kind: 'post_only' });
  });

  it('commercial: a small shortfall is not worth a dispute ($32.50 × 0.4 − $45 < 0): written off by the economics rule', () => {
    const e = explain({ filingIndicator: '12' });
    expect(e.decision.ruleIds).toEqual(expect.arrayContaining(['DEC-UNDERPAID-CONTRACT', 'DEC-ECONOMICS']));
    expect(e.decision.rationale.join(' ')).toContain('line 1 99214: expected $112.50, allowed $80.00');
    expect(e.decision.route).toEqual({ kind: 'write_off', approvalRequired: false });
  });

  it('commercial: a payment dispute under the contract, with the conservative unverified default window', () => {
    const e = explain({ filingIndicator: '12', amount: 325 });
    expect(e.decision.route).toEqual({ kind: 'payment_dispute', process: 'contract_payment_dispute' });
    // commercial-default: 90 days from the notice, unverified (the contract governs).
    expect(e.decision.deadline).toMatchObject({ kind: 'payment_dispute', dueDate: '2027-03-07', verify: true, limitId: 'commercial-default@2026.2#paymentDispute' });
    // Priced as a pricing dispute whatever code the remit put on the line (CO-45 alone would be 0.1).
    expect(e.decision.expectedRecovery).toMatchObject({ probability: 0.4, probabilitySource: 'recoveryPriors.byCategory.pricing' });
  });

  it('commercial with a larger shortfall is worth the work and stays a dispute', () => {
    const e = explain({ filingIndicator: '12', amount: 325, underpayment: { lines: [{ ...UNDERPAID.lines[0]!, shortfallCents: 32500, expectedCents: 40500 }] } });
    expect(e.decision.route).toEqual({ kind: 'payment_dispute', process: 'contract_payment_dispute' });
    expect(e.decision.expectedRecovery).toMatchObject({ amount: 325, probability: 0.4, cost: 45, value: 85 });
  });

  it('UnitedHealthcare: 12 months from the original EOB (administrative guide), verified', () => {
    const e = explain({ filingIndicator: '12', payerId: '87726', amount: 325 });
    expect(e.decision.route).toEqual({ kind: 'payment_dispute', process: 'contract_payment_dispute' });
    expect(e.decision.deadline).toMatchObject({ dueDate: '2027-12-07', verify: false, anchor: { kind: 'original_notice_date' } });
  });

  it('Medicare FFS: a reopening of the misapplied fee schedule, one year from the initial determination (42 CFR 405.980(b)(1))', () => {
    const e = explain({ filingIndicator: 'MB', amount: 325 });
    expect(e.decision.route).toEqual({ kind: 'payment_dispute', process: 'fee_schedule_reopening' });
    expect(e.decision.ruleIds).toContain('DEC-UNDERPAID-MEDICARE');
    expect(e.decision.deadline).toMatchObject({ kind: 'payment_dispute', dueDate: '2027-12-07', verify: false, limitId: 'medicare-ffs-part-b@2026.2#paymentDispute' });
    expect(e.decision.deadline?.source).toContain('405.980(b)(1)');
    expect(e.decision.expectedRecovery.cost).toBe(25);
  });

  it('Medicare FFS after a refused reopening: the initial determination is appealed (redetermination)', () => {
    const e = explain({ filingIndicator: 'MB', amount: 325, facts: { reopeningRefused: true } });
    expect(e.decision.route).toEqual({ kind: 'appeal', appealLevel: 1, levelName: 'Redetermination (MAC)' });
  });

  it("Medicare Advantage (non-contracted): the plan's payment-dispute process (42 CFR 422.214), 60 days unverified", () => {
    const e = explain({ filingIndicator: '16', amount: 325 });
    expect(e.decision.route).toEqual({ kind: 'payment_dispute', process: 'ma_noncontracted_payment_dispute' });
    expect(e.decision.ruleIds).toContain('DEC-UNDERPAID-MA');
    expect(e.decision.deadline).toMatchObject({ dueDate: '2027-02-05', verify: true });
    expect(e.decision.deadline?.source).toContain('422.214');
  });

  it('Medicare Advantage: an upheld dispute points to the PDR contractor and goes on to the next level', () => {
    const e = explain({ filingIndicator: '16', amount: 325, facts: { paymentDisputeUpheld: true } });
    expect(e.decision.route).toMatchObject({ kind: 'reconsideration', appealLevel: 1 });
    expect(e.decision.confirmationReasons.map((r) => r.message).join(' ')).toContain('Payment Dispute Resolution contractor');
  });

  it('Medicaid: 30 days, unverified, conservative', () => {
    const e = explain({ filingIndicator: 'MC', amount: 325 });
    expect(e.decision.route).toEqual({ kind: 'payment_dispute', process: 'contract_payment_dispute' });
    expect(e.decision.deadline).toMatchObject({ dueDate: '2027-01-06', verify: true });
  });

  it('PR-2 primary: the patient share is billed as usual, the shortfall is disputed', () => {
    const e = explain({ filingIndicator: '12', adjustments: ['PR-2:16.00'], amount: 325 });
    expect(e.decision.route.kind).toBe('payment_dispute');
    expect(e.decision.ruleIds).toContain('DEC-UNDERPAID-PR');
  });

  it('a real denial on the claim keeps its own route', () => {
    const e = explain({ filingIndicator: '12', adjustments: ['CO-50:200.00'], amount: 232.5 });
    expect(e.decision.route.kind).toBe('reconsideration');
  });

  it('a missed unverified dispute window is checked with the payer, never written off by the rules', () => {
    const e = explain({ filingIndicator: '12', amount: 325, today: '2027-04-01' });
    expect(e.decision.route).toMatchObject({ kind: 'verify_window', window: 'payment_dispute' });
  });

  it('a missed verified dispute window is a loss unless good cause is claimed', () => {
    // UnitedHealthcare: 12 months from the original EOB (Administrative Guide ch. 10), verified: due 2027-12-07.
    const e = explain({ filingIndicator: '12', payerId: '87726', amount: 325, today: '2028-01-10' });
    expect(e.decision.route.kind).toBe('write_off');
    expect(e.decision.confirmationReasons.map((r) => r.code)).toContain('DEADLINE_PASSED');
  });
});

describe('payment-dispute deadline', () => {
  it('falls back to level 1 marked unverified when a rule has no paymentDispute window', () => {
    const sel = selectPayerRule(DEFAULT_PAYER_RULES, { filingIndicator: '12' }, '2026-03-05');
    if (!sel.ok) throw new Error(sel.reason);
    const rule = { ...sel.rule, paymentDispute: null };
    const route: Route = { kind: 'payment_dispute', process: 'contract_payment_dispute' };
    const set = computeFilingDeadlines({ route, payerRule: rule, rulesetVersion: 'x', dates: { serviceDate: '2026-01-10', remitDate: '2026-03-02' } });
    expect(set.primary).toMatchObject({ kind: 'payment_dispute', dueDate: '2026-08-29', verify: true, limitId: 'commercial-default@2026.1#appealLadder.1' });
    expect(set.notes.join(' ')).toContain('no payment-dispute window');
  });

  it('a decision made before 2026.2 took effect uses level 1 window, marked unverified (2026.1 is locked as it was)', () => {
    const e = explain({ filingIndicator: '12', amount: 325, serviceDate: '2026-01-10', remitDate: '2026-03-02', today: '2026-03-05' });
    expect(e.decision.route.kind).toBe('payment_dispute');
    expect(e.decision.deadline).toMatchObject({ limitId: 'commercial-default@2026.1#appealLadder.1', verify: true, dueDate: '2026-08-29' });
  });

  it('a Medicare fee-schedule reopening before 2026.2 takes the rule\'s reopening window (42 CFR 405.980(b))', () => {
    const e = explain({ filingIndicator: 'MB', amount: 325, serviceDate: '2026-01-10', remitDate: '2026-03-02', today: '2026-03-05' });
    expect(e.decision.deadline).toMatchObject({ limitId: 'medicare-ffs-part-b@2026.1#reopening', verify: false, dueDate: '2027-03-02' });
  });

  it('every open-ended rule version carries a paymentDispute limit with a source', () => {
    for (const rule of DEFAULT_PAYER_RULES.rules.filter((r) => r.effectiveTo === null)) {
      expect(rule.paymentDispute, rule.id).not.toBeNull();
      expect(rule.paymentDispute?.source, rule.id).toBeTruthy();
    }
  });
});
