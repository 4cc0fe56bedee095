/**
 * `npm run bench -- footprint`: what parked denials cost to keep, in one run on one dev server started as
 * the product starts it. N denials (10,000, or FOOTPRINT_DENIALS) are ingested from a generated 835 and
 * worked by the product's compiled worker on its default settings (WORKFLOW_CACHE_MB, or that setting
 * from the environment) until every one is parked. Then:
 *
 *   - the worker's RSS (target ≤ 1 GB), also at each quarter of the run, to show where it levels off;
 *   - the Temporal database's bytes in use per parked denial (target ≤ 20 KB): pages in use of temporal.db
 *     read through SQLite (so what its WAL holds counts and free pages do not), after minus before, ÷ N;
 *   - the same for Temporal's floor, measured first on the same server: workflows that run one no-op
 *     activity and then wait, as a parked denial does (2,000, or fewer when N is), so the product's own
 *     share is what lies above it;
 *   - both extrapolated to 100,000 parked denials, with the method printed beside them.
 *
 * Progress goes to stderr.
 */
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Client } from '@temporalio/client';
import { eachLimited } from '../../chaos/observe';
import { workflowCacheOptions } from '../../worker/workflow-cache';
import { loadConfig } from '../../runtime/config';
import { ensureBuilt } from '../compiled';
import { figure, median, type BenchResult } from '../figures';
import { heaviestEventTypes, readHistories } from './histories';
import { countSetting, ingestUntilParked, megabytes, onStand, rssBytes, sleep, startNoops } from './stand';

const PARK_TIMEOUT_MS = 120 * 60_000;
const EXTRAPOLATE_TO = 100_000;
/** Histories read for the per-denial event figures: enough for a median, not all 10,000. */
const HISTORY_SAMPLE = 200;
/** Parked no-op workflows for the floor: enough for a stable per-workflow figure. */
const FLOOR_WORKFLOWS = 2_000;
/** A parked no-op's history once its activity is done: started, a task, the activity's three, a task. */
const PARKED_NOOP_EVENTS = 10;

const progress = (line: string) => process.stderr.write(`[footprint] ${line}\n`);

interface DatabaseUse {
  /** Bytes in use, as SQLite sees them through a reader: committed pages (WAL included) less free ones. */
  bytes: number;
  /** Bytes of pages by table or index (SQLite's dbstat). */
  byTable: Map<string, number>;
}

function databaseInUse(dataDir: string): DatabaseUse {
  const db = new Database(path.join(dataDir, 'temporal.db'), { readonly: true, fileMustExist: true });
  try {
    const pragma = (name: string) => db.pragma(name, { simple: true }) as number;
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    return { bytes: (pragma('page_count') - pragma('freelist_count')) * pragma('page_size'), byTable: new Map(rows.map((r) => [r.name, r.bytes])) };
  } finally {
    db.close();
  }
}

