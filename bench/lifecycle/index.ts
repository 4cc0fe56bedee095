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
import os from 'node:os';
import type { Client } from '@temporalio/client';
import { eachLimited } from '../../chaos/observe';
import { ensureBuilt } from '../compiled';
import { figure, median, type BenchResult } from '../figures';
import { heaviestEventTypes, percentile, readHistories } from './histories';
import { CONCURRENCY, countSetting, ingestUntilParked, megabytes, onStand, rssBytes, secondsSince, startNoops } from './stand';

const PARK_TIMEOUT_MS = 30 * 60_000;

const progress = (line: string) => process.stderr.write(`[lifecycle] ${line}\n`);

/** N one-activity no-ops, CONCURRENCY starts in flight, then every result; completions per second. */
async function floor(client: Client, n: number): Promise<number> {
  const started = Date.now();
  const ids = await startNoops(client, 'benchNoopWorkflow', n);
  await eachLimited(ids, 64, (workflowId) => client.workflow.getHandle(workflowId).result());
  return n / secondsSince(started);
}

export async function runLifecycleBench(): Promise<BenchResult> {
  const n = countSetting('LIFECYCLE_DENIALS', 750);
  const loadBefore = os.loadavg()[0] as number;
  return onStand('lifecycle', n, progress, async (stand) => {
    // ---- (a) the floor -----------------------------------------------------------------------------
    const noopWorker = await stand.startWorker(['bench/lifecycle/noop-worker.ts']);
    await floor(stand.client, Math.min(50, n)); // warm-up: connection, codec, the worker's bundle and caches
    progress(`floor: ${n} one-activity no-op workflows`);
    const floorRate = await floor(stand.client, n);
    progress(`floor: ${floorRate.toFixed(1)} completed/s`);
    await noopWorker.stop();

    // ---- (b) the product -----------------------------------------------------------------------------
    // The worker as `npm start` runs it: the compiled build with its prebuilt workflow bundle.
    ensureBuilt();
    const worker = await stand.startWorker(['lib/main.js', '--role', 'worker', '--json']);
    const rssReady = rssBytes(worker.child.pid) ?? 0;
    const dbBefore = stand.databaseBytes();
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(worker.child.pid) ?? 0)), 500);
    const parking = await ingestUntilParked(stand, worker, progress, PARK_TIMEOUT_MS).finally(() => clearInterval(sampler));
    const rssAfter = rssBytes(worker.child.pid) ?? 0;
    peakRss = Math.max(peakRss, rssAfter);
    const dbGrowth = stand.databaseBytes() - dbBefore;
    const parkedRate = n / parking.parkSeconds;
    progress(`parked: ${n} in ${parking.parkSeconds.toFixed(1)} s (${parkedRate.toFixed(1)}/s); reading their histories`);

    const h = await readHistories(stand.client, parking.workflowIds, (done) => progress(`histories: ${done} of ${parking.workflowIds.length}`));
    return {
      figures: [
        figure('lifecycle.parked', parkedRate / floorRate, 2, '≥', 0.5),
        figure('lifecycle.first_task_p99_ms', percentile(h.firstTaskMs, 99), 0, '≤', 1000),
      ],
      lines: [
        `lifecycle.denials: ${n} (LIFECYCLE_DENIALS)`,
        `lifecycle.parked_per_second: ${parkedRate.toFixed(2)} (ingest ${parking.ingestSeconds.toFixed(1)} s, all parked after ${parking.parkSeconds.toFixed(1)} s)`,
        `lifecycle.floor_per_second: ${floorRate.toFixed(2)} (one-activity no-op workflows, started ${CONCURRENCY} in flight, completed)`,
        `lifecycle.first_task_p50_ms: ${percentile(h.firstTaskMs, 50).toFixed(0)} (start → first completed workflow task, ${h.firstTaskMs.length} denials)`,
        `lifecycle.history_events_per_denial: ${median(h.events).toFixed(0)} median, ${Math.max(...h.events)} max`,
        `lifecycle.opening_workflow_tasks: ${median(h.openingTasks).toFixed(0)} median, ${Math.max(...h.openingTasks)} max (before the first wait); ${h.openedThroughActivities} of ${h.workflows} denials scheduled activities before it`,
        `lifecycle.history_kb_per_denial: ${(median(h.bytes) / 1024).toFixed(1)} median, ${(Math.max(...h.bytes) / 1024).toFixed(1)} max (encoded events)`,
        `lifecycle.history_weight_by_event: ${heaviestEventTypes(h.bytesByType)}`,
        `lifecycle.temporal_db_kb_per_denial: ${(dbGrowth / n / 1024).toFixed(1)} (growth of temporal.db and its WAL while the denials parked ÷ ${n})`,
        `lifecycle.worker_rss_mb: ${megabytes(rssAfter)} after all parked, ${megabytes(peakRss)} peak (sampled every 0.5 s), ${megabytes(rssReady)} when ready`,
        `lifecycle.machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start, ${(os.loadavg()[0] as number).toFixed(1)} at the end`,
      ],
    };
  });
}
