/**
 * What the lifecycle and footprint benchmarks stand on: a dev server started as the product starts it
 * (file database, WAL, synchronous=normal), the product's settings and codec, the bench's own ledger and
 * intake journal on the same files, and a generated 835 of N denials that each wait for a person. Also
 * the one way both park them: ingest through the intake's pipeline, then watch the ledger's read model
 * until every denial has its first task open (or its case closed).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkerProcess, workerEnvironment } from '../../chaos/processes';
import { eachLimited } from '../../chaos/observe';
import { claimsFor } from '../../chaos/run';
import { IntakeJournal } from '../../client/ingest/journal';
import { ingestFile } from '../../client/ingest/pipeline';
import type { IngestReport } from '../../client/ingest/report';
import { admissionOf, temporalDeliverer } from '../../client/ingest/temporal-delivery';
import { isClosed } from '../../domain/kpis/denial-facts';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { loadConfig, type Config } from '../../runtime/config';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { openDenialsStore } from '../../runtime/store/schema';
import { SqliteLedgerStore } from '../../runtime/store/sqlite-ledger';
import { connectClient, dataConverter } from '../../runtime/temporal';
import { freePort } from '../../test/support/ports';
import { startDevServer, type DevServer } from '../../worker/dev-server';
import { guard, unguard } from '../cleanup';
import { generateRemittance } from '../remittance-generator';
import { NOOP_TASK_QUEUE } from './noop-worker';

export const CONCURRENCY = 32;
/** Five lines a claim: every denial of the generated file waits for a person (see chaos/run.ts). */
const LINES_PER_CLAIM = 5;
const DAY = 86_400_000;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const secondsSince = (t: number) => (Date.now() - t) / 1000;

/** Starts `n` workflows of a floor's type on the no-op worker, CONCURRENCY in flight, with random ids; their ids. */
export async function startNoops(client: Client, type: 'benchNoopWorkflow' | 'benchParkedNoopWorkflow', n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => `noop-${crypto.randomBytes(20).toString('hex')}`);
  await eachLimited(ids, CONCURRENCY, (workflowId) => client.workflow.start(type, { taskQueue: NOOP_TASK_QUEUE, workflowId, args: [] }));
  return ids;
}

/** A whole number of at least `min` from the environment variable, or `fallback` when it is unset. */
export function countSetting(name: string, fallback: number, min = 4): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`${name} must be a whole number of at least ${min} (got "${raw}")`);
  return Number(raw);
}

/** Resident set of a process now, from /proc (Linux); null where there is none. */
export function rssBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

export const megabytes = (b: number) => (b / 1024 / 1024).toFixed(0);

export interface Stand {
  folder: string;
  dataDir: string;
  /** The product's settings every process of the run shares. */
  settings: Record<string, string>;
  config: Config;
  client: Client;
  ledger: SqliteLedgerStore;
  journal: IntakeJournal;
  /** The generated 835 of `denials` claims, every one a denial that waits for a person. */
  remittance: string;
  denials: number;
  /** A worker process on this stand's settings (plus `extra`), stopped with the stand. */
  startWorker(argv: readonly string[], extra?: Record<string, string>): Promise<WorkerProcess>;
  /** The Temporal database's files (the .db and its WAL) now, in bytes. */
  databaseBytes(): number;
}

