import { describe, expect, it } from 'vitest';
import { projectDenialFacts, type DenialFacts } from '../../../domain/kpis/denial-facts';
import { backtestLikelihood } from '../../../domain/policy/likelihood-backtest';
import { DEFAULT_POLICY_CONFIG } from '../../../domain/policy/policy-config';
import { decidedAppeal } from '../../fixtures/ledger';

function appeal(id: string, payerId: string, remitDate: string, won: boolean): DenialFacts {
  return decidedAppeal(id, payerId, remitDate, won).reduce<DenialFacts | undefined>((f, e) => projectDenialFacts(f, e), undefined)!;
}

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

describe('likelihood backtest: how the learned figures would have ranked a period against what came back', () => {
  // Two payers, same category, route and amounts: A overturns 9 appeals in 10, B 1 in 10. The prior cannot
  // tell them apart; the learned likelihood can, once a quarter of history has been decided.
  const history: DenialFacts[] = [];
  for (let i = 0; i < 60; i++) {
    history.push(appeal(`denial-a-${String(i).padStart(3, '0')}`, 'PAYER-A', day(i), i % 10 !== 0));
    history.push(appeal(`denial-b-${String(i).padStart(3, '0')}`, 'PAYER-B', day(i), i % 10 === 0));
  }
  const window = { from: day(90), to: day(119) };
  const quarter: DenialFacts[] = [];
  for (let i = 90; i < 120; i++) {
    // Ids that put B's denials first when scores tie, so the prior's ranking is no better than chance.
    quarter.push(appeal(`denial-x-b-${i}`, 'PAYER-B', day(i), i % 10 === 0));
    quarter.push(appeal(`denial-y-a-${i}`, 'PAYER-A', day(i), i % 10 !== 0));
  }

  it('puts the recovered dollars at the top where the prior cannot', () => {
    const r = backtestLikelihood([...history, ...quarter], window, DEFAULT_POLICY_CONFIG);
    expect(r).toMatchObject({ denials: 60, won: 30, recoveredCents: 30 * 24_000 });
    // Top fifth: 12 denials. Learned: all A, 10 or 11 of them won, of 30 wins.
    expect(r.learned.topFifthShare!).toBeGreaterThan(0.3);
    expect(r.prior.topFifthShare!).toBeLessThan(0.1);
    expect(r.learned.bottomHalfShare!).toBeLessThan(0.15);
    expect(r.meanLearnedLikelihood!).toBeGreaterThan(0.4);
    expect(r.observedWinRate).toBe(0.5);
  });

  it('uses only what was decided before each denial arrived: with no earlier history it is the prior', () => {
    const r = backtestLikelihood(quarter, window, DEFAULT_POLICY_CONFIG);
    // Each denial closes ten days after it arrives, so the window's first ten days know nothing yet, and
    // the learned ranking starts from the prior; it is never worse than the prior's.
    expect(r.learned.topFifthShare!).toBeGreaterThanOrEqual(r.prior.topFifthShare!);
    const none = backtestLikelihood(quarter.slice(0, 2), { from: day(90), to: day(90) }, DEFAULT_POLICY_CONFIG);
    expect(none.meanLearnedLikelihood).toBe(DEFAULT_POLICY_CONFIG.recoveryPriors.byCategory.medical_necessity);
  });

  it('says nothing about shares when nothing was recovered', () => {
    const lost = [appeal('denial-l-1', 'PAYER-B', day(100), false)];
    expect(backtestLikelihood(lost, window, DEFAULT_POLICY_CONFIG).learned).toEqual({ topFifthShare: null, bottomHalfShare: null });
  });
});
