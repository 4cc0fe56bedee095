/**
 * The start-rate part of the intake benchmark, run by bench/intake.ts as a child process: the Temporal
 * dev server writes its banner to the stdout it inherits, and the runner's stdout must stay clean (--json).
 * The child prints its result as one `BENCH-RESULT {json}` line (bench/child.ts); the parent passes every
 * other stdout line to stderr.
 *
 * On one dev server, with one client using the production data converter (AES-GCM codec), in rounds
 * of no-op, intake, intake, no-op (intake first in odd rounds), then the sequential reference:
 * - bare no-op starts: client.workflow.start('noopWorkflow') with no args, 32 in flight, each with a
 *   random id of the intake's form (a prefix and 40 hex digits). Exactly-once needs keyed-hash ids, and
 *   hashes arrive in random order; the dev server's store pays for random ids as its tables grow (about
 *   25% of its start rate over this run, measured), which is the id scheme's cost, not the pipeline's;
 * - the intake: ingestFile with the Temporal deliverer, the journal (fresh SQLite store per round) and a
 *   fresh claim-id key per round (so each round starts new workflows), concurrency 32;
 * - for reference, the same no-op starts with sequential ids (`noop-<round>-<i>`), the cheapest start
 *   there is; the intake's ratio to it is printed beside the figure.
 * No worker runs: a start is acknowledged without one.
 *
 *   node --import tsx bench/intake-starts.ts <file.835> <denials in it> <work dir>
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { exitWhenDrained } from '../client/cli/output';
import { IntakeJournal } from '../client/ingest/journal';
import { sqliteDatabase } from '../runtime/store/sql-database';
import { temporalDeliverer } from '../client/ingest/temporal-delivery';
import { EncryptionCodec, makeKeyring } from '../runtime/codec';
import { openDenialsStore } from '../runtime/store/schema';
import { clientDataConverter } from '../runtime/temporal';
import { temporalCliPath } from '../worker/toolchain/paths';
import { denialSearchAttributes } from '../workflows/search-attributes';
import { printResult } from './child';
import { guard, unguard } from './cleanup';
import { compiledPipeline } from './compiled';

const STARTS_ROUNDS = 7;
const CONCURRENCY = 32;
/** No-op starts per round: as many as the file has denials, at most this many. */
const NOOP_CAP = 2000;

export interface StartsResult {
  rounds: number;
  concurrency: number;
  denials: number;
  noopCount: number;
  /** Per round, in rounds order. */
  noopPerSecond: number[];
  /** The same no-op starts with sequential ids. */
  noopSequentialPerSecond: number[];
  /** Denial workflows started ÷ wall time of the delivery pass. */
  intakePerSecond: number[];
  /** The same ÷ wall time of the whole ingest (validation + delivery). */
  intakeWholePerSecond: number[];
}

const now = () => process.hrtime.bigint();
const secondsSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

function progress(message: string): void {
  process.stderr.write(`[intake] ${message}\n`);
}

/** `count` calls of `call(i)`, CONCURRENCY in flight; returns calls per second. */
async function rate(count: number, call: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = now();
  const lane = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return count / secondsSince(started);
}

/** Random ids shaped like the intake's (`denial-` and 40 hex digits of HMAC-SHA256). */
const noopStarts = (client: Client, count: number) =>
  rate(count, () => client.workflow.start('noopWorkflow', { taskQueue: 'bench-noop', workflowId: `noop-${crypto.randomBytes(20).toString('hex')}`, args: [] }));

const noopSequentialStarts = (client: Client, count: number, prefix: string) =>
  rate(count, (i) => client.workflow.start('noopWorkflow', { taskQueue: 'bench-noop', workflowId: `${prefix}-${i}`, args: [] }));

