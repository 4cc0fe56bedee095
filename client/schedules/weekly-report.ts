/**
 * The Temporal Schedule that runs the weekly leakage report. Created once; every later start updates it
 * to the configured time and task queue, so the deployment's settings stay the truth.
 */
import { ScheduleAlreadyRunning, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Logger } from '../../runtime/log';
import type { leakageReportWorkflow } from '../../workflows/leakage-report';

export const WEEKLY_REPORT_SCHEDULE_ID = 'weekly-leakage-report';

export interface WeeklyReportSchedule {
  taskQueue: string;
  /** Cron expression, e.g. `0 7 * * 1` (Mondays 07:00). */
  cron: string;
  timezone: string;
}

export async function ensureWeeklyReportSchedule(client: Client, s: WeeklyReportSchedule, log: Logger): Promise<'created' | 'updated'> {
  const action: ScheduleOptionsStartWorkflowAction<typeof leakageReportWorkflow> = {
    type: 'startWorkflow',
    workflowType: 'leakageReportWorkflow',
    workflowId: 'leakage-report',
    taskQueue: s.taskQueue,
    args: [{}],
  };
  const spec = { cronExpressions: [s.cron], timezone: s.timezone };
  try {
    await client.schedule.create({ scheduleId: WEEKLY_REPORT_SCHEDULE_ID, spec, action, policies: { catchupWindow: '1 day' } });
    log.info('weekly leakage report scheduled', { cron: s.cron, timezone: s.timezone });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  // Already there: bring it in line with this deployment's settings (cheap, and idempotent).
  await client.schedule.getHandle(WEEKLY_REPORT_SCHEDULE_ID).update((prev) => ({ ...prev, spec, action }));
  log.debug('weekly leakage report schedule brought up to date', { cron: s.cron, timezone: s.timezone });
  return 'updated';
}
