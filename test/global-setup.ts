// Builds (or finds in the cache) the real Temporal servers, and finds or installs PostgreSQL and Chromium, before any test starts them.
// Brings lib/ up to date once, so tests that run the compiled product in parallel never build it at the same time.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { setupToolchain } from '../worker/toolchain/setup';

export default async function setup(): Promise<void> {
  await setupToolchain({ log: (line) => console.log(line), postgres: true, chromium: true, openssh: true });
  const root = path.resolve(__dirname, '..');
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error('The build of lib/ failed (node scripts/build.mjs): see above.');
}