async function intakeRound(client: Client, file: string, workDir: string, expectedStarts: number): Promise<{ perSecond: number; wholePerSecond: number }> {
  const dataDir = fs.mkdtempSync(path.join(workDir, 'store-'));
  const db = openDenialsStore(dataDir);
  try {
    let deliverStarted: bigint | undefined;
    const started = now();
    // The pipeline as `npm start` runs it: compiled (bench/compiled.ts).
    const report = await compiledPipeline().ingestFile(
      file,
      { via: 'cli', dryRun: false },
      {
        // A new claim-id key per round: every round starts new workflows on the same server.
        claimIdKey: crypto.randomBytes(32),
        deliverer: temporalDeliverer(client, 'denials'),
        journal: new IntakeJournal(sqliteDatabase(db), makeKeyring([{ id: 'bench', key: crypto.randomBytes(32) }])),
        concurrency: CONCURRENCY,
        // The first progress report of the second pass comes with its first chunk.
        onProgress: (p) => {
          if (p.pass === 'deliver' && deliverStarted === undefined) deliverStarted = now();
        },
      },
    );
    const whole = secondsSince(started);
    const t = report.totals;
    if (report.verdict !== 'accepted' || t.started !== expectedStarts || t.errors > 0 || t.closed > 0) {
      throw new Error(`intake round: verdict ${report.verdict}, started ${t.started} of ${expectedStarts}, ${t.errors} errors, ${t.closed} closed`);
    }
    if (deliverStarted === undefined) throw new Error('intake round: no progress report from the delivery pass');
    return { perSecond: t.started / secondsSince(deliverStarted), wholePerSecond: t.started / whole };
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measureStarts(file: string, denials: number, workDir: string): Promise<StartsResult> {
  const cli = temporalCliPath();
  if (!fs.existsSync(cli)) throw new Error(`Temporal CLI not found at ${cli}: run \`npm run setup\` first`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  progress('starting the dev server');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, searchAttributes: denialSearchAttributes },
  });
  const stopServer = guard(() => env.teardown());
  try {
    // The client's data converter like production (codec, native JSON), for every series.
    const keyring = makeKeyring([{ id: 'bench', key: crypto.randomBytes(32) }]);
    const client = new Client({ connection: env.connection, dataConverter: clientDataConverter({ payloadCodecs: [new EncryptionCodec(keyring)] }) });
    const noopCount = Math.min(denials, NOOP_CAP);

    // Warm-up: connection, codec, SDK paths, the pipeline's JIT.
    await noopStarts(client, 200);
    await noopSequentialStarts(client, 200, 'warmup-noop');
    await intakeRound(client, file, workDir, denials);

    const result: StartsResult = {
      rounds: STARTS_ROUNDS,
      concurrency: CONCURRENCY,
      denials,
      noopCount,
      noopPerSecond: [],
      noopSequentialPerSecond: [],
      intakePerSecond: [],
      intakeWholePerSecond: [],
    };
    // Equal counts per pass: the rate over the passes is the harmonic mean of their rates.
    const overAll = (rates: number[]) => rates.length / rates.reduce((sum, r) => sum + 1 / r, 0);
    for (let round = 0; round < STARTS_ROUNDS; round++) {
      progress(`starts round ${round + 1}/${STARTS_ROUNDS}`);
      const noop: number[] = [];
      const intake: { perSecond: number; wholePerSecond: number }[] = [];
      const runNoop = async () => noop.push(await noopStarts(client, noopCount));
      const runIntake = async () => intake.push(await intakeRound(client, file, workDir, denials));
      // ABBA in even rounds, BAAB in odd ones: the server slows as its tables grow, and the shared
      // machine's load drifts, so each side gets the early and the late places alike.
      const [a, b] = round % 2 === 0 ? [runNoop, runIntake] : [runIntake, runNoop];
      for (const run of [a, b, b, a]) await run();
      result.noopPerSecond.push(overAll(noop));
      result.intakePerSecond.push(overAll(intake.map((r) => r.perSecond)));
      result.intakeWholePerSecond.push(overAll(intake.map((r) => r.wholePerSecond)));
      result.noopSequentialPerSecond.push(await noopSequentialStarts(client, noopCount, `bench-noop-${round}`));
    }
    return result;
  } finally {
    progress('stopping the dev server');
    unguard(stopServer);
    await env.teardown();
  }
}

if (require.main === module) {
  const [file, denials, workDir] = process.argv.slice(2);
  if (file === undefined || denials === undefined || workDir === undefined) {
    console.error('usage: node --import tsx bench/intake-starts.ts <file.835> <denials in it> <work dir>');
    process.exit(2);
  }
  measureStarts(file, Number(denials), workDir).then(
    (result) => {
      printResult(result);
      return exitWhenDrained(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
