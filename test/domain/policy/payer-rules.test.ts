import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYER_RULES } from '../../../domain/policy/default-payer-rules';
import { PayerRuleSetSchema, selectPayerRule, type PayerRuleSetInput } from '../../../domain/policy/payer-rules';

const configFile = (): PayerRuleSetInput => JSON.parse(readFileSync(resolve(__dirname, '../../../config/payer-rules.json'), 'utf8'));

describe('config/payer-rules.json', () => {
  it('validates and holds the reference’s Medicare limits', () => {
    expect(PayerRuleSetSchema.safeParse(configFile()).success).toBe(true);
    const partB = selectPayerRule(DEFAULT_PAYER_RULES, { filingIndicator: 'MB' }, '2026-03-02');
    expect(partB.ok).toBe(true);
    if (!partB.ok) return;
    const rule = partB.rule;
    expect(rule.receiptPresumptionDays).toBe(5);
    expect(rule.timelyFiling.period).toEqual({ amount: 12, unit: 'months' });
    expect(rule.timelyFilingDenialAppealable).toBe(false);
    expect(rule.appealLadder.map((l) => [l.level, l.filing?.period.amount, l.filing?.anchor])).toEqual([
      [1, 120, 'notice_receipt'],
      [2, 180, 'notice_receipt'],
      [3, 60, 'notice_receipt'],
      [4, 60, 'notice_receipt'],
      [5, 60, 'notice_receipt'],
    ]);
    expect(rule.appealLadder[2]?.amountInControversyMinimum).toBe(200);
    expect(rule.appealLadder[4]?.amountInControversyMinimum).toBe(1960);
  });

  it('rejects overlapping versions, gaps in the ladder and a missing fallback', () => {
    const overlapping = configFile();
    const first = overlapping.rules[0];
    if (!first) throw new Error('empty config');
    overlapping.rules.push({ ...first, version: 'dup', effectiveFrom: '2024-06-01', effectiveTo: null });
    expect(PayerRuleSetSchema.safeParse(overlapping).success).toBe(false);

    const gap = configFile();
    const ladder = gap.rules[0]?.appealLadder ?? [];
    gap.rules[0] = { ...first, appealLadder: [ladder[0], ladder[2]].filter((l) => l !== undefined) };
    const result = PayerRuleSetSchema.safeParse(gap);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/levels must run/);

    const noFallback = configFile();
    noFallback.rules = noFallback.rules.filter((r) => !r.match.fallback);
    expect(PayerRuleSetSchema.safeParse(noFallback).success).toBe(false);
  });
});

describe('selectPayerRule', () => {
  const pick = (filingIndicator: string, payerId: string | undefined, asOf: string) => {
    const s = selectPayerRule(DEFAULT_PAYER_RULES, { filingIndicator, payerId }, asOf);
    return s.ok ? `${s.rule.id}@${s.rule.version}/${s.matchedBy}` : `none: ${s.reason}`;
  };

  it('picks the version in force on the date (AIC thresholds change every January 1)', () => {
    expect(pick('MB', undefined, '2025-06-01')).toBe('medicare-ffs-part-b@2025.1/filing_indicator');
    expect(pick('MB', undefined, '2025-12-31')).toBe('medicare-ffs-part-b@2025.1/filing_indicator');
    expect(pick('mb', undefined, '2026-01-01')).toBe('medicare-ffs-part-b@2026.1/filing_indicator');
    expect(pick('MA', undefined, '2024-02-29')).toBe('medicare-ffs-part-a@2024.1/filing_indicator');
  });

  it('fails rather than falling back when the matching rule has no version in force', () => {
    expect(pick('MB', undefined, '2023-06-01')).toMatch(/^none: payer rule medicare-ffs-part-b has no version in force on 2023-06-01/);
  });

  it('prefers payer id over filing indicator over the fallback', () => {
    expect(pick('12', '87726', '2026-03-02')).toBe('uhc-commercial@2026.1/payer_id_and_filing_indicator');
    expect(pick('12', '99999', '2026-03-02')).toBe('commercial-default@2026.1/filing_indicator');
    // A UHC Medicare Advantage claim is not a UHC commercial claim.
    // (2026.2: the version for notices from 2025-01-01, when CMS's reconsideration guidance changed.)
    expect(pick('16', '87726', '2026-03-02')).toBe('medicare-advantage-noncontracted@2026.2/filing_indicator');
    expect(pick('MC', undefined, '2026-03-02')).toBe('medicaid-default@2026.1/filing_indicator');
    expect(pick('ZZ', undefined, '2026-03-02')).toBe('unlisted-payer-fallback@2026.1/fallback');
  });
});
