/**
 * `npm run bench -- lifecycle`: what a denial costs after its start, against Temporal's own floor, in one
 * run on one dev server started as the product starts it (file database, WAL, synchronous=normal):
 *
 *   (a) the floor: N one-activity no-op workflows, started 32 in flight by one client and run to completion
 *       by a worker process of their own;
 *   (b) the product: the same N denials ingested from a generated 835 (32 starts in flight, the intake's
 *       pipeline) and worked by the product's compiled worker process (`lib/main.js --role worker`) until every one is
 *       parked: its first task open (or the case closed), as the ledger's read model shows it.
 *
 * Both sides use the product's data converter (the AES-GCM codec), so they differ only in what their
 * workflows do. Headline: parked denials/s ÷ completed no-ops/s, and the p99 of start → first completed
 * workflow task over the burst. Also events and bytes of history per parked denial, the Temporal database's
 * growth per parked denial (the .db and its WAL, before and after), and the worker's RSS.
 *
 * N is 750 (the figure), or LIFECYCLE_DENIALS. Progress goes to stderr.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { eachLimited } from '../../chaos/observe';
import { WorkerProcess, workerEnvironment } from '../../chaos/processes';
import { claimsFor } from '../../chaos/run';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { ingestFile } from '../../client/ingest/pipeline';
import { temporalDeliverer } from '../../client/ingest/temporal-delivery';
import { isClosed } from '../../domain/kpis/denial-facts';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { loadConfig } from '../../runtime/config';
import { openDenialsStore } from '../../runtime/store/schema';
import { SqliteLedgerStore } from '../../runtime/store/sqlite-ledger';
import { connectClient, dataConverter } from '../../runtime/temporal';
import { freePort } from '../../test/support/ports';
import { startDevServer, type DevServer } from '../../worker/dev-server';
import { guard, unguard } from '../cleanup';
import { ensureBuilt } from '../compiled';
import { figure, median, type BenchResult } from '../figures';
import { generateRemittance } from '../remittance-generator';
import { percentile, readHistories } from './histories';
import { NOOP_TASK_QUEUE } from './noop-worker';

const CONCURRENCY = 32;
/** Five lines a claim: every denial of the generated file waits for a person (see chaos/run.ts). */
const LINES_PER_CLAIM = 5;
const PARK_TIMEOUT_MS = 30 * 60_000;
const DAY = 86_400_000;

