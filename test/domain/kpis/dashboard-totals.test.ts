// The dashboard's totals (open work by age, deadlines due soon, prevention entries by type) as one
// definition: what openWorkOf and tallyPrevention make of the records is what a store may compute
// instead, and the KPI report is the same either way.
import { describe, expect, it } from 'vitest';
import { projectDenialFacts, type DenialFacts } from '../../../domain/kpis/denial-facts';
import { totalDenials } from '../../../domain/kpis/denial-totals';
import { agingWindows, computeKpis, deadlineWindow, openWorkOf, tallyPrevention, type KpiFilter, type KpiInputs } from '../../../domain/kpis/kpis';
import { addDays } from '../../../domain/policy/dates';
import type { LedgerEntry } from '../../../domain/lifecycle/ledger-entry';
import { deadline, denialEntry, preventionEntry } from '../../fixtures/ledger';

const asOf = '2026-06-30';
const filter: KpiFilter = { from: '2026-06-01', to: asOf };

/** An open denial (routed) remitted `age` days before asOf; `due` sets its running deadline. */
function open(id: string, age: number, over: { due?: string; payerId?: string; atRiskCents?: number; stage?: DenialFacts['stage'] } = {}): DenialFacts {
  const remitDate = addDays(asOf, -age);
  return projectDenialFacts(
    undefined,
    denialEntry(id, 1, {
      stage: over.stage ?? 'routed',
      facts: { remitDate, payerId: over.payerId ?? 'P1' },
      amounts: { atRiskCents: over.atRiskCents ?? 1_000 },
      ...(over.due ? { deadline: deadline(over.due) } : {}),
    }),
  );
}

const ids = (xs: readonly DenialFacts[]) => xs.map((d) => d.workflowId).sort();

