import { describe, expect, it } from 'vitest';
import { projectDenialFacts, type DenialFacts } from '../../../domain/kpis/denial-facts';
import type { LedgerEntry, Resolution } from '../../../domain/lifecycle/ledger-entry';
import { denialEntry } from '../../fixtures/ledger';
import { cellKey, estimateRecovery, learnedLikelihood, tallyOutcomes } from '../../../domain/policy/recovery-likelihood';
import { resolvePolicyConfig } from '../../../domain/policy/policy-config';

const prior = { probability: 0.45, source: 'recoveryPriors.byCategory.medical_necessity' };

/** A denial routed, submitted on `route` and closed with `resolution`, folded as the ledger stores fold it. */
function closedDenial(id: string, route: string, resolution: Resolution, opts: { appealLevel?: number; payerId?: string; submitted?: boolean } = {}): DenialFacts {
  const stages: { stage: LedgerEntry['stage']; route: string; resolution?: Resolution }[] = [
    { stage: 'routed', route },
    ...(opts.submitted === false ? [] : [{ stage: 'submitted' as const, route }]),
    { stage: resolution === 'written_off' ? 'written_off' : 'resolved', route: resolution === 'written_off' ? 'write_off' : route, resolution },
  ];
  return stages.reduce<DenialFacts | undefined>(
    (f, st, i) =>
      projectDenialFacts(
        f,
        denialEntry(id, i + 1, {
          stage: st.stage,
          facts: { payerId: opts.payerId ?? 'P1', category: 'medical_necessity', route: st.route, appealLevel: opts.appealLevel ?? 1, ...(st.resolution ? { resolution: st.resolution } : {}) },
        }),
      ),
    undefined,
  )!;
}

describe('learned recovery likelihood (Beta-binomial, shrunk toward the prior)', () => {
  it('with no decided denials answers the prior and says so', () => {
    const l = learnedLikelihood(prior, { won: 0, decided: 0 }, 10);
    expect(l.probability).toBe(0.45);
    expect(l.basis).toBe('no decided denials yet with this payer, category and route; prior 0.45 (recoveryPriors.byCategory.medical_necessity, counts as 10)');
  });

  it('moves toward this payer’s own outcomes as they accumulate, by the stated strength', () => {
    // 18 of 20 won: (18 + 10 × 0.45) / (20 + 10) = 0.75
    const l = learnedLikelihood(prior, { won: 18, decided: 20 }, 10);
    expect(l.probability).toBe(0.75);
    expect(l.basis).toBe('won 18 of 20 with this payer, category and route, prior 0.45 (recoveryPriors.byCategory.medical_necessity, counts as 10) → 0.75');
    // A weaker prior gives the outcomes more weight; many outcomes make the prior nearly irrelevant.
    expect(learnedLikelihood(prior, { won: 18, decided: 20 }, 2).probability).toBeCloseTo((18 + 0.9) / 22, 3);
    expect(learnedLikelihood(prior, { won: 180, decided: 200 }, 10).probability).toBeCloseTo(0.879, 3);
    // Losses pull it down the same way.
    expect(learnedLikelihood(prior, { won: 2, decided: 20 }, 10).probability).toBe(0.217);
  });

  it('refuses a prior strength that would divide by nothing', () => {
    expect(() => learnedLikelihood(prior, { won: 0, decided: 0 }, 0)).toThrow(/strength must be above 0/);
  });

  it('counts a closed denial in the cell of the route it was submitted on, and only denials the payer decided', () => {
    const facts = [
      closedDenial('won-1', 'appeal', 'recovered'),
      closedDenial('won-2', 'appeal', 'partially_recovered'),
      closedDenial('lost-1', 'appeal', 'upheld'),
      // Upheld at level 1, then written off: the appeal it was submitted on was lost.
      closedDenial('lost-2', 'appeal', 'written_off'),
      closedDenial('level-2', 'appeal', 'recovered', { appealLevel: 2 }),
      closedDenial('other-payer', 'appeal', 'recovered', { payerId: 'P2' }),
      closedDenial('corrected', 'corrected_claim', 'recovered'),
      // Written off without ever asking the payer: says nothing about the payer.
      closedDenial('never-submitted', 'appeal', 'written_off', { submitted: false }),
    ];
    const tally = tallyOutcomes(facts);
    expect(tally.get(cellKey({ payerId: 'P1', category: 'medical_necessity', route: 'appeal', appealLevel: 1 }))).toEqual({ won: 2, decided: 4 });
    expect(tally.get(cellKey({ payerId: 'P1', category: 'medical_necessity', route: 'appeal', appealLevel: 2 }))).toEqual({ won: 1, decided: 1 });
    expect(tally.get(cellKey({ payerId: 'P2', category: 'medical_necessity', route: 'appeal', appealLevel: 1 }))).toEqual({ won: 1, decided: 1 });
    expect(tally.get(cellKey({ payerId: 'P1', category: 'medical_necessity', route: 'corrected_claim', appealLevel: 0 }))).toEqual({ won: 1, decided: 1 });
    expect([...tally.values()].reduce((n, t) => n + t.decided, 0)).toBe(7);
  });

  it('prices the route in dollars and in a person’s minutes: expected recovery per hour of work ranks best next', () => {
    const config = resolvePolicyConfig();
    const denial = { payerId: 'P1', category: 'medical_necessity' as const, atRiskCents: 100_000 };
    // 1,000 × (18 + 10 × 0.45) / 30 − 60 = 690 in an hour (level 1: 60 minutes).
    const appeal = estimateRecovery({ ...denial, route: { kind: 'appeal', appealLevel: 1, levelName: 'first-level appeal' } }, { won: 18, decided: 20 }, config)!;
    expect(appeal).toMatchObject({ probability: 0.75, cost: 60, value: 690, minutes: 60, perHour: 690 });
    // A level-2 appeal costs more and takes twice as long: per hour it is worth less than half.
    const second = estimateRecovery({ ...denial, route: { kind: 'appeal', appealLevel: 2, levelName: 'second-level appeal' } }, { won: 18, decided: 20 }, config)!;
    expect(second).toMatchObject({ cost: 120, value: 630, minutes: 120, perHour: 315 });
    // The minutes are the practice's to set, like the costs.
    const timed = estimateRecovery({ ...denial, route: { kind: 'corrected_claim', claimFrequency: '7' } }, { won: 0, decided: 0 }, resolvePolicyConfig({ workMinutes: { correctedClaim: 15 } }))!;
    expect(timed).toMatchObject({ probability: 0.45, cost: 25, value: 425, minutes: 15, perHour: 1700 });
    // Billing the patient is not a recovery route: no learned estimate.
    expect(estimateRecovery({ ...denial, route: { kind: 'bill_patient' } }, { won: 0, decided: 0 }, config)).toBeUndefined();
  });
});
