#!/usr/bin/env node
// npm's postinstall: builds the Temporal toolchain (the dev server, the test server) when the dev
// dependencies are installed. A production install (`npm ci --omit=dev`) runs the compiled build against a
// cluster and needs neither, so it skips the toolchain and says so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
if (!fs.existsSync(tsx)) {
  console.log('Production install: the Temporal toolchain (embedded dev server, test server) is not built.');
  process.exit(0);
}
const r = spawnSync(tsx, [path.join(root, 'worker', 'toolchain', 'setup.ts')], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
