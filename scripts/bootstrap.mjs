#!/usr/bin/env node
// Runs before `npm start` and `npm test` with nothing but Node itself, so that one command works on a
// fresh clone: install the npm dependencies when they are missing or stale, then build the Temporal
// toolchain (cached by version in the user's cache directory) where the embedded server or the tests need
// it, and with `--build` (npm start) compile the product to lib/ when a source changed since the last build.
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

const build = process.argv.includes('--build');
const setupArgs = process.argv.slice(2).filter((a) => a !== '--build');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
// A deployment that joins a cluster runs the compiled build and needs neither the dev server nor tsx.
const embedded = !process.env.TEMPORAL_ADDRESS;

if (stale()) {
  // npm ci's postinstall runs the toolchain setup: no second run needed.
  console.log('Installing npm dependencies (npm ci)…');
  runOrExit('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
} else if (embedded || !build) {
  if (!fs.existsSync(tsx)) {
    console.error('The embedded Temporal server and the tests need the dev dependencies: run `npm ci` (without --omit=dev), or set TEMPORAL_ADDRESS to join a cluster.');
    process.exit(1);
  }
  // Idempotent and quick once the tools are cached; builds them on a machine that has none.
  runOrExit(tsx, [path.join(root, 'worker', 'toolchain', 'setup.ts'), ...setupArgs], 'Toolchain setup');
}

if (build) {
  runOrExit(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], 'The build');
}
