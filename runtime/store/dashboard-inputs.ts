/**
 * What the supervisor dashboard's KPIs need, read the fast way: the period's denials as totals summed
 * from the rollup (migration 106), and the open work (aging, deadlines) and the prevention entries as
 * totals the database computes, instead of every denial of the period, every open denial and every entry.
 * Same report as loadKpiInputs gives (the store tests compare them). A KPI category (e.g. `modifier`, a
 * root cause) is applied by the formulas to the totals' groups, to open denials' facts and to prevention
 * entries' bodies, and a payer to prevention entries' bodies: those filters read what they touch.
 */
import type { KpiFilter, KpiInputs } from '../../domain/kpis/kpis';
import type { LedgerStore } from './ledger-store';

/** Open work is as of `filter.to`: compute the report with that `asOf` (computeKpis' default). */
export async function loadDashboardInputs(store: LedgerStore, filter: KpiFilter): Promise<KpiInputs> {
  const { from, to, payerId, ownerTeam, category } = filter;
  const openWorkInputs = category
    ? store.denialFacts({ payerId, ownerTeam, openOnly: true }).then((facts) => ({ facts }))
    : store.openWork({ asOf: to, payerId, ownerTeam }).then((openWork) => ({ facts: [], openWork }));
  const preventionInputs =
    payerId || category
      ? store.preventionEntries({ from, to, ownerTeam }).then((prevention) => ({ prevention }))
      : store.preventionTally({ from, to, ownerTeam }).then((preventionTally) => ({ prevention: [], preventionTally }));
  const [denialTotals, open, volumes, prevention] = await Promise.all([
    store.denialTotals({ from, to, payerId, ownerTeam }),
    openWorkInputs,
    store.remittanceVolumes({ from, to, payerId }),
    preventionInputs,
  ]);
  return { denialTotals, volumes, ...open, ...prevention };
}
