/**
 * Payer-behaviour alerts become work (issue #16, item 5), on the dev server with the product's worker: the
 * weekly report finds a payer that started denying CO-197 at six times its rate and opens one payer-issue
 * task (also when run again), with the evidence (counts, dollars, example denials by reference) and its PDF;
 * a supervisor escalates it exactly once, also when the same click arrives twice; a specialist cannot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/policy/dates';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { payerIssueViewQuery, resolvePayerIssueUpdate } from '../../workflows/payer-issue-messages';
import type { leakageReportWorkflow } from '../../workflows/leakage-report';
import { seedPayerShift } from '../fixtures/ledger';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { createPayerIssueGateway } from '../../client/web/work/payer-issue-gateway';

const WEEK = '2026-03-02'; // a Monday
const ISSUE = `payer-issue-AETNA-CO-197-${WEEK}`;

describe('payer-issue tasks from the weekly report', () => {
  let dev: DevEnv;

  beforeAll(async () => {
    dev = await startDevEnv();
    const ledger = openConfiguredLedger(dev.config);
    try {
      await seedPayerShift(ledger, WEEK);
    } finally {
      await ledger.close();
    }
  });

  afterAll(async () => {
    await dev?.teardown();
  });

  const weeklyReport = (id: string) =>
    dev.client.workflow.execute<typeof leakageReportWorkflow>('leakageReportWorkflow', {
      workflowId: id,
      taskQueue: dev.config.TEMPORAL_TASK_QUEUE,
      args: [{ from: WEEK, to: addDays(WEEK, 6), mail: false }],
    });

  it('opens one task per alert with its evidence and PDF, however often the report runs', async () => {
    expect((await weeklyReport('report-1')).payerIssuesOpened).toEqual([ISSUE]);
    expect((await weeklyReport('report-2')).payerIssuesOpened).toEqual([]);

    const handle = dev.client.workflow.getHandle(ISSUE);
    await expect.poll(async () => (await handle.query(payerIssueViewQuery)).status, { timeout: 30_000 }).toBe('open');
    const view = await handle.query(payerIssueViewQuery);
    expect(view.problem).toBeNull();
    expect(view.alert).toMatchObject({ payerId: 'AETNA', code: 'CO-197', week: WEEK, denials: 24, claims: 400, baselineDenials: 48, baselineClaims: 4800 });
    // The week's 24 CO-197 denials, 10 largest shown, by reference only.
    expect(view.evidence!.denials).toBe(24);
    expect(view.evidence!.atRiskCents).toBeGreaterThan(24 * 10_000);
    expect(view.evidence!.examples).toHaveLength(10);
    expect(view.evidence!.examples.map((x) => x.atRiskCents)).toEqual([...view.evidence!.examples.map((x) => x.atRiskCents)].sort((a, b) => b - a));
    for (const x of view.evidence!.examples) expect(x.reference).toMatch(/^D-[0-9A-F]{5}-[0-9A-F]{5}$/);

    const file = path.join(dev.config.dataDir, 'reports', view.evidenceFile!.name);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const pdf = await PDFDocument.load(fs.readFileSync(file));
    expect(pdf.getPageCount()).toBe(view.evidenceFile!.pages);
    expect(pdf.getTitle()).toBe(`Denial pattern: AETNA CO-197, week of ${WEEK}`);

    // The supervisors are told once, with the evidence attached and a link to the issue's page.
    const outbox = path.join(dev.config.dataDir, 'outbox');
    const mails = fs.readdirSync(outbox).filter((f) => f.startsWith('payer-issue-opened-'));
    expect(mails).toHaveLength(1);
    const mail = fs.readFileSync(path.join(outbox, mails[0]!), 'utf8');
    expect(mail).toMatch(/^Subject: \[Denials\] Payer issue: AETNA CO-197, week of March 2, 2026/m);
    expect(mail).toMatch(/^To: supervisors@denials\.localhost/m);
    expect(mail).toContain(`/payer-issues/${ISSUE}`);
    expect(mail).toMatch(new RegExp(`Content-Type: application/pdf;\\s+name=${ISSUE}\\.pdf`));
  });

  it('a supervisor escalates it exactly once; a specialist, a stale page and a second click are refused', async () => {
    const handle = dev.client.workflow.getHandle(ISSUE);
    const v = await handle.query(payerIssueViewQuery);
    const cmd = { taskId: v.taskId, version: v.version, action: 'escalated' as const, payerReference: 'PR-55121', reason: 'Sent to provider relations with the evidence' };

    // The validator's reason is the cause of the Update's failure.
    const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (err: { cause?: { message?: string } }) => err.cause?.message ?? String(err));
    expect(await refusal(handle.executeUpdate(resolvePayerIssueUpdate, { args: [{ ...cmd, actor: { id: 'ar.alex', role: 'ar_specialist' } }] }))).toMatch(/resolved by a supervisor, not by ar_specialist/);
    const { payerReference: _, ...withoutReference } = cmd;
    expect(await refusal(handle.executeUpdate(resolvePayerIssueUpdate, { args: [{ ...withoutReference, actor: { id: 'sup.sam', role: 'supervisor' } }] }))).toMatch(/payerReference: an escalation names the payer's ticket/);

    // Two identical clicks through the web app's gateway: one resolves it, the other is told who did,
    // whether it reached the workflow's validator or the workflow had already ended.
    const gateway = createPayerIssueGateway(dev.client, path.join(dev.config.dataDir, 'reports'));
    const twice = await Promise.all([0, 1].map(() => gateway.resolve(ISSUE, { ...cmd, actor: { id: 'sup.sam', role: 'supervisor' } })));
    expect(twice.filter((r) => r.ok)).toHaveLength(1);
    expect(twice.find((r) => !r.ok)).toEqual({ ok: false, rejection: expect.stringMatching(/already escalated by sup\.sam/) });

    const done = await handle.result();
    expect(done).toMatchObject({ status: 'escalated', resolution: { action: 'escalated', by: 'sup.sam', payerReference: 'PR-55121' } });
  });
});
