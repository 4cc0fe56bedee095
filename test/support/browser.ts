/**
 * Headless Chromium for the browser tests: Debian's `/usr/bin/chromium` (installed by the toolchain
 * setup), driven by playwright-core, which never downloads a browser of its own here. Each launch gets a
 * fresh profile in a temp folder, removed on close, so no test sees another's cookies or storage.
 * `browserUnavailable` says why a test must be skipped; `screenshot` keeps a page for a reviewer under
 * test-output/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumMissing } from '../../worker/toolchain/chromium';
import { repoRoot } from './launcher';

export const SCREENSHOTS_DIR = path.join(repoRoot, 'test-output', 'screenshots');

/** Quiet and offline: no GPU, no QUIC, no first-run pages, no background updates or sync phoning home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  /** The first tab, open from the start. */
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Why the browser tests cannot run here (for `describe.skipIf` and its message), or undefined. */
export function browserUnavailable(): string | undefined {
  return chromiumMissing();
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  try {
    // launchPersistentContext is how playwright takes a --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        try {
          await context.close();
        } finally {
          fs.rmSync(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

/** Saves the whole page (not only the viewport) as test-output/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
