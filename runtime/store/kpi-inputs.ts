/**
 * Loads what the KPI formulas need from the ledger store: the denials of the period (and of the trend
 * weeks before it), every denial still open (aging and deadlines are as of the period's end), the
 * remittance volumes and the prevention events. The formulas filter again, so the store's filters are
 * only there to read less.
 */
import type { DenialFacts } from '../../domain/kpis/denial-facts';
import type { KpiFilter, KpiInputs } from '../../domain/kpis/kpis';
import type { LedgerStore } from './ledger-store';

export async function loadKpiInputs(store: LedgerStore, filter: KpiFilter, since: string = filter.from): Promise<KpiInputs> {
  // The category filters in the formulas only: a KPI category is wider than a stored one (`eligibility`
  // counts coordination of benefits too) or is a root cause (`modifier`).
  const scope = { payerId: filter.payerId, ownerTeam: filter.ownerTeam };
  const [inPeriod, open, volumes, prevention] = await Promise.all([
    store.denialFacts({ ...scope, from: since, to: filter.to }),
    store.denialFacts({ ...scope, openOnly: true }),
    store.remittanceVolumes({ from: since, to: filter.to, payerId: filter.payerId }),
    store.preventionEntries({ from: since, to: filter.to, ownerTeam: filter.ownerTeam }),
  ]);
  const facts = new Map<string, DenialFacts>();
  for (const f of [...inPeriod, ...open]) facts.set(f.workflowId, f);
  return { facts: [...facts.values()], volumes, prevention };
}
