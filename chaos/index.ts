/**
 * `npm run chaos`: the fault-injection suite. Runs the product on a dev server and a worker of their own
 * (separate processes), kills the worker with SIGKILL three times, restarts the dev server once, ingests
 * the same 835 three times, has people double-click while it happens and a later remittance answer some
 * claims, waits until everything settles, and prints one line per figure: `name: value (want X)`.
 *
 *   npm run chaos                          1,000 denials, a random seed (printed)
 *   npm run chaos -- --denials 100 --seed 7
 *   npm run chaos -- --json                one JSON object on stdout
 *
 * Exit code 0 when every figure meets its want, 1 when one does not or the run could not finish, 2 for a
 * usage error. Progress goes to stderr.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { EXIT, UsageError, runMain } from '../client/cli/output';
import { guard, unguard } from '../bench/cleanup';
import { formatFigure } from './figures';
import { runChaos, type ChaosResult } from './run';

const USAGE = `Usage: npm run chaos -- [--denials N] [--seed N] [--json] [--keep]

  --denials N  denials in the generated 835 (default 1000; at least 20)
  --seed N     chooses the moments of the faults and whom people and the payer pick (default: random, printed)
  --json       one JSON object on stdout instead of lines
  --keep       keep the run's folder (Temporal database, ledger, worker logs, the 835s) and print its path
  --evidence DIR  when a history fails or does not replay, write it (with the worker log lines about it and
               the run's throwaway keys) to DIR/seed-N, also without --keep

Needs the Temporal CLI the setup builds (npm run setup). Takes about 15 minutes for 1,000 denials on two
shared cores. Exit code 0 when every figure meets its want, 1 otherwise.`;

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${raw}")`);
  return Number(raw);
}

function describe(r: ChaosResult): string[] {
  const lines: string[] = [];
  for (const f of r.figures) {
    lines.push(formatFigure(f));
    for (const e of f.examples ?? []) lines.push(`  e.g. ${e}`);
  }
  const minutes = (s: number) => (s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`);
  lines.push(
    `seed: ${r.seed}`,
    `workload: ${r.workload}`,
    `faults: ${r.faults.join('; ')}`,
    `settled: ${r.settledAfterSeconds === null ? 'no, gave up waiting' : `${minutes(r.settledAfterSeconds)} after the last payment`}`,
    `workflow task timeouts: ${r.workflowTaskTimeouts.toLocaleString('en-US')} (killed workers and load; each is retried, not judged)`,
    `took: ${minutes(r.seconds)} (${Object.entries(r.phases)
      .map(([name, s]) => `${name} ${minutes(s)}`)
      .join(', ')})`,
    `machine: ${r.machine.cpus} cores, load average ${r.machine.loadBefore.toFixed(1)} at the start, ${r.machine.loadAfter.toFixed(1)} at the end`,
  );
  if (r.folder) lines.push(`kept: ${r.folder}`);
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      denials: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      evidence: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const denials = wholeNumber('denials', values.denials, 1000, 20);
  const seed = wholeNumber('seed', values.seed, crypto.randomInt(1, 2 ** 31), 0);
  process.stderr.write(`[chaos] seed ${seed}, ${denials} denials\n`);
  // The replay of every history at the end runs a worker in this process: its warnings only, not its state changes.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const result = await runChaos({
    denials,
    seed,
    keep: values.keep ?? false,
    ...(values.evidence ? { evidence: values.evidence } : {}),
    progress: (line) => process.stderr.write(`${line}\n`),
    onCleanup: (cleanup) => {
      guard(cleanup);
      return () => unguard(cleanup);
    },
  });
  if (values.json) console.log(JSON.stringify(result));
  else for (const line of describe(result)) console.log(line);
  return result.ok ? EXIT.ok : EXIT.failed;
}

runMain(main, USAGE);
