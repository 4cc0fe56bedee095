/**
 * The weekly leakage report's activity: checks the period and has services/reports produce the PDF under
 * the reports folder. The mail goes out through the notify activity, with the file attached.
 */
import { ApplicationFailure } from '@temporalio/common';
import { KpiFilterSchema, type KpiFilter } from '../domain/kpis/kpis';
import { produceLeakageReport, type LeakageReportDeps, type ProducedReport } from '../services/reports/leakage-report';

export type { LeakageReportDeps, ProducedReport };

export function createLeakageReportActivities(deps: LeakageReportDeps) {
  return {
    async produceLeakageReport(input: { filter: KpiFilter; generatedAt: string }): Promise<ProducedReport> {
      const parsed = KpiFilterSchema.safeParse(input.filter);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`Report period is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`, 'InvalidReportPeriod');
      return produceLeakageReport(deps, parsed.data, input.generatedAt);
    },
  };
}

export type LeakageReportActivities = ReturnType<typeof createLeakageReportActivities>;
