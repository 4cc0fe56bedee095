/**
 * A denial's learned recovery likelihood, as the task page, the API and `explain --learned` show it: the
 * outcomes of this practice's closed denials with the same payer, category and route
 * (domain/policy/recovery-likelihood.ts), read from the ledger's rollup of them when asked (the one the
 * worklist's value sort joins), so it always reflects the latest decisions.
 */
import { DEFAULT_POLICY_CONFIG } from '../../domain/policy/policy-config';
import { cellOf, estimateRecovery, isRecoveryRoute, type RecoveryEstimate } from '../../domain/policy/recovery-likelihood';
import type { Route } from '../../domain/policy/routes';
import { DenialCategorySchema } from '../../domain/policy/taxonomy';
import type { LedgerStore } from '../../runtime/store/ledger-store';

export interface EstimatedDenial {
  payerId: string;
  category: string;
  route: Route;
  atRiskCents: number;
}

export async function recoveryEstimateFor(ledger: Pick<LedgerStore, 'decidedOutcomes'>, denial: EstimatedDenial): Promise<RecoveryEstimate | undefined> {
  const category = DenialCategorySchema.safeParse(denial.category);
  if (!category.success || !isRecoveryRoute(denial.route.kind)) return undefined;
  const estimated = { ...denial, category: category.data };
  return estimateRecovery(estimated, await ledger.decidedOutcomes(cellOf(estimated)), DEFAULT_POLICY_CONFIG);
}
