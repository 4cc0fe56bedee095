/**
 * A payer alert becomes a supervisor's task in the browser (issue #16, item 5), headless Chromium against
 * the web app on a dev server with the real worker: the weekly report opens the payer issue, the dashboard's
 * alert links to it, its page shows the change, the dollars, example denials and the evidence PDF, and the
 * supervisor escalates it (a missing payer reference is explained, with what was typed kept). A specialist
 * cannot open it.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebApp } from '../../client/web/app';
import { addDays } from '../../domain/policy/dates';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import type { leakageReportWorkflow } from '../../workflows/leakage-report';
import { seedPayerShift } from '../fixtures/ledger';
import { browserUnavailable, launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import type { DevEnv } from '../support/dev-env';
import { startWorkApp } from './support/work-app';

const WEEK = '2026-03-02';
const ISSUE = `payer-issue-AETNA-CO-197-${WEEK}`;
const missing = browserUnavailable();

describe.skipIf(missing !== undefined)('a payer issue in Chromium', () => {
  let dev: DevEnv;
  let app: WebApp;
  let base: string;
  let closeApp: () => Promise<void>;
  let browser: TestBrowser;

  beforeAll(async () => {
    const w = await startWorkApp();
    ({ dev, app, base } = w);
    closeApp = w.close;
    await app.identity.accounts.add({ id: 'sam', displayName: 'Sam Lee', role: 'supervisor', team: 'ar_follow_up', password: 'sam-test-password' });
    await app.identity.accounts.add({ id: 'ar.alex', displayName: 'Alex Rivera', role: 'ar_specialist', team: 'ar_follow_up', password: 'alex-test-password' });
    const ledger = openConfiguredLedger(dev.config);
    try {
      await seedPayerShift(ledger, WEEK);
    } finally {
      await ledger.close();
    }
    const report = await dev.client.workflow.execute<typeof leakageReportWorkflow>('leakageReportWorkflow', {
      workflowId: 'weekly-report-payer-issue',
      taskQueue: dev.config.TEMPORAL_TASK_QUEUE,
      args: [{ from: WEEK, to: addDays(WEEK, 6), mail: false }],
    });
    expect(report.payerIssuesOpened).toEqual([ISSUE]);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await closeApp?.();
  });

  const signInAs = async (id: string, password: string, next: string) => {
    const context = await browser.context.browser()!.newContext();
    const p = await context.newPage();
    await p.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    await p.fill('#userId', id);
    await p.fill('#password', password);
    await Promise.all([p.waitForURL(`${base}${next}**`), p.click('button[type=submit]')]);
    return { p, context };
  };

  it('from the dashboard alert to an escalation with the evidence PDF', async () => {
    const { p, context } = await signInAs('sam', 'sam-test-password', `/dashboard?from=${WEEK}&to=${addDays(WEEK, 6)}`);
    try {
      const alert = p.locator('section.payer-shifts li[data-payer="AETNA"][data-code="CO-197"]');
      expect(await alert.textContent()).toMatch(/24 of 400 claims \(6\.0%\)/);
      await Promise.all([p.waitForURL(new RegExp(`/payer-issues/${ISSUE}$`)), alert.locator('a', { hasText: 'Payer issue' }).click()]);
      await p.locator('[data-testid=issue-status]', { hasText: 'Open' }).waitFor({ timeout: 30_000 });
      expect(await p.textContent('[data-testid=issue-code]')).toBe('AETNA CO-197');
      expect(await p.textContent('[data-testid=issue-money]')).toMatch(/^\$[\d,]+\.\d\d on 24 denials$/);
      expect(await p.locator('table tbody tr').count()).toBe(10);

      const pdf = await p.request.get(`${base}/payer-issues/${ISSUE}/evidence.pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await PDFDocument.load(await pdf.body())).getTitle()).toBe(`Denial pattern: AETNA CO-197, week of ${WEEK}`);

      // An escalation without the payer's reference is explained; what was typed stays.
      await p.fill('#f-reason', 'Sent to provider relations with the evidence');
      await p.click('form.action button[type=submit]');
      expect(await p.textContent('form.action p.error')).toMatch(/an escalation names the payer's ticket or case number/);
      expect(await p.inputValue('#f-reason')).toBe('Sent to provider relations with the evidence');
      await screenshot(p, 'payer-issue');
      await p.fill('#f-ref', 'PR-55121');
      await Promise.all([p.waitForURL(/done=/), p.click('form.action button[type=submit]')]);
      expect(await p.textContent('.flash.ok')).toContain('Escalated to the payer.');
      expect(await p.textContent('[data-testid=issue-resolution]')).toMatch(/^Escalated by sam on \d{4}-\d\d-\d\d · payer reference PR-55121: Sent to provider relations/);
      expect(await p.locator('form.action').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('a specialist cannot open it', async () => {
    const { p, context } = await signInAs('ar.alex', 'alex-test-password', '/worklist');
    try {
      const res = await p.goto(`${base}/payer-issues/${ISSUE}`);
      expect(res?.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
