/**
 * The weekly leakage report: a Temporal Schedule starts this workflow; it renders the PDF for the
 * period (by default the seven days that ended yesterday) and mails it to the supervisors.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, log, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import { payerIssueId, type PayerShiftAlert } from '../domain/kpis/payer-issue';
import { payerIssueWorkflow } from './payer-issue';
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

/**
 * Each payer alert of the week becomes a payer-issue task for supervisors: one workflow per payer, code and
 * week, so a report run again opens nothing twice. It outlives the report (abandoned, not cancelled).
 */
async function openPayerIssues(alerts: readonly PayerShiftAlert[]): Promise<string[]> {
  const opened: string[] = [];
  for (const alert of alerts) {
    const workflowId = payerIssueId(alert);
    try {
      await startChild(payerIssueWorkflow, { workflowId, args: [{ alert }], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      opened.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return opened;
}

export async function leakageReportWorkflow(input: LeakageReportInput = {}): Promise<ProducedReport & { filter: KpiFilter; mailed: boolean; payerIssuesOpened?: string[] }> {
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
  if (patched('payer-issues')) {
    // The report is out either way: a failure to open the payer issues is logged, not the report's failure.
    // (A report activity of the version before payer issues returns no alerts.)
    const payerIssuesOpened = await openPayerIssues(produced.payerAlerts ?? []).catch((err: unknown) => {
      log.warn('payer issues not opened', { error: err instanceof Error ? err.message : String(err) });
      return [];
    });
    return { ...produced, filter, mailed: mail, payerIssuesOpened };
  }
  return { ...produced, filter, mailed: mail };
}
