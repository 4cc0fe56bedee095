// The denial workflow with the deployment's real activities: mail over SMTP to a real server on loopback,
// the appeal packet rendered with pdf-lib into the document store, the ledger in SQLite.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { isSealed } from '../../runtime/at-rest/sealed-bytes';
import { readOpenedFile } from '../../runtime/at-rest/sealed-files';
import { loadConfig, type Config } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { realActivities } from '../../worker/activities';
import type { denialWorkflow } from '../../workflows/denial';
import { approvePacketUpdate, denialViewQuery, type DenialView } from '../../workflows/denial-messages';
import { caseFrom, daysFromNow, remittance835 } from '../fixtures/remittances';
import { TASK_QUEUE, timeSkippingEnv, workflowsPath } from '../support/lifecycle-env';
import { startSmtp } from '../support/smtp';

describe('denial workflow, real activities (time-skipping server, SMTP on loopback)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let dataDir: string;
  let config: Config;
  let close: () => Promise<void>;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    smtp = await startSmtp();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-real-'));
    config = loadConfig({ DATA_DIR: dataDir, SMTP_URL: smtp.url, PUBLIC_URL: 'https://denials.test.example', LOG_LEVEL: 'error' });
    const real = realActivities(config, createLogger({ level: 'error' }), env.client);
    close = real.close;
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE, workflowsPath, activities: real.activities, maxCachedWorkflows: 100, stickyQueueScheduleToStartTimeout: '1s' });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await close?.();
    await smtp?.close();
    await env?.teardown();
  });

  async function start(remitDaysAgo: number): Promise<WorkflowHandle<typeof denialWorkflow>> {
    const now = await env.currentTimeMs();
    const text = remittance835({
      remitDate: daysFromNow(-remitDaysAgo, now),
      claims: [{ status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-30, now), adjustments: [['CO', '50', 240]], remarks: ['N115'] }],
    });
    const workflowId = `denial-real-${crypto.randomUUID()}`;
    return env.client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ denial: caseFrom(text), eventKey: `start-${workflowId}`, patient: { name: 'DOE, JANE', memberId: '1EG4TE5MK72' } }],
    });
  }

  async function taskOf(handle: WorkflowHandle, kind: string): Promise<DenialView> {
    await expect.poll(async () => (await handle.query(denialViewQuery)).task?.kind, { timeout: 15_000 }).toBe(kind);
    return handle.query(denialViewQuery);
  }

  it('breach after 120 days: reminders and escalation arrive over SMTP, without PHI, and the loss is recorded', async () => {
    const handle = await start(1);
    await taskOf(handle, 'prepare_appeal');
    expect(await handle.result()).toMatchObject({ resolution: 'timely_filing_loss', lostCents: 24000 });
    const mails = smtp.received.filter((m) => m.body.includes(handle.workflowId));
    expect(mails.length).toBe(7);
    const subjects = mails.map((m) => m.headers.subject).join('\n');
    expect(subjects).toMatch(/reminder|days left/i);
    const escalations = mails.filter((m) => m.to.includes('supervisors@denials.localhost'));
    expect(escalations.length).toBeGreaterThanOrEqual(2); // the T-7 escalation and the breach
    for (const m of mails) {
      expect(m.raw).not.toMatch(/DOE|JANE|1EG4TE5MK72|ACCT-1001/);
      expect(m.body).not.toMatch(/DOE|JANE|1EG4TE5MK72|ACCT-1001/);
      expect(m.body).toContain(`https://denials.test.example/denials/${handle.workflowId}`);
    }
  });

  it('renders the appeal packet with pdf-lib into the document store, referenced by sha256', async () => {
    const handle = await start(3);
    const v = await taskOf(handle, 'prepare_appeal');
    const result = await handle.executeUpdate(approvePacketUpdate, {
      args: [{ taskId: v.task!.id, version: v.version, actor: { id: 'ar.alex', role: 'ar_specialist' }, argument: 'The progress notes document the failed conservative therapy the LCD requires.' }],
    });
    // An Update answers with the new version, stage and task only; the rest is the view's.
    expect(result).toEqual({ version: expect.any(Number), stage: 'packet_ready', taskId: expect.stringMatching(/^record_submission-/) });
    const after = await handle.query(denialViewQuery);
    const ref = after.packet!.ref;
    const file = path.join(dataDir, 'documents', ref.sha256.slice(0, 2), ref.sha256);
    // On disk the packet is sealed with the deployment's key ring; the PDF is what it opens to.
    expect(isSealed(fs.readFileSync(file))).toBe(true);
    const bytes = readOpenedFile(file, deploymentKeyring(config));
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(ref.sha256);
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(after.packet!.pages);
    expect(after.packet!.pages).toBeGreaterThanOrEqual(3);
    // the PDF itself is outside history: only its reference went through the workflow
    const events = (await handle.fetchHistory()).events ?? [];
    const results = events.flatMap((e) => e.activityTaskCompletedEventAttributes?.result?.payloads ?? []);
    const largest = Math.max(...results.map((p) => p.data?.length ?? 0));
    expect(largest).toBeLessThan(1000);
    expect(bytes.length).toBeGreaterThan(5000);
    await handle.terminate('test done');
  });
});
