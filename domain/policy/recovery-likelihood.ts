/**
 * How likely a denial is to be recovered, learned from this practice's own decided denials: a
 * Beta-binomial estimate per payer × category × route (and appeal level), shrunk toward the configured
 * prior. The prior counts as `strength` decided denials, so a cell with no history answers the prior,
 * and one with many answers close to what this payer actually did.
 *
 *   posterior mean = (won + strength × prior) / (decided + strength)
 *
 * i.e. the mean of Beta(strength × prior + won, strength × (1 − prior) + lost).
 */
import type { DenialFacts } from '../kpis/denial-facts';
import { recoveryProbability, valuePerHour, workCost, workMinutes } from './economics';
import type { PolicyConfig } from './policy-config';
import type { Route } from './routes';
import type { DenialCategory } from './taxonomy';

/**
 * How many decided denials the configured prior counts as. Ten lets a payer's own record outweigh the
 * prior after a dozen or so decisions, while two or three lucky wins move it only a little.
 */
export const PRIOR_STRENGTH = 10;

/** Routes that ask the payer to pay: the only ones whose outcome says how this payer answers. */
export const RECOVERY_ROUTES = ['corrected_claim', 'reopening', 'reconsideration', 'appeal', 'payment_dispute'] as const;
const RECOVERY_ROUTE_SET = new Set<string>(RECOVERY_ROUTES);

export function isRecoveryRoute(route: string): boolean {
  return RECOVERY_ROUTE_SET.has(route);
}

/** The cell a denial's outcome counts in and its likelihood is read from. */
export interface LikelihoodCell {
  payerId: string;
  category: string;
  route: string;
  /** Appeal level for appeals, 0 for every other route. */
  appealLevel: number;
}

/** The cell of a denial on its current route. */
export function cellOf(denial: { payerId: string; category: string; route: Route }): LikelihoodCell {
  const r = denial.route;
  return { payerId: denial.payerId, category: denial.category, route: r.kind, appealLevel: r.kind === 'appeal' ? r.appealLevel : 0 };
}

export function cellKey(c: LikelihoodCell): string {
  return `${c.payerId}|${c.category}|${c.route}|${c.appealLevel}`;
}

export interface DecidedOutcomes {
  won: number;
  decided: number;
}

export interface RecoveryLikelihood {
  probability: number;
  prior: number;
  /** Where the prior came from, e.g. 'recoveryPriors.byCategory.coding'. */
  priorSource: string;
  /** How many decided denials the prior counts as. */
  strength: number;
  won: number;
  decided: number;
  /** One sentence a person can check: "won 14 of 20 with this payer, prior 0.45 (counts as 10) → 0.57". */
  basis: string;
}

const round = (p: number) => Math.round(p * 1000) / 1000;

export function learnedLikelihood(prior: { probability: number; source: string }, outcomes: DecidedOutcomes, strength: number): RecoveryLikelihood {
  if (!(strength > 0)) throw new RangeError(`prior strength must be above 0, got ${strength}`);
  const won = Math.max(0, Math.min(outcomes.won, outcomes.decided));
  const decided = Math.max(0, outcomes.decided);
  const probability = round((won + strength * prior.probability) / (decided + strength));
  const priorText = `prior ${prior.probability} (${prior.source}, counts as ${strength})`;
  const basis =
    decided === 0
      ? `no decided denials yet with this payer, category and route; ${priorText}`
      : `won ${won} of ${decided} with this payer, category and route, ${priorText} → ${probability}`;
  return { probability, prior: prior.probability, priorSource: prior.source, strength, won, decided, basis };
}

/**
 * What a closed denial says about its payer: won (money came back), lost (upheld, written off, missed),
 * or nothing (transferred to another payer or the patient, posted, or never worked on a recovery route).
 */
export function decidedOutcome(f: Pick<DenialFacts, 'resolution' | 'attemptedRoute'>): 'won' | 'lost' | undefined {
  if (!f.attemptedRoute || !f.resolution) return undefined;
  switch (f.resolution) {
    case 'recovered':
    case 'partially_recovered':
      return 'won';
    case 'upheld':
    case 'written_off':
    case 'timely_filing_loss':
      return 'lost';
    case 'transferred':
    case 'posted':
      return undefined;
  }
}

/** The cell a closed denial's outcome counts in: the last recovery route it was worked on. */
export function outcomeCell(f: Pick<DenialFacts, 'payerId' | 'category' | 'attemptedRoute'>): LikelihoodCell | undefined {
  if (!f.attemptedRoute) return undefined;
  return { payerId: f.payerId, category: f.category, route: f.attemptedRoute.route, appealLevel: f.attemptedRoute.appealLevel };
}

type DecidedFacts = Pick<DenialFacts, 'payerId' | 'category' | 'attemptedRoute' | 'resolution'>;

/** Counts one closed denial's outcome in its cell of `tally`, if its payer decided it. */
export function addOutcome(tally: Map<string, DecidedOutcomes>, f: DecidedFacts): void {
  const outcome = decidedOutcome(f);
  const cell = outcomeCell(f);
  if (!outcome || !cell) return;
  const key = cellKey(cell);
  const t = tally.get(key) ?? { won: 0, decided: 0 };
  t.decided += 1;
  if (outcome === 'won') t.won += 1;
  tally.set(key, t);
}

/** Tallies decided outcomes per cell from closed denials' facts (the ledger keeps the same as its recovery_outcomes rollup). */
export function tallyOutcomes(facts: Iterable<DecidedFacts>): Map<string, DecidedOutcomes> {
  const tally = new Map<string, DecidedOutcomes>();
  for (const f of facts) addOutcome(tally, f);
  return tally;
}

/** The learned likelihood of a denial's route with what it makes of the money: amount × likelihood − cost of the route. */
export interface RecoveryEstimate extends RecoveryLikelihood {
  cell: LikelihoodCell;
  /** Dollars at risk. */
  amount: number;
  /** Dollars the route's work costs (policy workCosts). */
  cost: number;
  /** Expected recovery in dollars with the learned likelihood. */
  value: number;
  /** A person's minutes of work on the route (policy workMinutes). */
  minutes: number;
  /** Expected recovery per hour of that work, in dollars: the worklist's best next ranks by it. */
  perHour: number;
}

/**
 * The learned estimate for a denial on a recovery route, from the decided outcomes of its cell (`cellOf`);
 * undefined for routes that do not ask the payer to pay (billing another payer or the patient, write-off, waiting).
 */
export function estimateRecovery(
  denial: { payerId: string; category: DenialCategory; route: Route; atRiskCents: number },
  outcomes: DecidedOutcomes,
  config: PolicyConfig,
): RecoveryEstimate | undefined {
  const { route } = denial;
  if (!isRecoveryRoute(route.kind)) return undefined;
  const cell = cellOf(denial);
  const prior = recoveryProbability(denial.category, { payerId: denial.payerId, payerClass: 'other' }, config);
  const likelihood = learnedLikelihood(prior, outcomes, PRIOR_STRENGTH);
  const amount = denial.atRiskCents / 100;
  const cost = workCost(route, config);
  const value = Math.round((amount * likelihood.probability - cost) * 100) / 100;
  const minutes = workMinutes(route, config);
  return { ...likelihood, cell, amount, cost, value, minutes, perHour: valuePerHour(value, minutes) };
}
