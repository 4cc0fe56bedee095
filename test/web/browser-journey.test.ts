/**
 * The web app in headless Chromium against the dev server and the product's worker: an AR specialist
 * signs in, filters the worklist, works a denial to a submitted appeal (seeing a validation message and a
 * stale-page rejection explained on the way), and a supervisor opens the dashboard with its charts.
 * Screenshots of each page go to test-output/screenshots/ for a reviewer.
 */
import { PDFDocument } from 'pdf-lib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebApp } from '../../client/web/app';
import { NextDeadline } from '../../workflows/search-attributes';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { daysFromNow } from '../fixtures/remittances';
import { browserUnavailable, launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import type { DevEnv } from '../support/dev-env';
import { ingestClaims, startWorkApp } from './support/work-app';
import { eventually } from '../support/eventually';

/** The element's text once it is there (Playwright's own matchers are not vitest's). */
async function text(l: Locator): Promise<string> {
  await l.first().waitFor({ timeout: 20_000 });
  return l.first().innerText();
}

const missing = browserUnavailable();
if (missing) console.log(`browser journey skipped: ${missing}`);

describe.skipIf(missing !== undefined)('the web app in Chromium', () => {
  let dev: DevEnv;
  let app: WebApp;
  let base: string;
  let closeApp: () => Promise<void>;
  let browser: TestBrowser;
  let page: Page;
  const ids: { appeal?: string; corrected?: string } = {};

  beforeAll(async () => {
    const w = await startWorkApp();
    ({ dev, app, base } = w);
    closeApp = w.close;
    await app.identity.accounts.add({ id: 'ar.alex', displayName: 'Alex Rivera', role: 'ar_specialist', team: 'ar_follow_up', password: 'alex-test-password' });
    await app.identity.accounts.add({ id: 'sam', displayName: 'Sam Lee', role: 'supervisor', team: 'ar_follow_up', password: 'sam-test-password' });
    const report = await ingestClaims(w, 'demo.835', [
      { account: 'B-1', icn: 'ICN-B-1', status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-40), adjustments: [['CO', '50', 240]], remarks: ['N115'] },
      { account: 'B-2', icn: 'ICN-B-2', status: '4', charge: 180, paid: 0, serviceDate: daysFromNow(-40), adjustments: [['CO', '4', 180]] },
      { account: 'B-3', icn: 'ICN-B-3', status: '1', charge: 100, paid: 80, serviceDate: daysFromNow(-40), adjustments: [['CO', '45', 20]] },
    ]);
    ids.appeal = report.claims.find((c) => c.clp01 === 'B-1')!.workflowId!;
    ids.corrected = report.claims.find((c) => c.clp01 === 'B-2')!.workflowId!;
    const ledger = openConfiguredLedger(dev.config);
    try {
      await eventually('the tasks in the worklist', async () => {
        const { rows } = await ledger.worklist({ workTeam: 'ar_follow_up' });
        return rows.length === 2 && rows.every((r) => r.taskKind) ? true : undefined;
      });
    } finally {
      await ledger.close();
    }
    browser = await launchBrowser();
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await closeApp?.();
  });

  async function signInAs(p: Page, id: string, password: string, next = '/worklist') {
    await p.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    await p.fill('#userId', id);
    await p.fill('#password', password);
    await Promise.all([p.waitForURL(`${base}${next}**`), p.click('button[type=submit]')]);
  }

  it('signs in and filters the worklist', async () => {
    await page.goto(`${base}/login?next=/worklist`);
    await page.fill('#userId', 'ar.alex');
    await page.fill('#password', 'wrong-password');
    await page.click('button[type=submit]');
    expect(await text(page.locator('#login-error'))).toMatch(/.+/);
    await screenshot(page, '01-sign-in-error');
    await signInAs(page, 'ar.alex', 'alex-test-password', '/worklist?scope=team');
    expect(await page.locator('table.worklist tbody tr').count()).toBe(2);
    // A specialist's worklist opens on best next (#16): expected value, the urgent first.
    expect(await text(page.locator('p.count'))).toContain('sorted by expected value per hour of work, those due within 7 days first');
    await screenshot(page, '02-worklist');
    // The sort control still offers deadlines.
    await page.selectOption('select[name=sort]', 'deadline');
    await Promise.all([page.waitForURL(/sort=deadline/), page.click('form.filters button[type=submit]')]);
    expect(await text(page.locator('p.count'))).toContain('sorted by deadline');
    await screenshot(page, '02b-worklist-by-deadline');
    await page.selectOption('select[name=category]', 'medical_necessity');
    await Promise.all([page.waitForURL(/category=medical_necessity/), page.click('form.filters button[type=submit]')]);
    expect(await page.locator('table.worklist tbody tr').count()).toBe(1);
    expect(await text(page.locator('p.count'))).toContain('1–1 of 1');
    await screenshot(page, '03-worklist-filtered');
    // Every row names its patient, account and dates of service (#16)…
    expect(await text(page.locator('table.worklist tbody tr td.subject'))).toMatch(/DOE, JANE\s+acct B-1 · DOS \d{4}-\d{2}-\d{2}/);
    // …and the search finds a denial by patient and account (every word must match), or by its reference.
    await page.fill('input[name=q]', 'doe b-2');
    await page.selectOption('select[name=category]', '');
    await Promise.all([page.waitForURL(/q=doe\+b-2/), page.click('form.filters button[type=submit]')]);
    expect(await page.locator('table.worklist tbody tr').count()).toBe(1);
    expect(await text(page.locator('table.worklist tbody tr td.subject'))).toContain('acct B-2');
    expect(await text(page.locator('p.muted'))).toContain('Showing matches for “doe b-2”');
    await screenshot(page, '03b-worklist-search');
    const reference = await text(page.locator(`table.worklist tbody tr a[href="/denials/${ids.corrected}"]`));
    expect(reference).toMatch(/^D-[0-9A-F]{5}-[0-9A-F]{5}$/);
    await page.fill('input[name=q]', reference);
    await Promise.all([page.waitForURL(/q=D-/), page.click('form.filters button[type=submit]')]);
    expect(await page.locator('table.worklist tbody tr').count()).toBe(1);
    // Back to the appeal, where the next step works.
    await page.fill('input[name=q]', 'doe b-1');
    await Promise.all([page.waitForURL(/q=doe\+b-1/), page.click('form.filters button[type=submit]')]);
    expect(await page.locator(`table.worklist tbody tr a[href="/denials/${ids.appeal}"]`).count()).toBe(1);
  });

  it('works a denial to a submitted appeal, with a validation message shown inline', async () => {
    await page.click(`a[href="/denials/${ids.appeal}"]`);
    expect(await text(page.locator('h2#task-h'))).toBe('Current task');
    expect(await text(page.locator('section.task'))).toContain('Attach the supporting documents and approve the appeal packet');
    expect(await text(page.locator('table.codes'))).toContain('Not medically necessary');
    // Whom and what it is for, so the chart can be pulled and the payer called (#16).
    expect(await text(page.locator('[data-testid=patient]'))).toMatch(/DOE.* · account .+ · member 1EG4TE5MK72/);
    await screenshot(page, '04-task-page');
    // Upload the progress note (a real PDF) through the page's upload form.
    const note = await PDFDocument.create();
    note.addPage().drawText('Progress note: medically necessary because ...');
    await page.setInputFiles('#f-file', { name: 'progress-note.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await note.save()) });
    await page.fill('#f-desc', 'Progress note');
    await Promise.all([page.waitForEvent('load'), page.click('form.upload button[type=submit]')]);
    expect(await text(page.locator('section[aria-labelledby=docs-h] ul'))).toContain('progress-note.pdf');
    await page.fill('#f-argument', 'The progress note documents why the visit was medically necessary.');
    await Promise.all([page.waitForURL(/done=/), page.click('form[action$="/act/approve-packet"] button[type=submit]')]);
    expect(await text(page.locator('.flash.ok'))).toContain('approve packet');
    expect(await text(page.locator('section.task'))).toContain('Record the submission');
    const before = await dev.client.workflow.getHandle(ids.appeal!).describe();
    expect(before.typedSearchAttributes.get(NextDeadline)).toBeInstanceOf(Date);
    // Spaces pass the browser's "required" but not the workflow's validator: its message comes back inline.
    await page.fill('#f-reference', '   ');
    await page.click('form[action$="/act/record-submission"] button[type=submit]');
    expect(await text(page.locator('#problem-record-submission'))).toContain('give the confirmation or tracking number');
    await screenshot(page, '05-validation-error');
    await page.fill('#f-reference', 'PORTAL-CONF-20261126');
    await Promise.all([page.waitForURL(/done=/), page.click('form[action$="/act/record-submission"] button[type=submit]')]);
    // The Update returns once the task is done; the workflow then moves on to wait for the payer.
    const awaiting = await eventually('the denial awaiting the payer', async () => {
      await page.reload();
      const summary = await text(page.locator('section.summary'));
      return summary.includes('Awaiting payer') ? summary : undefined;
    }, 30_000);
    expect(awaiting).toContain('Awaiting payer');
    // No filing deadline runs once submitted: the search attribute worklists sort by is cleared too.
    const described = await dev.client.workflow.getHandle(ids.appeal!).describe();
    expect(described.typedSearchAttributes.get(NextDeadline)).toBeUndefined();
    expect(await text(page.locator('section.task'))).toContain("waiting for the payer's answer");
    await screenshot(page, '06-submitted');
  });

  it('explains a stale-task rejection when another tab changed the denial first', async () => {
    const other = await browser.context.newPage();
    await page.goto(`${base}/denials/${ids.corrected}`);
    await other.goto(`${base}/denials/${ids.corrected}`);
    await other.fill('#f-reassign-reason', 'Taking this one');
    await Promise.all([other.waitForURL(/done=/), other.click('form[action$="/act/reassign"] button[type=submit]')]);
    await page.fill('#f-argument', 'The modifier was right: see the operative note.');
    await page.click('form[action$="/act/approve-packet"] button[type=submit]');
    expect(await text(page.locator('#problem-approve-packet'))).toMatch(/Stale: the denial is at version \d+, your page showed version \d+\. Since then: .*reassigned/);
    // What the person typed is still there.
    expect(await page.locator('#f-argument').inputValue()).toBe('The modifier was right: see the operative note.');
    await screenshot(page, '07-stale-rejection');
    await other.close();
  });

  it('a supervisor sees the dashboard with its charts, each linking to its list', async () => {
    const supervisor = await browser.context.browser()!.newContext().catch(() => undefined);
    const p = supervisor ? await supervisor.newPage() : page;
    if (!supervisor) await p.context().clearCookies();
    await signInAs(p, 'sam', 'sam-test-password', '/dashboard');
    expect(await p.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(4);
    expect(await text(p.locator('section.kpis'))).toContain('Initial denial rate, by count');
    expect(await text(p.locator('section.kpis'))).toContain('66.7%');
    // Published reference figures beside ours, each with its source (issue #16).
    const idr = text(p.locator('section.benchmarks tr[data-benchmark="initial-denial-rate"]'));
    expect(await idr).toMatch(/Initial denial rate.*66\.7%.*11\.8%.*worse.*Kodiak Solutions/s);
    expect(await p.locator('section.benchmarks tr[data-benchmark="initial-denial-rate"] a').getAttribute('href')).toMatch(/^https:\/\//);
    expect(await text(p.locator('section.benchmarks tr[data-benchmark="denial-write-offs"]'))).toContain('no reliable public figure found');
    // Open work by expected-value band, every band shown, the two open denials among them.
    expect(await p.locator('section.value-bands tbody tr').count()).toBe(4);
    const counts = await p.locator('section.value-bands tbody tr td:nth-child(2)').allTextContents();
    expect(counts.reduce((n, c) => n + Number(c), 0)).toBe(2);
    await screenshot(p, '08-dashboard');
    await Promise.all([p.waitForURL(/\/worklist\?.*category=medical_necessity/), p.click('figure.chart a[href*="category=medical_necessity"]')]);
    await screenshot(p, '09-dashboard-drilldown');
    // The youngest aging bucket opens the open denials remitted in those 30 days: both, one awaiting the payer.
    await p.goBack();
    await Promise.all([p.waitForURL(/remittedTo=/), p.click('figure.chart a[href*="sort=dollars"][href*="remittedFrom"]')]);
    expect(await text(p.locator('p.count'))).toContain('1–2 of 2');
    await screenshot(p, '10-aging-drilldown');
    // The prevention board and one task, where the owning team records its control.
    await p.goto(`${base}/prevention`);
    expect(await p.locator('table.worklist tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(p, '11-prevention-board');
    await Promise.all([p.waitForURL(/\/prevention\/prevention-/), p.click('table.worklist tbody tr a >> nth=0')]);
    await p.fill('#f-what', 'short');
    await p.click('form[action$="/control"] button[type=submit]');
    expect(await text(p.locator('form.action p.error'))).toMatch(/what: say what was done/);
    await p.fill('#f-what', 'Necessity checklist added to the visit template for LCD-driven services');
    await Promise.all([p.waitForURL(/done=/), p.click('form[action$="/control"] button[type=submit]')]);
    expect(await text(p.locator('.flash.ok'))).toContain('Control recorded');
    await screenshot(p, '12-prevention-task');
    await supervisor?.close();
  });
});
