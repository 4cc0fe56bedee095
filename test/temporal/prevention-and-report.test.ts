/**
 * On the dev server with the product's own worker (real activities: ledger, outbox mail, reports):
 * a prevention workflow continues as new and keeps its counts, escalates a burst to supervisors, the
 * prevention CLI records a control through the Update; the weekly report Schedule is created, kept in
 * line with the settings, and when triggered mails the report with its PDF.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWeeklyReportSchedule, WEEKLY_REPORT_SCHEDULE_ID } from '../../client/schedules/weekly-report';
import { defectReportFor } from '../../domain/prevention/defect-report';
import type { DefectReport } from '../../domain/prevention/prevention-state';
import { createLogger } from '../../runtime/log';
import { defectObservedSignal, preventionViewQuery, type PreventionView } from '../../workflows/prevention-messages';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { runCli } from '../support/cli';
import { eventually } from '../support/eventually';

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli('prevention.ts', args, env);

describe('prevention workflow and weekly report on the dev server', () => {
  let dev: DevEnv;
  let env: NodeJS.ProcessEnv;
  const outbox = () => path.join(dev.config.dataDir, 'outbox');
  const outboxFiles = (prefix: string) => (fs.existsSync(outbox()) ? fs.readdirSync(outbox()).filter((f) => f.startsWith(prefix)) : []);

  const report = (n: number): DefectReport => {
    const r = defectReportFor({
      workflowId: `denial-cafe${String(n).padStart(8, '0')}`,
      rootCause: 'duplicate_billing',
      ownerTeam: 'billing_edits',
      category: 'duplicate',
      payerId: '04412',
      amountCents: 10_000 + n,
      remitDate: new Date().toISOString().slice(0, 10),
      codes: ['OA-18'],
    })!;
    // A small run and an early threshold, so the test sees both continue-as-new and escalation.
    return { ...r, escalation: { occurrences: 3, windowDays: 30 } };
  };

  beforeAll(async () => {
    dev = await startDevEnv();
    env = { TEMPORAL_ADDRESS: dev.config.TEMPORAL_ADDRESS, CODEC_KEYS: dev.config.CODEC_KEYS, DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY, DATA_DIR: dev.config.dataDir, DATABASE_URL: '' };
  });

  afterAll(async () => {
    await dev?.teardown();
  });

  it('continues as new after its run limit without losing a count, and escalates a burst once', async () => {
    const first = report(1);
    const id = first.key.id;
    for (let n = 1; n <= 5; n++) {
      const r = report(n);
      await dev.client.workflow.signalWithStart('preventionWorkflow', {
        workflowId: id,
        taskQueue: dev.config.TEMPORAL_TASK_QUEUE,
        args: [{ key: r.key, control: r.control, escalation: r.escalation, maxOccurrencesPerRun: 2 }],
        signal: defectObservedSignal,
        signalArgs: [r.occurrence],
      });
    }
    // A retried report of the same denial counts once.
    await dev.client.workflow.getHandle(id).signal(defectObservedSignal, report(5).occurrence);
    // The run that counted the fifth may still be the first: it continues as new right after.
    const view = await eventually('five occurrences, carried into a later run', async () => {
      const v = await dev.client.workflow.getHandle(id).query(preventionViewQuery);
      return v.occurrences === 5 && v.run >= 2 ? v : undefined;
    });
    expect(view.run).toBeGreaterThanOrEqual(2);
    expect(view).toMatchObject({ status: 'open', totalCents: 50_015, repeats: 0 });
    await eventually('the escalation mail', () => (outboxFiles('prevention-escalation-').length === 1 ? true : undefined));
    await eventually('the opened mail', () => (outboxFiles('prevention-task-opened-').length === 1 ? true : undefined));
    const tasks = await eventually('the board row', async () => {
      const res = await cli(['list', '--json'], env);
      const rows = JSON.parse(res.stdout) as { preventionId: string; occurrences: number; escalations: number }[];
      const row = rows.find((t) => t.preventionId === id);
      return row && row.occurrences === 5 ? row : undefined;
    });
    expect(tasks.escalations).toBe(1);
  });

  it('the prevention CLI shows the task and records a control through the Update; a second one is refused', async () => {
    const id = report(1).key.id;
    const shown = await cli(['show', id], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Leak point   #10 duplicate billing; control: duplicate edit');
    const recorded = await cli(['record-control', id, '--as', 'bea:supervisor', '--kind', 'claim_edit', '--what', 'Duplicate edit added to the scrubber for same DOS and CPT', '--json'], env);
    expect(recorded.code).toBe(0);
    const after = JSON.parse(recorded.stdout) as { ok: boolean; view: PreventionView };
    expect(after.view.status).toBe('control_in_place');
    const again = await cli(['record-control', id, '--as', 'bea:supervisor', '--kind', 'claim_edit', '--what', 'Duplicate edit added to the scrubber again'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^Refused: A control is already recorded/);
    const missing = await cli(['show', 'prevention-nothing-here'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No prevention task prevention-nothing-here/);
  });

  it('the weekly report Schedule is created once, kept up to date, and its run mails the PDF', async () => {
    const log = createLogger({ level: 'error' });
    const settings = { taskQueue: dev.config.TEMPORAL_TASK_QUEUE, cron: '0 7 * * 1', timezone: 'America/Chicago' };
    expect(await ensureWeeklyReportSchedule(dev.client, settings, log)).toBe('created');
    expect(await ensureWeeklyReportSchedule(dev.client, { ...settings, cron: '30 6 * * 1' }, log)).toBe('updated');
    const handle = dev.client.schedule.getHandle(WEEKLY_REPORT_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('America/Chicago');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });

    await handle.trigger();
    const eml = await eventually('the report mail in the outbox', () => outboxFiles('leakage-report-')[0]);
    const text = fs.readFileSync(path.join(outbox(), eml), 'utf8');
    expect(text).toMatch(/^Subject: \[Denials\] Weekly leakage report, /m);
    expect(text).toMatch(/^To: supervisors@denials\.localhost/m);
    expect(text).toMatch(/Content-Type: application\/pdf;\s+name=leakage-report-/);
    const pdfs = fs.readdirSync(path.join(dev.config.dataDir, 'reports')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    await handle.delete();
  });
});
