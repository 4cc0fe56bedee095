#!/usr/bin/env node
// `npm run build`: type-checks and compiles the product to lib/ (tsconfig.build.json), copies the
// JavaScript modules that are shipped as they are (the failure converter, the frozen legacy rules), and
// pre-bundles the workflows into lib/workflow-bundle.js. Nothing but Node and the dev dependencies.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when a source changed since the last build (npm start)
//   node scripts/build.mjs --json      one JSON line with what was done
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'lib');
const stampFile = path.join(lib, '.build-stamp');
/** What the build reads: a change to any file here makes the build stale. */
const SOURCES = ['main.ts', 'domain', 'workflows', 'activities', 'services', 'worker', 'client', 'runtime', 'config', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const COMPILED = /\.(ts|json)$/;
const SHIPPED_AS_IS = /\.(js|cjs)$/;

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const say = (line) => {
  if (!json) process.stderr.write(`${line}\n`);
};

function* files(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    yield entry;
    return;
  }
  for (const name of fs.readdirSync(full)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    yield* files(path.join(entry, name));
  }
}

/** The newest modification time and the number of the source files: the build is fresh when both match. */
function fingerprint() {
  let newest = 0;
  let count = 0;
  for (const entry of SOURCES) {
    for (const file of files(entry)) {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
      count++;
    }
  }
  return { newestSourceMtimeMs: newest, sourceFiles: count };
}

function fresh(current) {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return stamp.newestSourceMtimeMs === current.newestSourceMtimeMs && stamp.sourceFiles === current.sourceFiles && fs.existsSync(path.join(lib, 'workflow-bundle.js'));
  } catch {
    return false;
  }
}

function run(what, cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: ['ignore', json ? 'ignore' : 'inherit', 'inherit'] });
  if (r.error || r.status !== 0) {
    console.error(`${what} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status}); see the output above`}.`);
    process.exit(1);
  }
}

const started = Date.now();
const current = fingerprint();
if (args.has('--if-stale') && fresh(current)) {
  if (json) console.log(JSON.stringify({ built: false, reason: 'fresh' }));
  process.exit(0);
}

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (args.has('--if-stale') && !fs.existsSync(tsc) && fs.existsSync(stampFile)) {
  // A pruned production install: the shipped lib/ is what runs, and there is nothing to rebuild it with.
  if (json) console.log(JSON.stringify({ built: false, reason: 'no TypeScript: the shipped build runs' }));
  process.exit(0);
}
if (!fs.existsSync(tsc)) {
  console.error('The build needs the dev dependencies (TypeScript): run `npm ci` without --omit=dev, build, then prune.');
  process.exit(1);
}
say('Building: type-checking and compiling to lib/ …');
run('Compiling (tsc -p tsconfig.build.json)', process.execPath, [tsc, '-p', 'tsconfig.build.json']);
let copied = 0;
for (const entry of SOURCES) {
  for (const file of files(entry)) {
    if (!SHIPPED_AS_IS.test(file) || COMPILED.test(file)) continue;
    fs.mkdirSync(path.dirname(path.join(lib, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(lib, file));
    copied++;
  }
}
say('Bundling the workflows into lib/workflow-bundle.js …');
run('Bundling the workflows', process.execPath, [path.join(lib, 'worker', 'workflow-bundle.js')]);
fs.writeFileSync(stampFile, JSON.stringify({ ...current, builtAt: new Date().toISOString() }));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (json) console.log(JSON.stringify({ built: true, seconds: Number(seconds), copied }));
else say(`Built lib/ in ${seconds} s.`);