const progress = (line: string) => process.stderr.write(`[lifecycle] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secondsSince = (t: number) => (Date.now() - t) / 1000;

function denialsToRun(): number {
  const raw = process.env.LIFECYCLE_DENIALS;
  if (raw === undefined) return 750;
  if (!/^\d+$/.test(raw) || Number(raw) < 4) throw new Error(`LIFECYCLE_DENIALS must be a whole number of at least 4 (got "${raw}")`);
  return Number(raw);
}

/** Resident set of a process now, from /proc (Linux); null where there is none. */
function rssBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

function databaseBytes(dataDir: string): number {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const db = path.join(dataDir, 'temporal.db');
  return size(db) + size(`${db}-wal`);
}

/** N one-activity no-ops, CONCURRENCY starts in flight, then every result; completions per second. */
async function floor(client: Client, n: number): Promise<number> {
  const ids = Array.from({ length: n }, () => `noop-${crypto.randomBytes(20).toString('hex')}`);
  const started = Date.now();
  await eachLimited(ids, CONCURRENCY, (workflowId) => client.workflow.start('benchNoopWorkflow', { taskQueue: NOOP_TASK_QUEUE, workflowId, args: [] }));
  await eachLimited(ids, 64, (workflowId) => client.workflow.getHandle(workflowId).result());
  return n / secondsSince(started);
}

export async function runLifecycleBench(): Promise<BenchResult> {
  const n = denialsToRun();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-lifecycle-'));
  const dataDir = path.join(folder, 'data');
  let dev: DevServer | undefined;
  let client: Client | undefined;
  let ledger: SqliteLedgerStore | undefined;
  const workers: WorkerProcess[] = [];
  const cleanup = async () => {
    for (const w of workers) await w.stop(10_000).catch(() => undefined);
    await client?.connection.close().catch(() => undefined);
    await dev?.stop().catch(() => undefined);
    await ledger?.close().catch(() => undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  };
  const stop = guard(cleanup);
  const loadBefore = os.loadavg()[0] as number;
  try {
    const file = path.join(folder, 'remittance.835');
    const generated = await generateRemittance(file, {
      claims: claimsFor(n),
      linesPerClaim: LINES_PER_CLAIM,
      claimsPerSet: 200,
      seed: 1,
      // Yesterday's remittance: every deadline still runs, so every denial waits for a person.
      remitDate: new Date(Date.now() - DAY).toISOString().slice(0, 10),
    });
    progress(`generated ${generated.claims} claims, ${generated.expected.denials} denials`);

    const [temporalPort, uiPort] = [await freePort(), await freePort()];
    const settings = {
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      DATA_DIR: dataDir,
      CODEC_KEYS: `bench=${crypto.randomBytes(32).toString('base64')}`,
      DENIAL_ID_KEY: crypto.randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_SECONDS: '5',
    };
    dev = await startDevServer(loadConfig({ DATA_DIR: dataDir, TEMPORAL_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort) }), progress);
    const config = loadConfig(settings);
    // The bench's store connection first: it applies the migrations before the worker opens the file.
    const db = openDenialsStore(dataDir);
    const keyring = deploymentKeyring(config);
    ledger = new SqliteLedgerStore(db, keyring);
    const journal = new IntakeJournal(sqliteDatabase(db), keyring);
    client = await connectClient(config, dataConverter(config));

    // ---- (a) the floor -----------------------------------------------------------------------------
    const noopWorker = new WorkerProcess(1, workerEnvironment(settings), path.join(folder, 'noop-worker.log'), ['bench/lifecycle/noop-worker.ts']);
    workers.push(noopWorker);
    await noopWorker.ready;
    await floor(client, Math.min(50, n)); // warm-up: connection, codec, the worker's bundle and caches
    progress(`floor: ${n} one-activity no-op workflows`);
    const floorRate = await floor(client, n);
    progress(`floor: ${floorRate.toFixed(1)} completed/s`);
    await noopWorker.stop();

    // ---- (b) the product -----------------------------------------------------------------------------
    // The worker as `npm start` runs it: the compiled build with its prebuilt workflow bundle.
    ensureBuilt();
    const worker = new WorkerProcess(2, workerEnvironment(settings), path.join(folder, 'worker.log'), ['lib/main.js', '--role', 'worker', '--json']);
    workers.push(worker);
    await worker.ready;
    const rssReady = rssBytes(worker.child.pid) ?? 0;
    const dbBefore = databaseBytes(dataDir);
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(worker.child.pid) ?? 0)), 500);
    const started = Date.now();
    const report = await ingestFile(file, { via: 'cli', dryRun: false }, {
      claimIdKey: Buffer.from(settings.DENIAL_ID_KEY, 'base64'),
      deliverer: temporalDeliverer(client, config.TEMPORAL_TASK_QUEUE),
      journal,
      concurrency: CONCURRENCY,
    });
    if (report.totals.started !== n) throw new Error(`the generated 835 started ${report.totals.started} of ${n} denials (${report.totals.errors} errors)`);
    const ingestSeconds = secondsSince(started);
    progress(`ingested: ${n} started in ${ingestSeconds.toFixed(1)} s; waiting for every denial to park`);
    let parked = 0;
    for (let lastSaid = 0; ; ) {
      parked = (await ledger.denialFacts()).filter((f) => !!f.taskKind || isClosed(f.stage)).length;
      if (parked >= n) break;
      if (!worker.running) throw new Error(`the worker exited (${worker.exitDescription}); its log: ${worker.logFile}`);
      if (Date.now() - started > PARK_TIMEOUT_MS) throw new Error(`only ${parked} of ${n} denials parked in ${PARK_TIMEOUT_MS / 60_000} minutes`);
      if (Date.now() - lastSaid > 10_000) {
        progress(`parked ${parked} of ${n}`);
        lastSaid = Date.now();
      }
      await sleep(250);
    }
    const parkSeconds = secondsSince(started);
    clearInterval(sampler);
    const rssAfter = rssBytes(worker.child.pid) ?? 0;
    peakRss = Math.max(peakRss, rssAfter);
    const dbGrowth = databaseBytes(dataDir) - dbBefore;
    const parkedRate = n / parkSeconds;
    progress(`parked: ${n} in ${parkSeconds.toFixed(1)} s (${parkedRate.toFixed(1)}/s); reading their histories`);

    const workflowIds = report.claims.filter((c) => c.denial && c.workflowId).map((c) => c.workflowId as string);
    const h = await readHistories(client, workflowIds, (done) => progress(`histories: ${done} of ${workflowIds.length}`));
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    return {
      figures: [
        figure('lifecycle.parked', parkedRate / floorRate, 2, '≥', 0.5),
        figure('lifecycle.first_task_p99_ms', percentile(h.firstTaskMs, 99), 0, '≤', 1000),
      ],
      lines: [
        `lifecycle.denials: ${n} (LIFECYCLE_DENIALS)`,
        `lifecycle.parked_per_second: ${parkedRate.toFixed(2)} (ingest ${ingestSeconds.toFixed(1)} s, all parked after ${parkSeconds.toFixed(1)} s)`,
        `lifecycle.floor_per_second: ${floorRate.toFixed(2)} (one-activity no-op workflows, started ${CONCURRENCY} in flight, completed)`,
        `lifecycle.first_task_p50_ms: ${percentile(h.firstTaskMs, 50).toFixed(0)} (start → first completed workflow task, ${h.firstTaskMs.length} denials)`,
        `lifecycle.history_events_per_denial: ${median(h.events).toFixed(0)} median, ${Math.max(...h.events)} max`,
        `lifecycle.history_kb_per_denial: ${(median(h.bytes) / 1024).toFixed(1)} median, ${(Math.max(...h.bytes) / 1024).toFixed(1)} max (encoded events)`,
        `lifecycle.temporal_db_kb_per_denial: ${(dbGrowth / n / 1024).toFixed(1)} (growth of temporal.db and its WAL while the denials parked ÷ ${n})`,
        `lifecycle.worker_rss_mb: ${mb(rssAfter)} after all parked, ${mb(peakRss)} peak (sampled every 0.5 s), ${mb(rssReady)} when ready`,
        `lifecycle.machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start, ${(os.loadavg()[0] as number).toFixed(1)} at the end`,
      ],
    };
  } finally {
    unguard(stop);
    await cleanup();
  }
}
