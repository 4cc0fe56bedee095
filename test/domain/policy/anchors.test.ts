import { describe, expect, it } from 'vitest';
import type { DenialCase } from '../../../domain/denial-case';
import { caseDeadlineDates, deadlinesForRoute } from '../../../domain/lifecycle/assess';
import { computeFilingDeadlines, judgedNoticeDate, type DeadlineDates } from '../../../domain/policy/deadlines';
import { DEFAULT_PAYER_RULES } from '../../../domain/policy/default-payer-rules';
import { explainDenial } from '../../../domain/policy/explain';
import { AnchorKindSchema, PayerRuleSchema, selectPayerRule, type AnchorKind, type PayerRule } from '../../../domain/policy/payer-rules';
import type { Route } from '../../../domain/policy/routes';
import { caseFrom, remittance835 } from '../../fixtures/remittances';

function rule(filingIndicator: string, asOf: string, payerId?: string, state?: string): PayerRule {
  const s = selectPayerRule(DEFAULT_PAYER_RULES, { filingIndicator, payerId, state }, asOf);
  if (!s.ok) throw new Error(s.reason);
  return s.rule;
}

const deadline = (route: Route, payerRule: PayerRule, dates: DeadlineDates, today?: string) =>
  computeFilingDeadlines({ route, payerRule, rulesetVersion: DEFAULT_PAYER_RULES.version, dates, ...(today ? { today } : {}) });

const newClaim: Route = { kind: 'corrected_claim', claimFrequency: '1' };
const appeal = (appealLevel: number): Route => ({ kind: 'appeal', appealLevel, levelName: 'x' });

/** A rule whose initial filing limit runs 10 days from the given anchor, to see which date each anchor takes. */
function probe(anchor: AnchorKind): PayerRule {
  return PayerRuleSchema.parse({
    id: 'probe',
    version: '1',
    name: 'anchor probe',
    payerClass: 'other',
    effectiveFrom: '2000-01-01',
    match: { fallback: true },
    receiptPresumptionDays: 5,
    timelyFiling: { period: { amount: 10, unit: 'days' }, anchor },
    correctedClaim: { period: { amount: 10, unit: 'days' }, anchor },
    appealLadder: [
      { level: 1, name: 'one', kind: 'reconsideration', filing: { period: { amount: 10, unit: 'days' }, anchor } },
      { level: 2, name: 'two', kind: 'appeal', filing: { period: { amount: 10, unit: 'days' }, anchor } },
    ],
  });
}

const ALL: DeadlineDates = {
  serviceDate: '2026-01-10',
  serviceThroughDate: '2026-01-20',
  originalRemitDate: '2026-02-01',
  primaryPayerNoticeDate: '2026-02-20',
  remitDate: '2026-03-02',
  priorDecisionDate: '2026-06-15',
  submittedOn: '2026-07-01',
};

