/** The leakage report PDF on demand, for the dashboard's link and the API: rendered in memory, not kept. */
import { renderLeakageReport } from '../../../services/reports/leakage-report';
import type { KpiFilter } from '../../../domain/kpis/kpis';
import type { LedgerStore } from '../../../runtime/store/ledger-store';

export function createReportRenderer(ledger: LedgerStore, organizationName?: string) {
  return {
    async render(filter: KpiFilter): Promise<Uint8Array> {
      return (await renderLeakageReport(ledger, filter, new Date().toISOString(), organizationName)).pdf;
    },
  };
}

export type ReportRenderer = ReturnType<typeof createReportRenderer>;