describe('dashboard totals', () => {
  it('gives each aging bucket the remit dates of its ages, the oldest open-ended', () => {
    expect(agingWindows(asOf)).toEqual([
      { label: '0-30 days', from: '2026-05-31', to: '2026-06-30' },
      { label: '31-60 days', from: '2026-05-01', to: '2026-05-30' },
      { label: '61-90 days', from: '2026-04-01', to: '2026-04-30' },
      { label: '91-120 days', from: '2026-03-02', to: '2026-03-31' },
      { label: 'over 120 days', to: '2026-03-01' },
    ]);
    expect(deadlineWindow(asOf)).toEqual({ from: '2026-06-30', to: '2026-07-14' });
  });

  it('counts open denials in scope by age, and lists those due from the day to 14 days on', () => {
    const facts = [
      open('age-0', 0, { due: '2026-06-30' }),
      open('age-30', 30, { due: '2026-07-14' }),
      open('age-31', 31, { due: '2026-07-15' }),
      open('age-120', 120, { due: '2026-06-29' }),
      open('age-121', 121, { atRiskCents: 5_000 }),
      open('closed', 10, { stage: 'written_off', due: '2026-07-01' }),
      open('other-payer', 10, { payerId: 'P2', due: '2026-07-01' }),
      open('remitted-later', -1, { due: '2026-07-01' }),
    ];
    const work = openWorkOf(facts, { ...filter, payerId: 'P1' }, asOf);
    expect(work.aging).toEqual([
      { label: '0-30 days', cents: 2_000, count: 2 },
      { label: '31-60 days', cents: 1_000, count: 1 },
      { label: '61-90 days', cents: 0, count: 0 },
      { label: '91-120 days', cents: 1_000, count: 1 },
      { label: 'over 120 days', cents: 5_000, count: 1 },
    ]);
    expect(ids(work.dueSoon)).toEqual(['age-0', 'age-30']);
  });

  it('makes the same KPI report from the period’s facts plus the open work as from every fact', () => {
    const facts = [open('a', 3, { due: '2026-07-02' }), open('b', 45, { due: '2026-07-02', atRiskCents: 9_000 }), open('c', 200), open('d', 10, { stage: 'resolved' })];
    const inPeriod = facts.filter((d) => d.remitDate >= filter.from && d.remitDate <= filter.to);
    const fromFacts = computeKpis({ facts, volumes: [], prevention: [] }, filter);
    const fromTotals = computeKpis({ facts: inPeriod, volumes: [], prevention: [], openWork: openWorkOf(facts, filter, asOf) }, filter);
    expect(fromTotals).toEqual(fromFacts);
    expect(fromFacts.openAtRisk).toMatchObject({ count: 3, totalCents: 11_000 });
    expect(fromFacts.deadlinesNext14Days.items.map((i) => i.workflowId)).toEqual(['b', 'a']);
  });

  it('lists deadlines on the same day with the same dollars by id, whatever order they come in', () => {
    const tied = [open('z', 1, { due: '2026-07-01' }), open('m', 2, { due: '2026-07-01' })];
    const listed = (facts: DenialFacts[]) => computeKpis({ facts, volumes: [], prevention: [] }, filter).deadlinesNext14Days.items.map((i) => i.workflowId);
    expect(listed(tied)).toEqual(['m', 'z']);
    expect(listed([...tied].reverse())).toEqual(['m', 'z']);
  });

  it('counts the prevention entries of the period and scope by type', () => {
    const entries = [
      preventionEntry('p-1', 1, { type: 'occurrence', at: '2026-06-01T00:00:00.000Z' }),
      preventionEntry('p-1', 2, { type: 'repeat', at: '2026-06-30T23:59:59.000Z', denialPayerId: 'P2' }),
      preventionEntry('p-1', 3, { type: 'repeat', at: '2026-07-01T00:00:00.000Z' }),
      preventionEntry('p-2', 1, { type: 'control_recorded', ownerTeam: 'coding', at: '2026-06-10T00:00:00.000Z' }),
    ];
    expect(tallyPrevention(entries, filter)).toEqual({ ...filter, scope: { payerId: undefined, ownerTeam: undefined, category: undefined }, byType: { occurrence: 1, repeat: 1, control_recorded: 1 } });
    expect(tallyPrevention(entries, { ...filter, payerId: 'P2' }).byType).toEqual({ repeat: 1 });
    const k = computeKpis({ facts: [], volumes: [], prevention: entries }, filter);
    expect(k.prevention).toEqual({ occurrences: 2, repeats: 1, controlsRecorded: 1, reopened: 0 });
    expect(computeKpis({ facts: [], volumes: [], prevention: [], preventionTally: tallyPrevention(entries, filter) }, filter)).toEqual(k);
  });

  it('makes the same KPI report from the period’s denials totalled for its payer and team as from their facts, the category applied to the totals', () => {
    const closed = (id: string, age: number, facts: Partial<LedgerEntry['facts']>, amounts: Partial<LedgerEntry['amounts']>, stage: DenialFacts['stage'] = 'resolved') =>
      [1, 2].reduce<DenialFacts | undefined>(
        (f, seq) =>
          projectDenialFacts(
            f,
            denialEntry(id, seq, {
              at: `${addDays(asOf, -age + seq * 3)}T10:00:00.000Z`,
              stage: seq === 1 ? (facts.route === 'appeal' ? 'submitted' : 'routed') : stage,
              facts: { remitDate: addDays(asOf, -age), payerId: 'P1', ownerTeam: 'coding', category: 'coding', rootCause: 'modifier_missing', ...facts },
              amounts: { atRiskCents: 2_000, ...(seq === 2 ? amounts : {}) },
            }),
          ),
        undefined,
      )!;
    const facts = [
      closed('won', 20, { route: 'appeal', resolution: 'recovered' }, { recoveredCents: 2_000 }),
      closed('lost', 15, { route: 'appeal', payerId: 'P2', resolution: 'upheld' }, { lostCents: 2_000 }),
      closed('modifier', 12, { rootCause: 'wrong_modifier', resolution: 'written_off' }, { lostCents: 2_000 }, 'written_off'),
      closed('late', 9, { category: 'timely_filing', ownerTeam: 'billing', payerId: 'P2', resolution: 'timely_filing_loss' }, { lostCents: 2_000 }, 'timely_filing_loss'),
      closed('short', 5, { category: 'contractual', route: 'payment_dispute', resolution: 'recovered' }, { underpaidCents: 1_500, recoveredCents: 2_000 }),
      open('a', 3, { due: '2026-07-02', payerId: 'P2' }),
      open('before', 40),
    ];
    for (const f of [filter, { ...filter, payerId: 'P2' }, { ...filter, ownerTeam: 'billing' }, { ...filter, category: 'modifier' }, { ...filter, payerId: 'P1', category: 'coding' }]) {
      const { category: _, ...payerAndTeam } = f;
      const totals = computeKpis({ facts, volumes: [], prevention: [], denialTotals: totalDenials(facts, payerAndTeam) }, f);
      expect(totals).toEqual(computeKpis({ facts, volumes: [], prevention: [] }, f));
    }
    const all = computeKpis({ facts, volumes: [], prevention: [] }, filter);
    expect(all.denials.count).toBe(6);
    expect(all.appealOverturnRate.byPayer).toEqual({ P1: { numerator: 1, denominator: 1, value: 1 }, P2: { numerator: 0, denominator: 1, value: 0 } });
    expect(all.daysToResolve).toEqual({ resolved: 5, median: 6, p90: 6 });
    expect(all.underpaymentDisputes).toMatchObject({ opened: 1, disputedCents: 1_500, recoveredCents: 1_500 });
    expect(computeKpis({ facts, volumes: [], prevention: [] }, { ...filter, category: 'modifier' }).denials.count).toBe(1);
  });

  it('refuses totals computed for another day, period or scope', () => {
    const report = (inputs: Partial<KpiInputs>) => () => computeKpis({ facts: [], volumes: [], prevention: [], ...inputs }, filter);
    expect(report({ openWork: openWorkOf([], filter, '2026-06-29') })).toThrow(/open work computed for 2026-06-29 .* cannot answer for 2026-06-30/);
    expect(report({ openWork: openWorkOf([], { ...filter, ownerTeam: 'coding' }, asOf) })).toThrow(/open work computed for 2026-06-30 \{"ownerTeam":"coding"\}/);
    expect(report({ preventionTally: tallyPrevention([], { ...filter, from: '2026-05-01' }) })).toThrow(/prevention tally computed for 2026-05-01..2026-06-30/);
    expect(report({ denialTotals: totalDenials([], { ...filter, to: '2026-06-29' }) })).toThrow(/denial totals computed for 2026-06-01..2026-06-29/);
    expect(report({ denialTotals: totalDenials([], { ...filter, payerId: 'P2' }) })).toThrow(/denial totals computed for 2026-06-01..2026-06-30 \{"payerId":"P2"\}/);
  });
});
