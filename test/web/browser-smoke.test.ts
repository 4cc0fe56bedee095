// The browser test setup itself: Debian's Chromium launched headless through playwright-core, a page served
// over loopback, a click that changes the DOM, and a full-page screenshot kept under test-output/.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, screenshot, type TestBrowser } from '../support/browser';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Browser smoke test</title></head>
<body>
  <h1>Denial worklist</h1>
  <p id="status">1 task open</p>
  <button id="complete" type="button">Complete task</button>
  <script>
    document.getElementById('complete').addEventListener('click', () => {
      document.getElementById('status').textContent = 'Task completed';
    });
  </script>
</body>
</html>`;

function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

const missing = browserUnavailable();
if (missing) console.log(`Skipping the browser tests: ${missing}.`);

describe.skipIf(missing !== undefined)('browser tests in headless Chromium', () => {
  let browser: TestBrowser;
  let site: Awaited<ReturnType<typeof servePage>>;

  beforeAll(async () => {
    [browser, site] = await Promise.all([launchBrowser(), servePage()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
  });

  it('loads a page from loopback, clicks a button, sees the page change, and keeps a screenshot', async () => {
    const { page } = browser;
    await page.goto(site.url);
    expect(await page.title()).toBe('Browser smoke test');
    expect(await page.textContent('#status')).toBe('1 task open');

    await page.click('#complete');
    await page.locator('#status', { hasText: 'Task completed' }).waitFor();

    const file = await screenshot(page, 'browser-smoke');
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    // A PNG, not an error page saved under that name.
    expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });
});
