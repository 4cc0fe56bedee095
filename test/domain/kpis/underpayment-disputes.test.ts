import { describe, expect, it } from 'vitest';
import { kpiGroups } from '../../../services/reports/kpi-rows';
import { projectDenialFacts, type DenialFacts } from '../../../domain/kpis/denial-facts';
import { computeKpis, ratio } from '../../../domain/kpis/kpis';
import type { LedgerEntry } from '../../../domain/lifecycle/ledger-entry';

const week = { from: '2026-03-01', to: '2026-03-07' };

/** A denial's ledger, entry by entry, with the route and amounts each entry records. */
function ledger(workflowId: string, steps: { route: string; stage: LedgerEntry['stage']; underpaidCents: number; recoveredCents?: number; atRiskCents?: number }[]): DenialFacts {
  let f: DenialFacts | undefined;
  steps.forEach((s, i) => {
    f = projectDenialFacts(f, {
      workflowId,
      seq: i + 1,
      at: `2026-03-0${i + 2}T10:00:00.000Z`,
      type: 'transition',
      stage: s.stage,
      actor: { id: 'system', role: 'automation' },
      summary: '',
      rationale: [],
      facts: { payerId: 'P1', category: 'contractual', rootCause: 'contractual_adjustment', ownerTeam: 'contracting', preventable: false, route: s.route, codes: [], ruleIds: [], remitDate: '2026-03-02' },
      amounts: { chargeCents: 40_000, atRiskCents: s.atRiskCents ?? s.underpaidCents, recoveredCents: s.recoveredCents ?? 0, lostCents: 0, underpaidCents: s.underpaidCents },
    });
  });
  return f as DenialFacts;
}

describe('underpayment disputes in the KPIs', () => {
  const recovered = ledger('d1', [
    { route: 'payment_dispute', stage: 'routed', underpaidCents: 18_000 },
    { route: 'payment_dispute', stage: 'submitted', underpaidCents: 18_000 },
    { route: 'payment_dispute', stage: 'resolved', underpaidCents: 18_000, recoveredCents: 18_000, atRiskCents: 0 },
  ]);
  // Upheld, then appealed: still a dispute that was opened, and its route moved on.
  const upheld = ledger('d2', [
    { route: 'payment_dispute', stage: 'routed', underpaidCents: 5_000 },
    { route: 'reconsideration', stage: 'routed', underpaidCents: 5_000 },
  ]);
  // Found but never disputed (written off as not worth the work).
  const small = ledger('d3', [{ route: 'write_off', stage: 'written_off', underpaidCents: 1_000 }]);

  it('the fold remembers that a denial was routed to a dispute, even after its route moves on', () => {
    expect(recovered.paymentDisputed).toBe(true);
    expect(upheld).toMatchObject({ paymentDisputed: true, route: 'reconsideration' });
    expect(small.paymentDisputed).toBeUndefined();
  });

  it('counts disputes opened, dollars disputed and dollars recovered', () => {
    const k = computeKpis({ facts: [recovered, upheld, small], volumes: [], prevention: [] }, week, '2026-03-07');
    expect(k.underpaymentDisputes).toEqual({ opened: 2, disputedCents: 23_000, recoveredCents: 18_000, recoveryRate: ratio(18_000, 23_000) });
    expect(k.underpayments).toMatchObject({ found: 3, foundCents: 24_000, recoveredCents: 18_000 });
  });

  it('shows them where the other KPIs are shown (CLI, dashboard and weekly report share these rows)', () => {
    const k = computeKpis({ facts: [recovered, upheld, small], volumes: [], prevention: [] }, week, '2026-03-07');
    const rows = kpiGroups(k).flatMap((g) => g.rows);
    expect(rows.find((r) => r.measure === 'Underpayment disputes opened')).toMatchObject({ value: '2', basis: '$230.00 disputed' });
    expect(rows.find((r) => r.measure === 'Underpayment disputes recovered')).toMatchObject({ value: '$180.00', basis: expect.stringContaining('78') });
  });
});
