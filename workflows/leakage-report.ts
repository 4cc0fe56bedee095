/**
 * The weekly leakage report: a Temporal Schedule starts this workflow; it renders the PDF for the
 * period (by default the seven days that ended yesterday) and mails it to the supervisors.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DenialActivities } from '../activities';
import type { LeakageReportActivities, ProducedReport } from '../activities/leakage-report';
import type { KpiFilter } from '../domain/kpis/kpis';
import { addDays } from '../domain/policy/dates';

const { produceLeakageReport } = proxyActivities<LeakageReportActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumInterval: '1 minute', maximumAttempts: 5 },
});
const { notify } = proxyActivities<DenialActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

export interface LeakageReportInput {
  /** Defaults: `to` is yesterday (workflow clock), `from` six days before `to`. */
  from?: string;
  to?: string;
  payerId?: string;
  ownerTeam?: string;
  category?: string;
  /** Mail it to the supervisors (default true). */
  mail?: boolean;
}

export async function leakageReportWorkflow(input: LeakageReportInput = {}): Promise<ProducedReport & { filter: KpiFilter; mailed: boolean }> {
  const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
  const to = input.to ?? yesterday;
  const filter: KpiFilter = {
    from: input.from ?? addDays(to, -6),
    to,
    ...(input.payerId ? { payerId: input.payerId } : {}),
    ...(input.ownerTeam ? { ownerTeam: input.ownerTeam } : {}),
    ...(input.category ? { category: input.category } : {}),
  };
  const produced = await produceLeakageReport({ filter, generatedAt: new Date().toISOString() });
  const mail = input.mail ?? true;
  if (mail) {
    await notify({
      kind: 'leakage_report',
      idempotencyKey: `${workflowInfo().workflowId}:${workflowInfo().runId}:report`,
      workflowId: workflowInfo().workflowId.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 160),
      team: 'supervisors',
      from: filter.from,
      to: filter.to,
      reportFile: produced.file,
      ...produced.headline,
    });
  }
  return { ...produced, filter, mailed: mail };
}
