// Issue #12, Content-Security-Policy: every page says script-src 'self', so script that an injection
// slips into a page does not run in the browser, while the app's own files (/assets/…) still load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startProductApp } from '../web/support/test-app';

const missing = browserUnavailable();
if (missing) console.log(`Skipping the CSP browser test: ${missing}.`);

describe.skipIf(missing !== undefined)('content security policy in Chromium', () => {
  let product: Awaited<ReturnType<typeof startProductApp>>;
  let browser: TestBrowser;

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProductApp(fs.mkdtempSync(path.join(os.tmpdir(), 'csp-'))), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), product?.close()]);
  });

  it('an injected inline script is refused; the page’s own script and styles load', async () => {
    const { page } = browser;
    const refused: string[] = [];
    page.on('console', (m) => void (m.text().includes('Content Security Policy') && refused.push(m.text())));
    const assets: string[] = [];
    page.on('response', (r) => void (new URL(r.url()).pathname.startsWith('/assets/') && r.status() === 200 && assets.push(new URL(r.url()).pathname)));

    const res = await page.goto(`${product.base}/login`);
    expect(res!.headers()['content-security-policy']).toMatch(/(^|; )script-src 'self'(;|$)/);
    await page.waitForLoadState('load');
    expect(assets.sort()).toEqual(['/assets/app.css', '/assets/app.js']);
    expect(refused).toEqual([]);

    // What an HTML injection would add: it must not run.
    // (Page code as strings: the tests compile without the DOM library.)
    const ran = await page.evaluate(`(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 50));
      return window.__injected === true;
    })()`);
    expect(ran).toBe(false);
    expect(refused.length).toBeGreaterThan(0);

    // The status page keeps its look without inline styles.
    await page.goto(`${product.base}/status`);
    const badge = await page.locator('[data-testid=status]').evaluate('(el) => getComputedStyle(el).backgroundColor');
    expect(badge).not.toBe('rgba(0, 0, 0, 0)');
    await screenshot(page, 'security-status-page');
  });
});