/** Runs `body` on a fresh stand of `denials` denials, and takes it all down afterwards (also on Ctrl-C). */
export async function onStand<T>(name: string, denials: number, progress: (line: string) => void, body: (stand: Stand) => Promise<T>): Promise<T> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `denials-${name}-`));
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
  try {
    const remittance = path.join(folder, 'remittance.835');
    const generated = await generateRemittance(remittance, {
      claims: claimsFor(denials),
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
      // The intake's pacing, as a deployment sets it (to compare windows: INTAKE_ADMISSION_WINDOW=8 npm run bench -- lifecycle).
      ...(process.env.INTAKE_ADMISSION_WINDOW ? { INTAKE_ADMISSION_WINDOW: process.env.INTAKE_ADMISSION_WINDOW } : {}),
    };
    dev = await startDevServer(loadConfig({ DATA_DIR: dataDir, TEMPORAL_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort) }), progress);
    const config = loadConfig(settings);
    // The bench's store connection first: it applies the migrations before the worker opens the file.
    const db = openDenialsStore(dataDir);
    const keyring = deploymentKeyring(config);
    ledger = new SqliteLedgerStore(db, keyring);
    const journal = new IntakeJournal(sqliteDatabase(db), keyring);
    client = await connectClient(config, dataConverter(config));
    const db$ = path.join(dataDir, 'temporal.db');
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    return await body({
      folder,
      dataDir,
      settings,
      config,
      client,
      ledger,
      journal,
      remittance,
      denials,
      async startWorker(argv, extra = {}) {
        const worker = new WorkerProcess(workers.length + 1, workerEnvironment({ ...settings, ...extra }), path.join(folder, `worker-${workers.length + 1}.log`), argv);
        workers.push(worker);
        await worker.ready;
        return worker;
      },
      databaseBytes: () => size(db$) + size(`${db$}-wal`),
    });
  } finally {
    unguard(stop);
    await cleanup();
  }
}

export interface Parking {
  report: IngestReport;
  ingestSeconds: number;
  parkSeconds: number;
  /** The workflow ids of the denials the 835 started. */
  workflowIds: string[];
}

/**
 * Ingests the stand's 835 as the CLI does and waits until every denial is parked, as the ledger's read
 * model shows it; `onTick(parked)` is called about every 250 ms meanwhile.
 */
export async function ingestUntilParked(stand: Stand, worker: WorkerProcess, progress: (line: string) => void, timeoutMs: number, onTick: (parked: number) => void = () => undefined): Promise<Parking> {
  const n = stand.denials;
  const started = Date.now();
  // Watched while the intake runs too: a paced intake parks denials as it goes, so most of a run is its ingest.
  let report: IngestReport | undefined;
  let ingestSeconds = 0;
  let ingestFailure: unknown;
  const ingesting = ingestFile(stand.remittance, { via: 'cli', dryRun: false }, {
    claimIdKey: Buffer.from(stand.settings.DENIAL_ID_KEY as string, 'base64'),
    deliverer: temporalDeliverer(stand.client, stand.config.TEMPORAL_TASK_QUEUE, admissionOf(stand.config)),
    journal: stand.journal,
    concurrency: CONCURRENCY,
  }).then(
    (r) => {
      report = r;
      ingestSeconds = secondsSince(started);
      progress(`ingested: ${r.totals.started} started in ${ingestSeconds.toFixed(1)} s`);
    },
    (err: unknown) => void (ingestFailure = err ?? new Error('the ingest failed')),
  );
  for (let lastSaid = 0; ; ) {
    if (ingestFailure) throw ingestFailure;
    if (report && report.totals.started !== n) throw new Error(`the generated 835 started ${report.totals.started} of ${n} denials (${report.totals.errors} errors)`);
    const parked = (await stand.ledger.denialFacts()).filter((f) => !!f.taskKind || isClosed(f.stage)).length;
    onTick(parked);
    if (report && parked >= n) break;
    if (!worker.running) throw new Error(`the worker exited (${worker.exitDescription}); its log: ${worker.logFile}`);
    if (Date.now() - started > timeoutMs) throw new Error(`only ${parked} of ${n} denials parked in ${Math.round(timeoutMs / 60_000)} minutes`);
    if (Date.now() - lastSaid > 10_000) {
      progress(`parked ${parked} of ${n} after ${secondsSince(started).toFixed(0)} s`);
      lastSaid = Date.now();
    }
    // Reading the read model is not free: a large run looks less often.
    await sleep(Math.max(250, n / 10));
  }
  await ingesting;
  const workflowIds = report.claims.filter((c) => c.denial && c.workflowId).map((c) => c.workflowId as string);
  return { report, ingestSeconds, parkSeconds: secondsSince(started), workflowIds };
}
