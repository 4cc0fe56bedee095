import type { PayerClass } from './payer-rules';
import type { PolicyConfig } from './policy-config';
import type { Route } from './routes';
import type { DenialCategory } from './taxonomy';

/** amount × P(recovery | category, payer) − cost of the work, in dollars. */
export interface ExpectedRecovery {
  amount: number;
  probability: number;
  /** Where the probability came from, e.g. 'recoveryPriors.byPayer[87726].coding'. */
  probabilitySource: string;
  cost: number;
  value: number;
}

export interface PayerIdentity {
  payerId?: string | undefined;
  payerClass: PayerClass;
}

function cents(n: number): number {
  return Math.round(n * 100) / 100;
}

export function recoveryProbability(category: DenialCategory, payer: PayerIdentity, config: PolicyConfig): { probability: number; source: string } {
  const keys = [payer.payerId, payer.payerClass].filter((k): k is string => k !== undefined);
  for (const key of keys) {
    const p = config.recoveryPriors.byPayer[key]?.[category];
    if (p !== undefined) return { probability: p, source: `recoveryPriors.byPayer[${key}].${category}` };
  }
  return { probability: config.recoveryPriors.byCategory[category], source: `recoveryPriors.byCategory.${category}` };
}

export function workCost(route: Route, config: PolicyConfig): number {
  const costs = config.workCosts;
  switch (route.kind) {
    case 'corrected_claim':
      return costs.correctedClaim;
    case 'reopening':
      return costs.reopening;
    case 'reconsideration':
      return costs.reconsideration;
    case 'appeal': {
      const byLevel = costs.appealByLevel;
      return byLevel[Math.min(route.appealLevel, byLevel.length) - 1] ?? 0;
    }
    case 'payment_dispute':
      return route.process === 'fee_schedule_reopening' ? costs.reopening : costs.reconsideration;
    case 'bill_next_payer':
      return costs.billNextPayer;
    case 'bill_patient':
      return costs.billPatient;
    case 'write_off':
    case 'post_only':
    case 'await_payer':
    case 'verify_window':
      return 0;
  }
}

export function expectedRecovery(
  route: Route,
  amount: number,
  category: DenialCategory,
  payer: PayerIdentity,
  config: PolicyConfig,
): ExpectedRecovery {
  let probability: number;
  let probabilitySource: string;
  switch (route.kind) {
    case 'bill_next_payer':
      probability = config.collectionRates.nextPayer;
      probabilitySource = 'collectionRates.nextPayer';
      break;
    case 'bill_patient':
      probability = config.collectionRates.patient;
      probabilitySource = 'collectionRates.patient';
      break;
    case 'write_off':
    case 'post_only':
      probability = 0;
      probabilitySource = `no recovery on ${route.kind}`;
      break;
    default: {
      const prior = recoveryProbability(category, payer, config);
      probability = prior.probability;
      probabilitySource = prior.source;
    }
  }
  const cost = workCost(route, config);
  return { amount: cents(amount), probability, probabilitySource, cost: cents(cost), value: cents(amount * probability - cost) };
}
