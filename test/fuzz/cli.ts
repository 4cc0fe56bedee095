/**
 * `npm run fuzz -- [--iterations N] [--seed S] [--file F] [--json]`: seeded mutations of the 835 corpus
 * through the intake path (reader, denial detection, case building, classification). Prints progress on
 * stderr, then one line per figure; exit 1 when anything threw, took over the per-file bound or was
 * rejected without a position, each failure with the command that replays it alone.
 */
import { parseArgs } from 'node:util';
import { UsageError, runMain } from '../../client/cli/output';
import { type CorpusFile, corpusFile, loadCorpus, sharedCorpusDir } from './corpus';
import { type CaseFailure, FILE_BOUND_MS, type FuzzFigures, fuzz } from './runner';

const USAGE = `Usage: npm run fuzz -- [--iterations N] [--seed S] [--file F] [--json]
  --iterations N  mutated files to read (default 10000)
  --seed S        seed of the first case; case i uses S+i (default 1)
  --file F        mutate only F: a path, or a corpus name such as generated:many-codes
  --json          one JSON object instead of lines`;

/** How many failures the text output spells out; --json lists them all. */
const SHOWN = 20;

function integer(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > 0xffffffff) throw new UsageError(`${name} must be a whole number from ${min} to 4294967295, got '${value}'.`);
  return Number(value);
}

function figureLines(f: FuzzFigures): string[] {
  const slowest = f.slowest === undefined ? '' : `; ${f.slowest.file}, seed ${f.slowest.seed}`;
  return [
    `iterations: ${f.iterations}`,
    `uncaught exceptions: ${f.uncaughtExceptions}`,
    `slowest file ms: ${f.slowestFileMs.toFixed(1)} (bound ${FILE_BOUND_MS}${slowest})`,
    `rejections without position: ${f.rejectionsWithoutPosition}`,
    `files rejected: ${f.filesRejected}; claims quarantined: ${f.claimsQuarantined}; denials started and assessed: ${f.denialsAssessed}`,
  ];
}

/** A failure for a person: the first line of what went wrong (the whole trace when replaying one case). */
function failureLines(failure: CaseFailure, whole: boolean): string[] {
  const detail = whole ? failure.detail : (failure.detail.split('\n')[0] ?? '');
  return [`FAIL ${failure.kind} ${failure.file} seed ${failure.seed} (${failure.ms.toFixed(0)} ms): ${detail}`, `  mutations: ${failure.steps.join(' | ')}`, `  reproduce: ${failure.reproduce}`];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { iterations: { type: 'string' }, seed: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const iterations = integer(values.iterations, '--iterations', 10_000, 1);
  const seed = integer(values.seed, '--seed', 1, 0);
  let files: CorpusFile[];
  let corpusNote: string;
  if (values.file !== undefined) {
    files = [await corpusFile(values.file)];
    corpusNote = values.file;
  } else {
    const corpus = await loadCorpus();
    files = corpus.files;
    corpusNote = `${files.length} files: samples/, generated${corpus.shared ? `, ${sharedCorpusDir}` : ` (${sharedCorpusDir} not found: left out)`}`;
  }
  if (!values.json) console.error(`fuzz: ${iterations} cases from seed ${seed}; corpus ${corpusNote}`);
  const every = Math.max(1, Math.floor(iterations / 20));
  const { figures, failures } = await fuzz({
    iterations,
    seed,
    files,
    onCase: (done, failed) => {
      if (done % every === 0 || done === iterations) console.error(`fuzz: ${done}/${iterations} cases, ${failed} failures`);
    },
  });
  const ok = failures.length === 0;
  if (values.json) {
    console.log(JSON.stringify({ ok, seed, corpus: corpusNote, boundMs: FILE_BOUND_MS, ...figures, failures }, null, 2));
  } else {
    for (const line of figureLines(figures)) console.log(line);
    for (const failure of failures.slice(0, SHOWN)) for (const line of failureLines(failure, iterations === 1)) console.log(line);
    if (failures.length > SHOWN) console.log(`... and ${failures.length - SHOWN} more failures (--json lists them all)`);
    console.log(ok ? 'fuzz: ok' : `fuzz: ${failures.length} failures`);
  }
  return ok ? 0 : 1;
}

runMain(main, USAGE);
