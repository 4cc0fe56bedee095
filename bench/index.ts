/**
 * Benchmark runner.
 *
 *   npm run bench                    every benchmark
 *   npm run bench -- intake packets  the named ones, in that order
 *   npm run bench -- worklist        worklist and dashboard latency over 100k seeded denials
 *   npm run bench -- lifecycle       750 denials ingested until parked, against one-activity no-op workflows
 *   npm run bench -- footprint       10,000 parked denials: worker RSS and Temporal database bytes per denial
 *   npm run bench -- intake --json   one JSON object instead of lines
 *
 * Each headline figure is printed as `name: value (target X)`, with MISSED after a missed target; raw
 * figures follow on further lines. A missed target is a measurement, not a failure: the exit code is 0.
 * Exit code 2 for an unknown benchmark or option, 1 when a benchmark could not run. Progress goes to stderr.
 */
import { exitWhenDrained } from '../client/cli/output';
import { interrupting } from './cleanup';
import { type BenchResult, type Figure, formatFigure, met, parseFigure } from './figures';
import { runIntakeBench } from './intake';
import { runLifecycleBench } from './lifecycle';
import { runFootprintBench } from './lifecycle/footprint';
import { runPacketsBench } from './packets';
import { runWorklistBench } from './worklist';
import { httpSurface } from './worklist-http';

/** packets.ts returns printed lines: its figure lines are read back into figures. */
async function packets(): Promise<BenchResult> {
  const { lines } = await runPacketsBench();
  const figures: Figure[] = [];
  const rest: string[] = [];
  for (const line of lines) {
    const f = parseFigure(line);
    if (f) figures.push(f);
    else rest.push(line);
  }
  return { figures, lines: rest };
}

const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  intake: runIntakeBench,
  lifecycle: runLifecycleBench,
  footprint: runFootprintBench,
  packets,
  worklist: () => runWorklistBench(httpSurface),
};

const USAGE = `Usage: npm run bench -- [${Object.keys(BENCHMARKS).join('|')}]... [--json]
  No name runs every benchmark. Available: ${Object.keys(BENCHMARKS).join(', ')}.`;

async function main(argv: string[]): Promise<number> {
  let json = false;
  const names: string[] = [];
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      console.error(`Unknown option ${arg}.\n${USAGE}`);
      return 2;
    } else if (!(arg in BENCHMARKS)) {
      console.error(`Unknown benchmark '${arg}'. Available: ${Object.keys(BENCHMARKS).join(', ')}.`);
      return 2;
    } else if (!names.includes(arg)) names.push(arg);
  }
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);

  const results: Record<string, { figures: Record<string, { value: number; target: string; met: boolean }>; lines: string[] }> = {};
  for (const name of selected) {
    const run = BENCHMARKS[name] as () => Promise<BenchResult>;
    const result = await run();
    if (json) {
      const figures: (typeof results)[string]['figures'] = {};
      for (const f of result.figures) figures[f.name] = { value: Number(f.display), target: `${f.target.op} ${f.target.value}`, met: met(f) };
      results[name] = { figures, lines: result.lines };
    } else {
      for (const f of result.figures) console.log(formatFigure(f));
      for (const line of result.lines) console.log(line);
    }
  }
  if (json) console.log(JSON.stringify(results, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => exitWhenDrained(code),
  (err: unknown) => {
    // Interrupted: the signal handler exits once the cleanups are done.
    if (interrupting()) return;
    console.error(err);
    process.exit(1);
  },
);
