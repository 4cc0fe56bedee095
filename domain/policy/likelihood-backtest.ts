/**
 * How the learned recovery likelihood would have ranked a period's denials, against what was recovered
 * (issue #16, item 2). Each denial the payer decided in the window is scored as it would have been when
 * it arrived: at-risk dollars × the likelihood learned from the denials decided before its remit date
 * (nothing from its own future), and the same with the configured prior alone. A good ranking puts the
 * recovered dollars at the top: the share of them in the top fifth of each ranking, and in the bottom
 * half, says how much working in that order would have been worth. Route costs are left out: they do not
 * depend on the likelihood, and the ranking asks where the money came back.
 */
import type { DenialFacts } from '../kpis/denial-facts';
import { recoveryProbability } from './economics';
import type { PolicyConfig } from './policy-config';
import { addOutcome, cellKey, decidedOutcome, learnedLikelihood, outcomeCell, PRIOR_STRENGTH, type DecidedOutcomes } from './recovery-likelihood';
import { DenialCategorySchema } from './taxonomy';

export interface RankingQuality {
  /** Share of the recovered dollars in the top fifth of denials by score (null: nothing was recovered). */
  topFifthShare: number | null;
  /** Share of the recovered dollars in the bottom half. */
  bottomHalfShare: number | null;
}

export interface LikelihoodBacktest {
  window: { from?: string; to?: string };
  /** Denials of the window the payer decided, on a route that asks it to pay. */
  denials: number;
  won: number;
  recoveredCents: number;
  prior: RankingQuality;
  learned: RankingQuality;
  /** Mean learned likelihood of the window's denials, against the share actually won. */
  meanLearnedLikelihood: number | null;
  observedWinRate: number | null;
}

interface Scored {
  workflowId: string;
  recoveredCents: number;
  /** Expected recovered cents by each method: at risk × likelihood. */
  prior: number;
  learned: number;
  learnedLikelihood: number;
}

function quality(scored: readonly Scored[], score: (s: Scored) => number, total: number): RankingQuality {
  if (total <= 0) return { topFifthShare: null, bottomHalfShare: null };
  // Ties keep a fixed order (by id), so a ranking that cannot tell denials apart gains nothing from luck.
  const ranked = [...scored].sort((a, b) => score(b) - score(a) || a.workflowId.localeCompare(b.workflowId));
  const sum = (rows: readonly Scored[]) => rows.reduce((n, s) => n + s.recoveredCents, 0);
  const fifth = Math.ceil(ranked.length / 5);
  const half = Math.floor(ranked.length / 2);
  return { topFifthShare: sum(ranked.slice(0, fifth)) / total, bottomHalfShare: sum(ranked.slice(ranked.length - half)) / total };
}

export function backtestLikelihood(facts: readonly DenialFacts[], window: { from?: string; to?: string }, config: PolicyConfig, strength = PRIOR_STRENGTH): LikelihoodBacktest {
  const decided = facts
    .map((f) => ({ f, outcome: decidedOutcome(f), cell: outcomeCell(f), category: DenialCategorySchema.safeParse(f.category) }))
    .filter((d) => d.outcome && d.cell && d.category.success && d.f.closedAt);
  const byClose = [...decided].sort((a, b) => a.f.closedAt!.localeCompare(b.f.closedAt!));
  const inWindow = decided
    .filter((d) => (!window.from || d.f.remitDate >= window.from) && (!window.to || d.f.remitDate <= window.to))
    .sort((a, b) => a.f.remitDate.localeCompare(b.f.remitDate));

  const tally = new Map<string, DecidedOutcomes>();
  let next = 0;
  const scored: Scored[] = [];
  for (const d of inWindow) {
    // What was known when the denial arrived: the outcomes of denials closed before its remit date.
    while (next < byClose.length && byClose[next]!.f.closedAt!.slice(0, 10) < d.f.remitDate) addOutcome(tally, byClose[next++]!.f);
    const prior = recoveryProbability(d.category.data!, { payerId: d.f.payerId, payerClass: 'other' }, config);
    const learned = learnedLikelihood(prior, tally.get(cellKey(d.cell!)) ?? { won: 0, decided: 0 }, strength);
    const atRisk = d.f.initialAtRiskCents;
    scored.push({ workflowId: d.f.workflowId, recoveredCents: d.f.recoveredCents, prior: atRisk * prior.probability, learned: atRisk * learned.probability, learnedLikelihood: learned.probability });
  }
  const recoveredCents = scored.reduce((n, s) => n + s.recoveredCents, 0);
  const won = inWindow.filter((d) => d.outcome === 'won').length;
  const meanLearned = scored.length ? scored.reduce((n, s) => n + s.learnedLikelihood, 0) / scored.length : null;
  return {
    window,
    denials: scored.length,
    won,
    recoveredCents,
    prior: quality(scored, (s) => s.prior, recoveredCents),
    learned: quality(scored, (s) => s.learned, recoveredCents),
    meanLearnedLikelihood: meanLearned,
    observedWinRate: scored.length ? won / scored.length : null,
  };
}
