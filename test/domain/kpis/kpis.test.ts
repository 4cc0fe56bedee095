import { describe, expect, it } from 'vitest';
import { projectDenialFacts, type DenialFacts } from '../../../domain/kpis/denial-facts';
import { computeKpis, percentile, ratio, weeklyPeriods } from '../../../domain/kpis/kpis';
import type { RemittanceVolume } from '../../../domain/kpis/remittance-volume';
import type { LedgerEntry } from '../../../domain/lifecycle/ledger-entry';
import type { PreventionEntry } from '../../../domain/prevention/prevention-entry';

function facts(over: Partial<DenialFacts> & { workflowId: string }): DenialFacts {
  return {
    payerId: 'P1',
    category: 'eligibility',
    rootCause: 'eligibility_not_verified',
    ownerTeam: 'patient_access',
    preventable: true,
    route: 'corrected_claim',
    stage: 'in_work',
    appealLevel: 0,
    chargeCents: 10_000,
    initialAtRiskCents: 10_000,
    atRiskCents: 10_000,
    recoveredCents: 0,
    lostCents: 0,
    underpaidCents: 0,
    remitDate: '2026-03-02',
    openedAt: '2026-03-02T10:00:00.000Z',
    appealed: false,
    touches: 0,
    lastSeq: 1,
    updatedAt: '2026-03-02T10:00:00.000Z',
    ...over,
  };
}

const volume = (over: Partial<RemittanceVolume>): RemittanceVolume => ({
  remittanceKey: 'P1:T1',
  payerId: 'P1',
  remitDate: '2026-03-02',
  claims: 10,
  chargeCents: 100_000,
  deniedClaims: 0,
  deniedChargeCents: 0,
  recordedAt: '2026-03-02T10:00:00.000Z',
  ...over,
});

const prevention = (over: Partial<PreventionEntry>): PreventionEntry => ({
  preventionId: 'prevention-x',
  seq: 1,
  at: '2026-03-03T10:00:00.000Z',
  type: 'occurrence',
  status: 'open',
  rootCause: 'eligibility_not_verified',
  ownerTeam: 'patient_access',
  control: 'eligibility workflow',
  amountCents: 0,
  actor: { id: 'system', role: 'automation' },
  summary: '',
  occurrences: 1,
  totalCents: 0,
  repeats: 0,
  ...over,
});

const week = { from: '2026-03-01', to: '2026-03-07' };

describe('KPI formulas', () => {
  const data = {
    facts: [
      facts({ workflowId: 'd1' }),
      facts({ workflowId: 'd2', category: 'medical_necessity', rootCause: 'missing_medical_necessity', ownerTeam: 'cdi_providers', preventable: false, chargeCents: 30_000, initialAtRiskCents: 30_000, route: 'appeal', appealed: true, stage: 'resolved', resolution: 'recovered', recoveredCents: 30_000, atRiskCents: 0, closedAt: '2026-03-12T09:00:00.000Z', touches: 3 }),
      facts({ workflowId: 'd3', category: 'coding', rootCause: 'wrong_modifier', ownerTeam: 'coding', payerId: 'P2', route: 'appeal', appealed: true, stage: 'resolved', resolution: 'upheld', closedAt: '2026-03-22T09:00:00.000Z', touches: 1 }),
      facts({ workflowId: 'd4', category: 'timely_filing', rootCause: 'timely_filing_backlog', ownerTeam: 'ar_follow_up', stage: 'timely_filing_loss', resolution: 'timely_filing_loss', lostCents: 10_000, atRiskCents: 0, closedAt: '2026-03-04T00:00:00.000Z' }),
      facts({ workflowId: 'd5', category: 'pricing', rootCause: 'fee_schedule_mismatch', ownerTeam: 'contracting', preventable: false, underpaidCents: 2_000, initialAtRiskCents: 2_000, atRiskCents: 0, recoveredCents: 1_500, stage: 'resolved', resolution: 'partially_recovered', closedAt: '2026-03-05T00:00:00.000Z', dueDate: undefined }),
      // Outside the period, still open: counts for aging and deadlines only.
      facts({ workflowId: 'old', remitDate: '2026-01-01', atRiskCents: 5_000, dueDate: '2026-03-10' }),
    ],
    volumes: [volume({}), volume({ remittanceKey: 'P2:T2', payerId: 'P2', claims: 6, chargeCents: 60_000 }), volume({ remittanceKey: 'P1:old', remitDate: '2026-01-01', claims: 99 })],
    prevention: [prevention({}), prevention({ seq: 2, type: 'control_recorded' }), prevention({ seq: 3, type: 'repeat', at: '2026-03-06T00:00:00.000Z' }), prevention({ seq: 4, type: 'reopened' })],
  };

  it('computes the rates the data implies', () => {
    const k = computeKpis(data, week);
    expect(k.volume).toEqual({ claims: 16, chargeCents: 160_000, remittances: 2 });
    expect(k.denials.count).toBe(5);
    expect(k.initialDenialRate.byCount).toEqual(ratio(5, 16));
    expect(k.initialDenialRate.byDollars.numerator).toBe(70_000);
    expect(k.preventableDenialRate).toEqual(ratio(3, 5));
    expect(k.denialRateByCategory.medical_necessity).toEqual(ratio(1, 16));
    expect(k.denialRateByCategory.modifier).toEqual(ratio(1, 16));
    expect(k.denialRateByCategory.timely_filing).toEqual(ratio(1, 16));
    expect(k.denialRateByCategory.coverage).toEqual(ratio(0, 16));
    expect(k.repeatDefectRate).toEqual(ratio(1, 2));
    expect(k.prevention).toEqual({ occurrences: 2, repeats: 1, controlsRecorded: 1, reopened: 1 });
    // Resolved: d4 after 2 days, d5 after 3, d2 after 10, d3 after 20.
    expect(k.daysToResolve).toEqual({ resolved: 4, median: 3, p90: 20 });
    expect(k.appealOverturnRate.overall).toEqual(ratio(1, 2));
    expect(k.appealOverturnRate.dollars).toEqual(ratio(30_000, 40_000));
    expect(k.appealOverturnRate.byPayer).toEqual({ P1: ratio(1, 1), P2: ratio(0, 1) });
    expect(k.timelyFilingLoss.cents).toBe(10_000);
    expect(k.timelyFilingLoss.rate).toEqual(ratio(10_000, 160_000));
    expect(k.recoveredCents).toBe(31_500);
    expect(k.underpayments).toEqual({ found: 1, foundCents: 2_000, recoveredCents: 1_500, recoveryRate: ratio(1_500, 2_000) });
    expect(k.touchesPerDenial).toBeCloseTo(4 / 5);
  });

  it('ages open money and lists the deadlines of the next 14 days as of the end of the period', () => {
    const k = computeKpis(data, week);
    expect(k.openAtRisk.count).toBe(2);
    expect(k.openAtRisk.buckets.find((b) => b.label === '0-30 days')).toMatchObject({ count: 1, cents: 10_000 });
    expect(k.openAtRisk.buckets.find((b) => b.label === 'over 120 days')).toMatchObject({ count: 0 });
    expect(k.openAtRisk.buckets.find((b) => b.label === '61-90 days')).toMatchObject({ count: 1, cents: 5_000 });
    expect(k.deadlinesNext14Days.items).toEqual([expect.objectContaining({ workflowId: 'old', dueDate: '2026-03-10', daysLeft: 3 })]);
  });

  it('filters every KPI by payer, team and category', () => {
    const p2 = computeKpis(data, { ...week, payerId: 'P2' });
    expect(p2.volume.claims).toBe(6);
    expect(p2.denials.count).toBe(1);
    const coding = computeKpis(data, { ...week, ownerTeam: 'coding' });
    expect(coding.denials.count).toBe(1);
    expect(coding.prevention.occurrences).toBe(0);
    const modifier = computeKpis(data, { ...week, category: 'modifier' });
    expect(modifier.denials.count).toBe(1);
    const access = computeKpis(data, { ...week, ownerTeam: 'patient_access' });
    expect(access.repeatDefectRate).toEqual(ratio(1, 2));
  });

  it('says n/a (null) instead of dividing by zero', () => {
    const k = computeKpis({ facts: [], volumes: [], prevention: [] }, week);
    expect(k.initialDenialRate.byCount.value).toBeNull();
    expect(k.daysToResolve.median).toBeNull();
    expect(k.touchesPerDenial).toBeNull();
  });

  it('percentile is nearest-rank; weekly periods end on the given day', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 50)).toBe(5);
    expect(weeklyPeriods('2026-03-14', 2)).toEqual([
      { from: '2026-03-01', to: '2026-03-07' },
      { from: '2026-03-08', to: '2026-03-14' },
    ]);
  });
});

