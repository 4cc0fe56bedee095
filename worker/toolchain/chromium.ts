/**
 * Chromium for the browser tests: Debian's `chromium` package, driven by playwright-core (which never
 * downloads its own browsers here). Setup installs it when it may (root, apt-get); otherwise the browser
 * tests are skipped, and setup says so in one line without failing.
 */
import fs from 'node:fs';
import { aptInstall, aptUnavailable } from './apt';
import type { Log } from './run';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when Chromium is installed. */
export function chromiumMissing(): string | undefined {
  if (fs.existsSync(CHROMIUM_PATH)) return undefined;
  const why = aptUnavailable();
  const fix = why ? `${why}; install it with \`sudo apt-get install chromium\`` : 'run `npm run setup -- --chromium` to install it';
  return `Chromium is not installed (no ${CHROMIUM_PATH}): ${fix}`;
}

/** The browser's path, or undefined when the browser tests will be skipped (the log says why). */
export async function ensureChromium(log: Log): Promise<string | undefined> {
  if (fs.existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const why = aptUnavailable();
  if (why) {
    log(`Browser tests will be skipped: Chromium is not installed and ${why} (install it with \`sudo apt-get install chromium\`).`);
    return undefined;
  }
  log('Installing Chromium for the browser tests (apt-get install chromium)…');
  const started = Date.now();
  try {
    await aptInstall('chromium', log);
  } catch (err) {
    log(`Browser tests will be skipped: ${(err as Error).message}`);
    return undefined;
  }
  const ready = fs.existsSync(CHROMIUM_PATH);
  log(ready ? `  Chromium ready in ${Math.round((Date.now() - started) / 1000)}s: ${CHROMIUM_PATH}` : `Browser tests will be skipped: the install left no ${CHROMIUM_PATH}.`);
  return ready ? CHROMIUM_PATH : undefined;
}
