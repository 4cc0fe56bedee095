#!/usr/bin/env node
// Runs before `npm start` and `npm test` with nothing but Node itself, so that one command works on a
// fresh clone: install the npm dependencies when they are missing or stale, then build the Temporal
// toolchain (cached by version in the user's cache directory).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

function stale() {
  if (!fs.existsSync(installed)) return true;
  return fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs;
}

function runOrExit(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.error) {
    console.error(`${what} could not run \`${cmd}\`: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`${what} failed (exit ${r.status}); see the output above.`);
    process.exit(r.status ?? 1);
  }
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Node ${process.versions.node} is too old: install Node 20 or newer.`);
  process.exit(1);
}

if (stale()) {
  // npm ci's postinstall runs the toolchain setup: no second run needed.
  console.log('Installing npm dependencies (npm ci)…');
  runOrExit('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
} else {
  // Idempotent and quick once the tools are cached; builds them on a machine that has none.
  runOrExit(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'worker', 'toolchain', 'setup.ts'), ...process.argv.slice(2)], 'Toolchain setup');
}
