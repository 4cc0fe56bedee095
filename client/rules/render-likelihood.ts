/** `npm run rules -- likelihood`, readable: how each ranking would have ordered the period's recovered dollars. */
import type { LikelihoodBacktest, RankingQuality } from '../../domain/policy/likelihood-backtest';

const share = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(0)}%`);
const usd = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export function renderLikelihoodBacktest(r: LikelihoodBacktest): string {
  const period = `${r.window.from ?? 'the start'} to ${r.window.to ?? 'today'}`;
  if (r.denials === 0) return `Learned recovery likelihood, ${period}: no denial of the period was decided by its payer on a recovery route; nothing to rank.`;
  const row = (name: string, q: RankingQuality) => `  ${name.padEnd(22)}${share(q.topFifthShare).padStart(8)}${share(q.bottomHalfShare).padStart(14)}`;
  return [
    `Learned recovery likelihood, ${period}: ${r.denials} denials decided by their payers, ${r.won} won, ${usd(r.recoveredCents)} recovered.`,
    'Share of the recovered dollars, ranking the denials as each would have been scored on arrival:',
    `  ${'ranked by'.padEnd(22)}${'top fifth'.padStart(8)}${'bottom half'.padStart(14)}`,
    row('the prior alone', r.prior),
    row('the learned likelihood', r.learned),
    `Calibration: learned likelihood ${r.meanLearnedLikelihood === null ? 'n/a' : r.meanLearnedLikelihood.toFixed(2)} on average; ${r.observedWinRate === null ? 'n/a' : r.observedWinRate.toFixed(2)} of the denials were won.`,
  ].join('\n');
}
