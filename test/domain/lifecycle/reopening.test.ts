// What a recoupment reopens: only denials closed with money recovered, continuing their ledger and their
// classification; and the recoupment as the reopened run's case.
import { describe, expect, it } from 'vitest';
import { projectDenialFacts, type DenialFacts } from '../../../domain/kpis/denial-facts';
import { reopenedAssessment, reopeningOf } from '../../../domain/lifecycle/reopening';
import { denialEntry, recoveredAppeal } from '../../fixtures/ledger';
import { recoupmentCaseFrom, remittance835 } from '../../fixtures/remittances';
import type { LedgerEntry } from '../../../domain/lifecycle/ledger-entry';

const fold = (entries: LedgerEntry[]) => entries.reduce<DenialFacts | undefined>(projectDenialFacts, undefined);

describe('reopening a recovered denial', () => {
  it('continues the recovered appeal after its last entry, with its classification and appeal level', () => {
    const facts = fold(recoveredAppeal('denial-r1'))!;
    expect(reopeningOf(facts)).toEqual({
      afterSeq: 7,
      recoveredCents: 24_000,
      resolution: 'recovered',
      appealLevel: 0,
      chargeCents: 24_000,
      // The fixture's team and root cause are not in today's taxonomy: the defaults stand in.
      classification: { category: 'medical_necessity', rootCause: 'unknown', ownerTeam: 'ar_follow_up', preventable: true },
    });
  });

  it('reopens nothing that is open, written off, lost or closed without money recovered', () => {
    const open = fold(recoveredAppeal('denial-r2').slice(0, 6));
    const written = fold([denialEntry('denial-r3', 1), denialEntry('denial-r3', 2, { stage: 'written_off', facts: { resolution: 'written_off' }, amounts: { atRiskCents: 0, lostCents: 24_000 } })]);
    const upheld = fold([denialEntry('denial-r4', 1), denialEntry('denial-r4', 2, { stage: 'resolved', facts: { resolution: 'upheld' }, amounts: { atRiskCents: 0 } })]);
    for (const facts of [undefined, open, written, upheld]) expect(reopeningOf(facts)).toBeNull();
  });

  it('keeps the first classification, chooses no route and assumes no deadline', () => {
    const r = reopeningOf(fold(recoveredAppeal('denial-r5')))!;
    const a = reopenedAssessment(r, 12_000);
    expect(a.classification.primary).toMatchObject({ category: 'medical_necessity', ruleId: 'REOPENED' });
    expect(a.classification.primary.explanation).toMatch(/^Reopened: the payer took back 120.00 of the 240.00 recovered/);
    expect(a.decision).toMatchObject({ route: { kind: 'await_payer' }, requiresConfirmation: true });
    expect(a.deadline).toBeNull();
  });

  it('makes the recoupment the case: what the payer took back is at risk, the charge is the claim’s', () => {
    const text = remittance835({ remitDate: '2026-05-11', claims: [{ status: '22', charge: -240, paid: -180, serviceDate: '2026-01-10' }] });
    const c = recoupmentCaseFrom(text);
    expect(c.claim).toMatchObject({ chargeCents: 24_000, paidCents: -18_000 });
    expect(c.detection).toMatchObject({ outcome: 'denial', amountAtRiskCents: 18_000, reasons: [{ code: 'recoupment', amountCents: 18_000 }] });
    expect(c.detection.reasons[0]!.message).toBe('The payer took back 180.00 paid on the claim, by a reversal (CLP02 22).');
  });
});
