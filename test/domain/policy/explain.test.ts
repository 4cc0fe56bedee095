import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYER_RULES } from '../../../domain/policy/default-payer-rules';
import { ExplainDenialInputSchema, explainDenial, type ExplainDenialInput } from '../../../domain/policy/explain';

// What `npm run explain -- --adjustment CO-50 --remark N115 --filing-indicator MB --service-date 2026-01-10
// --remit-date 2026-03-02 --amount 240 --json` will hand over.
const CLI_INPUT: ExplainDenialInput = {
  adjustments: 'CO-50',
  remarks: 'N115',
  filingIndicator: 'mb',
  serviceDate: '2026-01-10',
  remitDate: '2026-03-02',
  amount: 240,
  today: '2026-03-05',
};

describe('explainDenial', () => {
  it('combines classification, decision, deadlines and reminders for the CLI example', () => {
    const r = explainDenial(CLI_INPUT);
    expect(r.input.adjustments).toEqual([{ group: 'CO', carc: '50', amount: 240 }]);
    expect(r.classification.primary.category).toBe('medical_necessity');
    expect(r.payerRule).toEqual({
      id: 'medicare-ffs-part-b',
      version: '2026.1',
      name: 'Original Medicare Part B',
      payerClass: 'medicare_ffs',
      matchedBy: 'filing_indicator',
      // The rule in force on the notice date, not on the day the denial is worked.
      asOf: '2026-03-02',
      rulesetVersion: DEFAULT_PAYER_RULES.version,
    });
    expect(r.decision.route.kind).toBe('appeal');
    expect(r.deadlines.primary?.dueDate).toBe('2026-07-05');
    expect(r.reminders?.escalation.date).toBe('2026-06-28');
    expect(r.summary).toBe(
      'CO-50 medical_necessity (CARC-50, confidence 0.95) → appeal level 1 (Redetermination (MAC)), due 2026-07-05; expected recovery $48.00.',
    );
    expect(r.versions).toEqual({ carcRules: 'carc-2026.12.1', rarcRules: 'rarc-2026.12.1', payerRules: DEFAULT_PAYER_RULES.version, policy: 'policy-2026.05.1' });
  });

  it('is deterministic, does not mutate its input, and its result survives JSON', () => {
    const input = structuredClone(CLI_INPUT);
    const a = explainDenial(input);
    const b = explainDenial(input);
    expect(a).toEqual(b);
    expect(input).toEqual(CLI_INPUT);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('accepts several adjustments with amounts, line-level remarks and objects', () => {
    const r = explainDenial({
      ...CLI_INPUT,
      amount: undefined,
      adjustments: ['CO-45:80.00', { group: 'co', carc: '97', amount: 120, lineId: '2' }],
      remarks: [{ code: 'M15', lineId: '2' }],
      filingIndicator: '12',
      facts: { correctable: true },
    });
    expect(r.classification.primary.code).toBe('CO-97');
    expect(r.classification.primary.remarks).toEqual(['M15']);
    expect(r.classification.secondary.map((s) => s.code)).toEqual(['CO-45']);
    expect(r.decision.route).toEqual({ kind: 'corrected_claim', claimFrequency: '7' });
  });

  it('reports bad input with paths', () => {
    const bad = (patch: Partial<ExplainDenialInput>) => {
      const result = ExplainDenialInputSchema.safeParse({ ...CLI_INPUT, ...patch });
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({})).toEqual([]);
    expect(bad({ adjustments: 'XX-50' })).toEqual(['adjustments.0: expected GROUP-CARC[:AMOUNT], e.g. CO-50 or CO-45:80.00']);
    expect(bad({ adjustments: ['CO-50', 'CO-45'] })).toEqual(['adjustments: give each adjustment its amount (e.g. CO-45:80.00) when there are several']);
    expect(bad({ amount: undefined })).toEqual(['adjustments: the adjustment has no amount: give `amount`']);
    expect(bad({ remitDate: '2026-01-01' })).toEqual(['remitDate: the remit date is before the date of service']);
    expect(bad({ serviceDate: '2026-02-30' }).join()).toMatch(/serviceDate: expected a calendar date/);
    expect(bad({ remarks: ['N115', 'X1'] })).toEqual(['remarks.1: expected a RARC such as N115 or MA130']);
    expect(() => explainDenial({ ...CLI_INPUT, today: 'tomorrow' })).toThrow();
  });

  it('judges a notice by the rule version in force on its date, and counts days left from today', () => {
    // Notice of 2025-12-20 worked on 2026-01-05: the 2025 version decides; 2026's does not apply to it.
    const r = explainDenial({ ...CLI_INPUT, serviceDate: '2025-11-01', remitDate: '2025-12-20', today: '2026-01-05' });
    expect(r.payerRule).toMatchObject({ id: 'medicare-ffs-part-b', version: '2025.1', asOf: '2025-12-20' });
    expect(r.deadlines.primary).toMatchObject({ payerRuleVersion: '2025.1', dueDate: '2026-04-24', daysLeft: 109 });
    // A later decision recorded by hand is the notice judged next: its date picks the version.
    const later = explainDenial({ ...CLI_INPUT, serviceDate: '2025-11-01', remitDate: '2025-12-20', priorDecisionDate: '2026-02-10', currentAppealLevel: 1, today: '2026-02-12' });
    expect(later.payerRule).toMatchObject({ version: '2026.1', asOf: '2026-02-10' });
  });

  it('reports a missing payer rule instead of inventing deadlines', () => {
    const r = explainDenial({ ...CLI_INPUT, serviceDate: '2023-01-10', remitDate: '2023-03-02', today: '2023-03-05' });
    expect(r.payerRule).toBeNull();
    expect(r.payerRuleProblem).toMatch(/no version in force on 2023-03-02/);
    expect(r.deadlines.primary).toBeNull();
    expect(r.decision.confirmationReasons.map((c) => c.code)).toContain('NO_PAYER_RULE');
  });

  it('computes the next payer’s deadline when it is known', () => {
    const r = explainDenial({ ...CLI_INPUT, adjustments: 'CO-22', amount: 500, nextPayer: { filingIndicator: '12', payerId: '87726' } });
    expect(r.decision.route).toEqual({ kind: 'bill_next_payer' });
    expect(r.deadlines.primary).toMatchObject({ kind: 'secondary_claim', payerRuleId: 'uhc-commercial', dueDate: '2026-05-31' });
  });
});
