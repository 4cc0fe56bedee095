/**
 * What the supervisor dashboard's KPIs need, read the fast way: the period's denials as facts, and the
 * open work (aging, deadlines) and the prevention entries as totals the database computes, instead of
 * every open denial and every entry. Same report as loadKpiInputs gives (the store tests compare them).
 * A KPI category (e.g. `modifier`, a root cause) is applied by the formulas to facts, and a payer to
 * prevention entries' bodies: those filters take the facts path for what they touch.
 */
import type { KpiFilter, KpiInputs } from '../../domain/kpis/kpis';
import { loadKpiInputs } from './kpi-inputs';
import type { LedgerStore } from './ledger-store';

/** Open work is as of `filter.to`: compute the report with that `asOf` (computeKpis' default). */
export async function loadDashboardInputs(store: LedgerStore, filter: KpiFilter): Promise<KpiInputs> {
  if (filter.category) return loadKpiInputs(store, filter);
  const { from, to, payerId, ownerTeam } = filter;
  const preventionInputs = payerId
    ? store.preventionEntries({ from, to, ownerTeam }).then((prevention) => ({ prevention }))
    : store.preventionTally({ from, to, ownerTeam }).then((preventionTally) => ({ prevention: [], preventionTally }));
  const [facts, openWork, volumes, prevention] = await Promise.all([
    store.denialFacts({ from, to, payerId, ownerTeam }),
    store.openWork({ asOf: to, payerId, ownerTeam }),
    store.remittanceVolumes({ from, to, payerId }),
    preventionInputs,
  ]);
  return { facts, volumes, openWork, ...prevention };
}