/** Where the growth went: the tables and indexes that grew most, as `name KB-per-denial`. */
function growthByTable(before: DatabaseUse, after: DatabaseUse, n: number, top = 6): string {
  return [...after.byTable]
    .map(([name, bytes]) => [name, bytes - (before.byTable.get(name) ?? 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => `${name} ${(bytes / n / 1024).toFixed(1)}`)
    .join(', ');
}

/** Starts `count` parked no-ops and returns once each has run its activity and waits. */
async function parkNoops(client: Client, count: number): Promise<void> {
  let waiting = await startNoops(client, 'benchParkedNoopWorkflow', count);
  for (const deadline = Date.now() + 10 * 60_000; waiting.length > 0; await sleep(1000)) {
    if (Date.now() > deadline) throw new Error(`floor: ${waiting.length} of ${count} parked no-ops still not parked after 10 minutes`);
    const parked = await eachLimited(waiting, 64, async (id) => (await client.workflow.getHandle(id).describe()).historyLength >= PARKED_NOOP_EVENTS);
    waiting = waiting.filter((_, i) => !parked[i]);
  }
}

/**
 * Growth by what it serves: history (events and their tree), visibility (the listing row and its indexes,
 * one per predefined search attribute column in the dev server's SQLite schema), and the execution's
 * mutable state with its task queues.
 */
function byGroup(before: DatabaseUse, after: DatabaseUse, n: number): string {
  const groups = new Map<string, number>([['history', 0], ['visibility', 0], ['execution', 0]]);
  for (const [name, bytes] of after.byTable) {
    const group = /history_(node|tree)/.test(name) ? 'history' : /visibility|^by_|^default_idx/.test(name) ? 'visibility' : 'execution';
    groups.set(group, (groups.get(group) as number) + bytes - (before.byTable.get(name) ?? 0));
  }
  return [...groups].map(([group, bytes]) => `${group} ${(bytes / n / 1024).toFixed(1)}`).join(', ');
}

export async function runFootprintBench(): Promise<BenchResult> {
  const n = countSetting('FOOTPRINT_DENIALS', 10_000);
  // The product's default, or the setting as the worker would read it (validated the same way).
  const budgetMb = loadConfig({ WORKFLOW_CACHE_MB: process.env.WORKFLOW_CACHE_MB }).WORKFLOW_CACHE_MB;
  const cache = workflowCacheOptions(budgetMb).maxCachedWorkflows;
  const loadBefore = os.loadavg()[0] as number;
  return onStand('footprint', n, progress, async (stand) => {
    // Temporal's floor first, on the same server and codec: what any parked workflow costs to keep.
    const floorCount = Math.min(n, FLOOR_WORKFLOWS);
    const noopWorker = await stand.startWorker(['bench/lifecycle/noop-worker.ts']);
    const floorBefore = databaseInUse(stand.dataDir);
    progress(`floor: parking ${floorCount} one-activity no-op workflows`);
    await parkNoops(stand.client, floorCount);
    const floorAfter = databaseInUse(stand.dataDir);
    await noopWorker.stop();
    const floorPerWorkflow = (floorAfter.bytes - floorBefore.bytes) / floorCount;
    progress(`floor: ${(floorPerWorkflow / 1024).toFixed(1)} KB of Temporal database per parked no-op`);

    ensureBuilt();
    const worker = await stand.startWorker(['lib/main.js', '--role', 'worker', '--json'], { WORKFLOW_CACHE_MB: String(budgetMb) });
    const rssReady = rssBytes(worker.child.pid) ?? 0;
    const dbBefore = databaseInUse(stand.dataDir);
    /** RSS when a quarter, half, three quarters and all of the denials were first seen parked. */
    const atQuarter: number[] = [];
    /** Peak RSS while the first half of the denials parked, and while the second half did. */
    const halfPeaks = [0, 0];
    const parking = await ingestUntilParked(stand, worker, progress, PARK_TIMEOUT_MS, (parked) => {
      const rss = rssBytes(worker.child.pid) ?? 0;
      const half = parked < n / 2 ? 0 : 1;
      halfPeaks[half] = Math.max(halfPeaks[half] as number, rss);
      while (atQuarter.length < 4 && parked >= ((atQuarter.length + 1) * n) / 4) atQuarter.push(rss);
    });
    const rssAfter = rssBytes(worker.child.pid) ?? 0;
    const [firstHalfPeak, secondHalfPeak] = halfPeaks as [number, number];
    // Past the cache's size, what a worker holds should not grow with N; where the second half's peak still
    // rose over the first's, that rise is carried on linearly (a bound, since GC sawtooth inflates it).
    const growthPerDenial = Math.max(0, secondHalfPeak - firstHalfPeak) / (n / 2);
    const rssAt100k = Math.max(secondHalfPeak, rssAfter) + growthPerDenial * (EXTRAPOLATE_TO - n);
    const dbAfter = databaseInUse(stand.dataDir);
    const dbPerDenial = (dbAfter.bytes - dbBefore.bytes) / n;
    progress(`parked: ${n} in ${parking.parkSeconds.toFixed(0)} s; reading ${Math.min(HISTORY_SAMPLE, n)} of their histories`);
    const step = Math.max(1, Math.floor(parking.workflowIds.length / HISTORY_SAMPLE));
    const sample = parking.workflowIds.filter((_, i) => i % step === 0).slice(0, HISTORY_SAMPLE);
    const h = await readHistories(stand.client, sample, () => undefined);

    const kb = (b: number) => (b / 1024).toFixed(1);
    return {
      figures: [figure('footprint.worker_rss_mb', rssAfter / 1024 / 1024, 0, '≤', 1024), figure('footprint.temporal_db_kb_per_denial', dbPerDenial / 1024, 1, '≤', 20)],
      lines: [
        `footprint.denials: ${n} (FOOTPRINT_DENIALS), all parked after ${parking.parkSeconds.toFixed(0)} s (${(n / parking.parkSeconds).toFixed(2)}/s)`,
        `footprint.workflow_cache: ${cache} denials (WORKFLOW_CACHE_MB=${budgetMb})`,
        `footprint.worker_rss_mb_by_quarter: ${atQuarter.map(megabytes).join(', ')} (at 25/50/75/100% parked), peaks ${megabytes(firstHalfPeak)} over the first half and ${megabytes(secondHalfPeak)} over the second, ${megabytes(rssReady)} when ready`,
        `footprint.history_per_denial: ${median(h.events).toFixed(0)} events, ${kb(median(h.bytes))} KB (median of ${h.workflows}); heaviest: ${heaviestEventTypes(h.bytesByType)}`,
        `footprint.temporal_db_kb_per_denial_by_table: ${growthByTable(dbBefore, dbAfter, n)} (pages, including free space inside them)`,
        `footprint.temporal_db_kb_floor: ${kb(floorPerWorkflow)} per parked one-activity no-op (${floorCount} on the same server); the denial keeps ${(dbPerDenial / floorPerWorkflow).toFixed(2)}× that, ${kb(dbPerDenial - floorPerWorkflow)} KB of its own`,
        `footprint.temporal_db_kb_floor_by_group: ${byGroup(floorBefore, floorAfter, floorCount)}; the denial's: ${byGroup(dbBefore, dbAfter, n)}`,
        `footprint.extrapolated_rss_mb_at_${EXTRAPOLATE_TO}: ${megabytes(rssAt100k)} (the second half's peak plus its rise over the first half's, ${megabytes(growthPerDenial * 1000)} MB per 1,000 denials, carried on linearly; the cache holds at most ${cache} denials whatever N)`,
        `footprint.extrapolated_temporal_db_gb_at_${EXTRAPOLATE_TO}: ${((dbPerDenial * EXTRAPOLATE_TO) / 1024 ** 3).toFixed(2)} (bytes in use per parked denial × ${EXTRAPOLATE_TO}: each denial's history, state and visibility rows are its own)`,
        `footprint.machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start, ${(os.loadavg()[0] as number).toFixed(1)} at the end`,
      ],
    };
  });
}