describe('every anchor kind takes its own date', () => {
  const expected: Record<AnchorKind, { date: string; derivedFrom: string; presumedReceiptDays: number }> = {
    service_date: { date: '2026-01-10', derivedFrom: '2026-01-10', presumedReceiptDays: 0 },
    service_through_date: { date: '2026-01-20', derivedFrom: '2026-01-20', presumedReceiptDays: 0 },
    notice_date: { date: '2026-03-02', derivedFrom: '2026-03-02', presumedReceiptDays: 0 },
    notice_receipt: { date: '2026-03-07', derivedFrom: '2026-03-02', presumedReceiptDays: 5 },
    prior_decision_notice: { date: '2026-06-15', derivedFrom: '2026-06-15', presumedReceiptDays: 0 },
    prior_decision_receipt: { date: '2026-06-20', derivedFrom: '2026-06-15', presumedReceiptDays: 5 },
    original_notice_date: { date: '2026-02-01', derivedFrom: '2026-02-01', presumedReceiptDays: 0 },
    primary_notice_date: { date: '2026-02-20', derivedFrom: '2026-02-20', presumedReceiptDays: 0 },
    submission_date: { date: '2026-07-01', derivedFrom: '2026-07-01', presumedReceiptDays: 0 },
  };

  it.each(AnchorKindSchema.options)('%s', (kind) => {
    const d = deadline(newClaim, probe(kind), ALL).primary;
    expect(d?.anchor).toEqual({ kind, ...expected[kind] });
    expect(d?.dueDate).toBe(new Date(Date.parse(`${expected[kind].date}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10));
  });

  it('falls back to the date that stands in for a missing one, and gives no deadline without a submission', () => {
    const bare: DeadlineDates = { serviceDate: '2026-01-10', remitDate: '2026-03-02' };
    const anchorDate = (kind: AnchorKind) => deadline(newClaim, probe(kind), bare).primary?.anchor.date ?? null;
    expect(anchorDate('service_through_date')).toBe('2026-01-10');
    expect(anchorDate('original_notice_date')).toBe('2026-03-02');
    expect(anchorDate('prior_decision_notice')).toBe('2026-03-02');
    expect(anchorDate('primary_notice_date')).toBe('2026-03-02');
    expect(anchorDate('submission_date')).toBeNull();
  });

  it("the notice acted on by level 2 and above is the prior level's decision; level 1 acts on the remittance", () => {
    expect(deadline(appeal(1), probe('notice_receipt'), ALL).primary?.anchor.date).toBe('2026-03-07');
    expect(deadline(appeal(2), probe('notice_receipt'), ALL).primary?.anchor).toMatchObject({ date: '2026-06-20', derivedFrom: '2026-06-15' });
    expect(deadline(appeal(2), probe('notice_date'), ALL).primary?.anchor.date).toBe('2026-06-15');
  });
});

describe('the anchor bugs of issue 13', () => {
  it('a decision recorded by hand: Medicare ALJ counts 60 days from receipt of the QIC decision, not from the first remittance', () => {
    const dates = { serviceDate: '2026-01-10', remitDate: '2026-03-02', priorDecisionDate: '2026-10-01' };
    const r = rule('MB', judgedNoticeDate(dates));
    const alj = deadline(appeal(3), r, dates, '2026-10-20').primary;
    expect(alj).toMatchObject({ dueDate: '2026-12-05', anchor: { date: '2026-10-06', derivedFrom: '2026-10-01' }, daysLeft: 46 });
    // Without the decision's date it counted from the first remittance and looked seven months late.
    expect(deadline(appeal(3), r, { serviceDate: '2026-01-10', remitDate: '2026-03-02' }, '2026-10-20').primary?.dueDate).toBe('2026-05-06');
  });

  it("UnitedHealthcare: both levels within 12 months of the original EOB, whatever later remittances say", () => {
    const uhc = rule('12', '2026-09-01', '87726');
    const dates = { serviceDate: '2026-01-10', remitDate: '2026-09-01', originalRemitDate: '2026-02-01' };
    expect(deadline(appeal(2), uhc, dates).primary).toMatchObject({ dueDate: '2027-02-01', anchor: { kind: 'original_notice_date', date: '2026-02-01' } });
    expect(deadline(appeal(2), uhc, { serviceDate: '2026-01-10', remitDate: '2026-09-01' }).primary?.dueDate).toBe('2027-09-01');
  });

  it('judges a notice by the rule in force on its date: the latest of the remittance and the recorded decision', () => {
    expect(judgedNoticeDate({ remitDate: '2025-12-20' })).toBe('2025-12-20');
    expect(judgedNoticeDate({ remitDate: '2025-12-20', priorDecisionDate: '2026-02-10' })).toBe('2026-02-10');
    expect(judgedNoticeDate({ remitDate: '2026-03-02', priorDecisionDate: '2026-02-10' })).toBe('2026-03-02');
  });
});

/** A Part A (institutional, MA) denial: admitted 2025-12-20, discharged 2026-01-05, remitted 2026-03-02. */
function partAClaim(bend: (c: DenialCase) => DenialCase = (c) => c): DenialCase {
  const text = remittance835({
    remitDate: '2026-03-02',
    payer: ['MEDICARE PART A', '04411'],
    claims: [{ status: '4', charge: 9000, paid: 0, filing: 'MA', serviceDate: '2025-12-20', adjustments: [['CO', '16', 9000]], remarks: ['MA130'] }],
  });
  return bend(caseFrom(text));
}

describe('the case carries the dates its deadlines need', () => {
  it('Part A timely filing runs from the through date (claim statement "to" date), not from the admission', () => {
    const c = partAClaim((c) => ({ ...c, claim: { ...c.claim, serviceDateTo: '2026-01-05' } }));
    expect(caseDeadlineDates(c, '2026-03-05').dates).toEqual({ serviceDate: '2025-12-20', serviceThroughDate: '2026-01-05', remitDate: '2026-03-02' });
    const tf = deadlinesForRoute(c, newClaim, '2026-03-05')?.primary;
    expect(tf).toMatchObject({ kind: 'timely_filing', payerRuleId: 'medicare-ffs-part-a', dueDate: '2027-01-05', anchor: { kind: 'service_through_date', date: '2026-01-05' } });
  });

  it('without a statement "to" date, the latest line date is the through date', () => {
    const c = partAClaim((c) => ({ ...c, serviceLines: c.serviceLines.map((l) => ({ ...l, serviceDateFrom: '2025-12-20', serviceDateTo: '2026-01-03' })) }));
    expect(caseDeadlineDates(c, '2026-03-05').dates.serviceThroughDate).toBe('2026-01-03');
  });

  it('keeps the original EOB and the recorded decision it is given, and chooses the rule by the judged notice', () => {
    const c = partAClaim();
    const { dates } = caseDeadlineDates(c, '2026-03-05', { originalRemitDate: '2026-02-01', priorDecisionDate: '2026-02-20' });
    expect(dates).toMatchObject({ originalRemitDate: '2026-02-01', priorDecisionDate: '2026-02-20' });
    // An "original" EOB after the remittance, or a decision before the service, is not believed.
    expect(caseDeadlineDates(c, '2026-03-05', { originalRemitDate: '2026-04-01', priorDecisionDate: '2025-01-01' }).dates).toEqual({ serviceDate: '2025-12-20', remitDate: '2026-03-02' });
    const late = partAClaim((c) => ({ ...c, remittance: { ...c.remittance, date: '2025-12-28' } }));
    expect(deadlinesForRoute(late, newClaim, '2026-01-05')?.primary?.payerRuleVersion).toBe('2025.1');
  });
});

describe('Medicare timely filing rolls over to the next federal workday (from medicare-ffs 2026.2)', () => {
  it('a last day on a Saturday before MLK Day moves to Tuesday, and the deadline says why', () => {
    const r = rule('MB', '2026-12-10');
    expect(r.version).toBe('2026.2');
    const tf = deadline(newClaim, r, { serviceDate: '2026-01-16', remitDate: '2026-12-10' }, '2026-12-10').primary;
    expect(tf).toMatchObject({ kind: 'timely_filing', dueDate: '2027-01-19', rolledOver: { unrolledDueDate: '2027-01-16' } });
    expect(tf?.rolledOver?.reason).toContain('2027-01-18 is Birthday of Martin Luther King, Jr.');
    expect(tf?.description).toContain('→ 2027-01-19, moved from 2027-01-16');
  });

  it('a workday stays; appeal levels do not roll over (no source says so); 2025.1 never rolled over', () => {
    const r = rule('MB', '2026-12-10');
    const tf = deadline(newClaim, r, { serviceDate: '2026-03-10', remitDate: '2026-12-10' }).primary;
    expect(tf?.dueDate).toBe('2027-03-10');
    expect(tf?.rolledOver).toBeUndefined();
    // Redetermination: notice 2026-12-10 → receipt 12-15 → 120 days = 2027-04-14, a Wednesday; and a Saturday one stays.
    expect(deadline(appeal(1), r, { serviceDate: '2026-10-01', remitDate: '2026-12-10' }).primary?.dueDate).toBe('2027-04-14');
    expect(deadline(appeal(1), r, { serviceDate: '2026-10-01', remitDate: '2026-12-13' }).primary).toMatchObject({ dueDate: '2027-04-17' });
    expect(deadline(appeal(1), r, { serviceDate: '2026-10-01', remitDate: '2026-12-13' }).primary?.rolledOver).toBeUndefined();
    const old = deadline(newClaim, rule('MB', '2025-09-01'), { serviceDate: '2025-07-05', remitDate: '2025-09-01' }).primary;
    expect(old).toMatchObject({ payerRuleVersion: '2025.1', dueDate: '2026-07-05' });
    expect(old?.rolledOver).toBeUndefined();
  });
});

describe('payer rules with sources', () => {
  it('every limit of every rule version still in force names its source (closed versions stay as they were used)', () => {
    const open = DEFAULT_PAYER_RULES.rules.filter((r) => r.effectiveTo === null);
    expect(open.length).toBeGreaterThanOrEqual(20);
    for (const r of open) {
      const limits = [r.timelyFiling, r.correctedClaim, r.reopening, r.secondaryClaim, ...r.appealLadder.map((l) => l.filing)].filter((l) => l !== null);
      for (const l of limits) expect(l.source, `${r.id}@${r.version}`).toMatch(/\S/);
    }
  });

  it('Medicare Advantage reconsideration: 60 days from the notice, unverified from 2025-01-01 until 422.582(b) as amended is read', () => {
    const before = rule('16', '2024-06-01');
    const after = rule('16', '2025-03-01');
    expect(before.version).toBe('2026.1');
    expect(after).toMatchObject({ version: '2026.2', effectiveFrom: '2025-01-01' });
    expect(after.appealLadder[0]?.filing).toMatchObject({ period: { amount: 60, unit: 'days' }, anchor: 'notice_date', verify: true });
    expect(after.appealLadder[0]?.filing?.note).toMatch(/65 days/);
    expect(after.appealLadder[2]?.filing?.anchor).toBe('prior_decision_notice');
  });

  it('TRICARE: one year to file, 90 days to ask for reconsideration (not 180)', () => {
    const t = rule('CH', '2026-03-02');
    expect(t).toMatchObject({ id: 'tricare', payerClass: 'tricare' });
    const set = deadline(appeal(1), t, { serviceDate: '2026-01-10', remitDate: '2026-03-02' });
    expect(set.primary).toMatchObject({ dueDate: '2026-05-31', verify: false });
    expect(set.deadlines.find((d) => d.kind === 'timely_filing')?.dueDate).toBe('2027-01-10');
    expect(deadline(appeal(2), t, { serviceDate: '2026-01-10', remitDate: '2026-03-02', priorDecisionDate: '2026-05-01' }).primary?.dueDate).toBe('2026-06-30');
  });

  it("workers' compensation: a conservative placeholder to configure per state", () => {
    const wc = rule('WC', '2026-03-02');
    expect(wc).toMatchObject({ id: 'workers-comp-default', payerClass: 'workers_comp' });
    expect([wc.timelyFiling, ...wc.appealLadder.map((l) => l.filing)].every((l) => l?.verify === true)).toBe(true);
  });

  it('Medicaid by practice state for the ten largest programs; an unknown state gets the shortest default, unverified', () => {
    const tf = (state?: string) => {
      const r = rule('MC', '2026-12-10', undefined, state);
      return `${r.id} ${r.timelyFiling.period.amount} ${r.timelyFiling.period.unit}`;
    };
    expect(['CA', 'NY', 'TX', 'FL', 'PA', 'IL', 'OH', 'MI', 'NC', 'GA'].map(tf)).toEqual([
      'medicaid-ca 6 months',
      'medicaid-ny 90 days',
      'medicaid-tx 95 days',
      'medicaid-fl 12 months',
      'medicaid-pa 180 days',
      'medicaid-il 180 days',
      'medicaid-oh 365 days',
      'medicaid-mi 12 months',
      'medicaid-nc 180 days',
      'medicaid-ga 6 months',
    ]);
    expect(tf('WY')).toBe('medicaid-default 90 days');
    expect(tf(undefined)).toBe('medicaid-default 90 days');
    expect(rule('MC', '2026-12-10').timelyFiling.verify).toBe(true);
    expect(rule('MC', '2026-12-10').appealLadder[0]?.filing).toMatchObject({ period: { amount: 30, unit: 'days' }, verify: true });
  });

  it('Texas Medicaid appeals roll over a weekend as TMPPM §7.1 says: 120 days from the R&S date', () => {
    const tx = rule('MC', '2026-12-11', undefined, 'TX');
    const d = deadline(appeal(1), tx, { serviceDate: '2026-11-01', remitDate: '2026-12-11' }).primary;
    expect(d).toMatchObject({ dueDate: '2027-04-12', rolledOver: { unrolledDueDate: '2027-04-10' } });
  });

  it('explain takes the practice state and the prior decision date', () => {
    const e = explainDenial({ adjustments: 'CO-50', amount: 240, filingIndicator: 'MC', practiceState: 'ny', serviceDate: '2026-01-10', remitDate: '2026-03-02', today: '2026-03-05' });
    expect(e.payerRule).toMatchObject({ id: 'medicaid-ny', matchedBy: 'state_and_filing_indicator' });
    expect(() => explainDenial({ adjustments: 'CO-50', amount: 240, filingIndicator: 'MB', serviceDate: '2026-01-10', remitDate: '2026-03-02', priorDecisionDate: '2025-12-01' })).toThrow(/prior decision date/);
  });
});