describe('denial facts fold', () => {
  const entry = (seq: number, over: Partial<LedgerEntry>): LedgerEntry => ({
    workflowId: 'w',
    seq,
    at: `2026-03-0${seq}T10:00:00.000Z`,
    type: 'transition',
    stage: 'classified',
    actor: { id: 'system', role: 'automation' },
    summary: '',
    rationale: [],
    facts: { payerId: 'P1', category: 'coding', rootCause: 'wrong_modifier', ownerTeam: 'coding', preventable: true, route: 'appeal', codes: [], ruleIds: [], remitDate: '2026-02-28' },
    amounts: { chargeCents: 100, atRiskCents: 100, recoveredCents: 0, lostCents: 0, underpaidCents: 0 },
    ...over,
  });

  it('keeps the latest facts, counts human touches, marks the appeal and the close', () => {
    let f = projectDenialFacts(undefined, entry(1, { deadline: { dueDate: '2026-04-01', kind: 'appeal', limitId: 'x', payerRuleVersion: '1', rulesetVersion: '1', anchor: 'x' } }));
    expect(f).toMatchObject({ remitDate: '2026-02-28', dueDate: '2026-04-01', touches: 0 });
    f = projectDenialFacts(f, entry(2, { type: 'task_completed', stage: 'in_work', actor: { id: 'amy', role: 'ar_specialist' }, facts: { ...entry(2, {}).facts, taskKind: 'prepare_appeal', taskId: 't' } }));
    expect(f.touches).toBe(1);
    expect(f.taskKind).toBeUndefined();
    f = projectDenialFacts(f, entry(3, { stage: 'submitted' }));
    expect(f.appealed).toBe(true);
    expect(f.dueDate).toBeUndefined();
    f = projectDenialFacts(f, entry(4, { stage: 'resolved', facts: { ...entry(4, {}).facts, resolution: 'recovered' }, amounts: { chargeCents: 100, atRiskCents: 0, recoveredCents: 100, lostCents: 0, underpaidCents: 0 } }));
    expect(f).toMatchObject({ stage: 'resolved', resolution: 'recovered', closedAt: '2026-03-04T10:00:00.000Z', recoveredCents: 100, lastSeq: 4 });
    // A late, older entry does not roll the facts back.
    const late = projectDenialFacts(f, entry(2, { stage: 'in_work', type: 'note', actor: { id: 'amy', role: 'ar_specialist' } }));
    expect(late).toMatchObject({ stage: 'resolved', touches: 2 });
  });
});
