/**
 * The fuzz loop: seeded mutations of corpus files through the intake path, judged by three rules —
 * nothing throws, no file takes over a second, every rejection is positioned. Each failure carries the
 * command line that replays it alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CorpusFile } from './corpus';
import { mutate } from './mutators';
import { PipelineRig } from './pipeline-case';
import { positionProblems } from './positions';
import { Random, caseSeed } from './random';

/** No file may take longer than this, mutated or not (issue #11 item 7). */
export const FILE_BOUND_MS = 1000;

export type FailureKind = 'exception' | 'slow' | 'unpositioned';

export interface CaseFailure {
  kind: FailureKind;
  file: string;
  seed: number;
  ms: number;
  /** The mutations applied, in order. */
  steps: string[];
  detail: string;
  reproduce: string;
}

export interface FuzzFigures {
  iterations: number;
  uncaughtExceptions: number;
  slowestFileMs: number;
  slowest: { file: string; seed: number } | undefined;
  rejectionsWithoutPosition: number;
  /** Context: how the mutated files fared. */
  filesRejected: number;
  claimsQuarantined: number;
  denialsAssessed: number;
}

export interface FuzzOptions {
  iterations: number;
  seed: number;
  files: readonly CorpusFile[];
  boundMs?: number;
  onCase?: (done: number, failures: number) => void;
}

function shellWord(word: string): string {
  return /^[\w./:@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export function reproduceCommand(seed: number, file: string): string {
  return `npm run fuzz -- --seed ${seed} --file ${shellWord(file)} --iterations 1`;
}

/** A fault of the fuzzer itself stops the run, naming the case so it can be replayed. */
function mutateOrSay(file: CorpusFile, seed: number): ReturnType<typeof mutate> {
  try {
    return mutate(file.bytes, new Random(seed));
  } catch (err) {
    throw new Error(`the fuzzer failed to mutate ${file.name} with seed ${seed}: ${(err as Error).message}`, { cause: err });
  }
}

export async function fuzz(opts: FuzzOptions): Promise<{ figures: FuzzFigures; failures: CaseFailure[] }> {
  if (opts.files.length === 0) throw new Error('the corpus is empty');
  const bound = opts.boundMs ?? FILE_BOUND_MS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-835-'));
  const rig = new PipelineRig(dir);
  const failures: CaseFailure[] = [];
  const figures: FuzzFigures = {
    iterations: 0,
    uncaughtExceptions: 0,
    slowestFileMs: 0,
    slowest: undefined,
    rejectionsWithoutPosition: 0,
    filesRejected: 0,
    claimsQuarantined: 0,
    denialsAssessed: 0,
  };
  try {
    // Untimed and unjudged: the corpus read once as it is, so the first timed cases do not pay for the
    // JIT compiling the reader, the schemas and the classifier (a cold first case ran 3 to 4 times slower).
    for (const file of opts.files) await rig.run(file.name, file.bytes, opts.seed);
    for (let i = 0; i < opts.iterations; i++) {
      const seed = caseSeed(opts.seed, i);
      const file = opts.files[i % opts.files.length] as CorpusFile;
      const { bytes, steps } = mutateOrSay(file, seed);
      const result = await rig.run(file.name, bytes, seed);
      figures.iterations++;
      const fail = (kind: FailureKind, detail: string) =>
        failures.push({ kind, file: file.name, seed, ms: result.ms, steps, detail, reproduce: reproduceCommand(seed, file.name) });
      if (result.ms > figures.slowestFileMs) {
        figures.slowestFileMs = result.ms;
        figures.slowest = { file: file.name, seed };
      }
      if (result.ms > bound) fail('slow', `took ${result.ms.toFixed(0)} ms (bound ${bound} ms)`);
      if (result.error !== undefined) {
        figures.uncaughtExceptions++;
        fail('exception', result.error);
      } else if (result.report !== undefined) {
        const report = result.report;
        if (report.verdict === 'rejected') figures.filesRejected++;
        figures.claimsQuarantined += report.totals.quarantined;
        figures.denialsAssessed += report.totals.started;
        const problems = positionProblems(report, file.name);
        if (problems.length > 0) {
          figures.rejectionsWithoutPosition++;
          fail('unpositioned', problems.join('; '));
        }
      }
      opts.onCase?.(i + 1, failures.length);
    }
  } finally {
    rig.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { figures, failures };
}
