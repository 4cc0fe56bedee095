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

/** A table of one figure per route of work, as `workCosts` and `workMinutes` are. */
export interface PerRouteTable {
  correctedClaim: number;
  reopening: number;
  reconsideration: number;
  /** Index 0 = level 1; levels beyond the list use the last value. */
  appealByLevel: readonly number[];
  billNextPayer: number;
  billPatient: number;
}

/** The table's figure for `route`; `closing` for a route that only confirms, waits or closes. */
export function perRoute(route: Route, table: PerRouteTable, closing: number): number {
  switch (route.kind) {
    case 'corrected_claim':
      return table.correctedClaim;
    case 'reopening':
      return table.reopening;
    case 'reconsideration':
      return table.reconsideration;
    case 'appeal':
      return table.appealByLevel[Math.min(route.appealLevel, table.appealByLevel.length) - 1] ?? closing;
    case 'payment_dispute':
      return route.process === 'fee_schedule_reopening' ? table.reopening : table.reconsideration;
    case 'bill_next_payer':
      return table.billNextPayer;
    case 'bill_patient':
      return table.billPatient;
    case 'write_off':
    case 'post_only':
    case 'await_payer':
    case 'verify_window':
      return closing;
  }
}

export function workCost(route: Route, config: PolicyConfig): number {
  return perRoute(route, config.workCosts, 0);
}

/** A person's minutes of work on `route` (the policy's `workMinutes`). */
export function workMinutes(route: Route, config: PolicyConfig): number {
  return perRoute(route, config.workMinutes, config.workMinutes.closing);
}

/** Expected recovery per hour of a person's work: what ranks the worklist's best next. */
export function valuePerHour(value: number, minutes: number): number {
  return cents((value * 60) / minutes);
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
