/**
 * Intake benchmark: how close the 835 reader and the intake come to what the machine and Temporal allow.
 *
 * - intake.reader: MB/s of the real reader (readRemittance over a file stream in 256 KiB chunks, the
 *   intake's read size, every event consumed) ÷ MB/s of a raw split of the same file (same stream and
 *   chunk size, TextDecoder(stream), split into segments on the terminator keeping the tail across
 *   chunks, each segment split into elements, elements counted; no model). Each round times reader, raw,
 *   raw, reader (whichever runs second in a pair runs faster on this machine, so each side gets both
 *   places) and takes total raw time ÷ total reader time; the figure is the median round. Target ≥ 0.9.
 * - intake.sealed_reader: the reader over the same file kept sealed (runtime/at-rest: AES-256-GCM records
 *   of 256 KiB, read and opened a record at a time, as the intake reads a kept or uploaded 835) ÷ the
 *   reader over the plain file; rounds of plain, sealed, sealed, plain, total plain time ÷ total sealed
 *   time, the median round. Target ≥ 0.9.
 * - intake.peak_rss_mb: peak RSS (maxRSS) of a child process that only runs the reader over the file.
 *   Target ≤ 150.
 * - intake.starts: denial workflows started per second by the real pipeline (ingestFile with the Temporal
 *   deliverer, journal and codec) ÷ bare no-op workflow starts per second, same dev server, same client,
 *   32 in flight each, the no-op ids random and of the intake's form (bench/intake-starts.ts says why);
 *   each round runs no-op, intake, intake, no-op (or the reverse) and the median round is the figure.
 *   No worker runs: a start does not wait for one. Target ≥ 0.9.
 *
 * - intake.big_file_peak_rss_mb: peak RSS of `npm run ingest -- --dry-run --json` in its own process over
 *   a generated 200 MB file of 185k claims, the whole report written to a file and checked complete
 *   (bench/intake-big-file.ts); median of 3. Target ≤ 300. The 200 MB file is deleted once measured.
 *
 * The file is a generated, balanced 835 (bench/remittance-generator.ts): 50k claims of 7 service lines,
 * 1000 claims per ST; the reader must report no finding on it before anything is measured.
 *
 *   npm run bench -- intake
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { detectDenial, readRemittance } from '../domain/remittance';
import { createSealedWriteStream } from '../runtime/at-rest/sealed-stream';
import { compiledReader, compiledSealedStream } from './compiled';
import { makeKeyring, type CodecKeyring } from '../runtime/codec';
import { runChild } from './child';
import { guard, unguard } from './cleanup';
import { type BenchResult, figure, list, median } from './figures';
import { BIG_FILE, BIG_FILE_RUNS, bigFileLine, bigFileRun, type BigFileRun } from './intake-big-file';
import type { StartsResult } from './intake-starts';
import { type GeneratedRemittance, generateRemittance } from './remittance-generator';

/** The intake's read size (client/ingest/pipeline.ts). */
const CHUNK = 256 * 1024;
const BIG = { claims: 50_000, linesPerClaim: 7, claimsPerSet: 1000, seed: 835 };
/** The start figure reads a smaller file, so its rounds fit the time budget on two cores. */
const STARTS_FILE = { claims: 5_000, linesPerClaim: 7, claimsPerSet: 1000, seed: 4010 };
const READER_ROUNDS = 5;
const SEALED_ROUNDS = 3;
const RSS_RUNS = 5;

const MB = 1e6;
const now = () => process.hrtime.bigint();
const secondsSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

function progress(message: string): void {
  process.stderr.write(`[intake] ${message}\n`);
}

// ---- the reader and the raw split --------------------------------------------------------------

interface ReaderPass {
  seconds: number;
  events: number;
  findings: number;
  claims: number;
}

/** With a key ring, the file is a sealed one, read as the intake reads it. */
async function readerPass(file: string, keyring?: CodecKeyring): Promise<ReaderPass> {
  const started = now();
  let events = 0;
  let findings = 0;
  let claims = 0;
  // The reader as `npm start` runs it: compiled (bench/compiled.ts).
  const chunks = keyring ? compiledSealedStream().openedChunks(file, keyring) : fs.createReadStream(file, { highWaterMark: CHUNK });
  for await (const event of compiledReader().readRemittance(chunks, path.basename(file))) {
    events++;
    if (event.kind === 'finding') findings++;
    else if (event.kind === 'claim') claims++;
  }
  return { seconds: secondsSince(started), events, findings, claims };
}

/** The ISA is fixed width: element separator at offset 3, segment terminator at 105. */
function delimitersOf(file: string): { element: string; segment: string } {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(106);
    fs.readSync(fd, head, 0, 106, 0);
    const text = head.toString('latin1');
    if (!text.startsWith('ISA')) throw new Error(`${file} does not start with ISA`);
    return { element: text.charAt(3), segment: text.charAt(105) };
  } finally {
    fs.closeSync(fd);
  }
}

async function rawSplitPass(file: string, element: string, terminator: string): Promise<{ seconds: number; segments: number; elements: number }> {
  const started = now();
  const decoder = new TextDecoder('utf-8');
  let tail = '';
  let segments = 0;
  let elements = 0;
  const split = (text: string): string => {
    let start = 0;
    let end = text.indexOf(terminator);
    while (end >= 0) {
      elements += text.slice(start, end).split(element).length;
      segments++;
      start = end + 1;
      end = text.indexOf(terminator, start);
    }
    return start === 0 ? text : text.slice(start);
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) {
    tail = split(tail + decoder.decode(chunk as Buffer, { stream: true }));
  }
  tail = split(tail + decoder.decode()).trim();
  if (tail.length > 0) {
    elements += tail.split(element).length;
    segments++;
  }
  return { seconds: secondsSince(started), segments, elements };
}

/** Reads the file once with the reader: no finding allowed, and the claim mix must be what was generated. */
async function validate(g: GeneratedRemittance): Promise<string> {
  const kinds = new Map<string, number>();
  const outcomes = { denial: 0, reversal: 0, payment: 0, 'not-final': 0 };
  let verdict = '';
  let firstFinding = '';
  for await (const event of readRemittance(fs.createReadStream(g.file, { highWaterMark: CHUNK }), path.basename(g.file))) {
    kinds.set(event.kind, (kinds.get(event.kind) ?? 0) + 1);
    if (event.kind === 'claim') outcomes[detectDenial(event.claim, event.context).outcome]++;
    else if (event.kind === 'finding' && !firstFinding) firstFinding = `${event.finding.code}: ${event.finding.message}`;
    else if (event.kind === 'end') verdict = event.verdict;
  }
  const findings = kinds.get('finding') ?? 0;
  const problems: string[] = [];
  if (findings > 0) problems.push(`${findings} findings (first: ${firstFinding})`);
  if (verdict !== 'accepted') problems.push(`verdict ${verdict}`);
  if ((kinds.get('claim') ?? 0) !== g.claims) problems.push(`${kinds.get('claim') ?? 0} claims read, ${g.claims} written`);
  if ((kinds.get('quarantined') ?? 0) > 0) problems.push(`${kinds.get('quarantined')} quarantined`);
  if ((kinds.get('set-start') ?? 0) !== g.sets) problems.push(`${kinds.get('set-start') ?? 0} sets read, ${g.sets} written`);
  if (outcomes.denial !== g.expected.denials) problems.push(`${outcomes.denial} denials detected, ${g.expected.denials} generated`);
  if (outcomes.reversal !== g.expected.reversals) problems.push(`${outcomes.reversal} reversals detected, ${g.expected.reversals} generated`);
  if (problems.length > 0) throw new Error(`generated file ${path.basename(g.file)} does not read clean: ${problems.join('; ')}`);
  return `${path.basename(g.file)}: ${(g.bytes / MB).toFixed(1)} MB, ${g.claims} claims (${g.serviceLines} service lines), ${g.sets} ST sets, ${g.segments} segments; reader: 0 findings, verdict accepted, ${outcomes.denial} denials (${g.expected.fullDenials} CLP02 4 + ${g.expected.partialDenials} partial CO-97), ${outcomes.reversal} reversals + ${g.expected.corrections} corrections, ${outcomes.payment - g.expected.corrections} paid`;
}

// ---- peak RSS in a child -----------------------------------------------------------------------

interface ChildResult {
  maxRssKb: number;
  rssBeforeBytes: number;
  events: number;
  findings: number;
  seconds: number;
}

const readerChild = (file: string) => runChild<ChildResult>('intake-reader-child.ts', [file]);
const startsChild = (file: string, denials: number, workDir: string) => runChild<StartsResult>('intake-starts.ts', [file, String(denials), workDir]);

function startsLines(r: StartsResult, small: GeneratedRemittance, big: GeneratedRemittance): { ratio: number; lines: string[] } {
  const ratios = r.intakePerSecond.map((x, i) => x / (r.noopPerSecond[i] as number));
  const versusSequential = r.intakePerSecond.map((x, i) => x / (r.noopSequentialPerSecond[i] as number));
  const randomVersusSequential = r.noopPerSecond.map((x, i) => x / (r.noopSequentialPerSecond[i] as number));
  return {
    ratio: median(ratios),
    lines: [
      `intake.starts file: ${path.basename(small.file)}, a smaller generated file of ${small.claims} claims (${(small.bytes / MB).toFixed(1)} MB) with ${r.denials} denials, so the rounds fit the time budget on 2 cores (the ${big.claims}-claim file has ${big.expected.denials})`,
      `intake.starts measures the delivery pass only: from its first chunk to the last start acknowledged (the validation pass is excluded); the report lists every claim, as at every entry point; ${r.concurrency} in flight, codec on, one dev server in memory, no worker, run in a child process`,
      `denial workflows started per second (delivery pass; per round, two passes, no-op/intake/intake/no-op or the reverse; median of ${r.rounds} rounds): ${median(r.intakePerSecond).toFixed(0)} ${list(r.intakePerSecond, 0)}`,
      `denial workflows started per second over the whole ingest (validation + delivery): ${median(r.intakeWholePerSecond).toFixed(0)} ${list(r.intakeWholePerSecond, 0)}`,
      `bare no-op workflow starts per second (per round, two series of ${r.noopCount} starts, ${r.concurrency} in flight, random ids of the intake's form): ${median(r.noopPerSecond).toFixed(0)} ${list(r.noopPerSecond, 0)}`,
      `intake.starts per-round ratios: ${list(ratios, 2)}`,
      `for reference, no-op starts with sequential ids (the cheapest start; the dev server's tables take them in order): ${median(r.noopSequentialPerSecond).toFixed(0)} ${list(r.noopSequentialPerSecond, 0)}; intake ÷ that, per round: ${list(versusSequential, 2)}, median ${median(versusSequential).toFixed(2)}`,
      `no-op starts with random ids ÷ with sequential ids, per round: ${list(randomVersusSequential, 2)}, median ${median(randomVersusSequential).toFixed(2)}: against sequential ids, an intake that cost nothing but used keyed-hash ids would score about this`,
    ],
  };
}

// ---- the benchmark -----------------------------------------------------------------------------

export async function runIntakeBench(): Promise<BenchResult> {
  const benchStarted = now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-intake-'));
  const removeWorkDir = guard(() => fs.rmSync(workDir, { recursive: true, force: true }));
  try {
    progress(`generating ${BIG.claims} claims into ${workDir}`);
    const t = now();
    const big = await generateRemittance(path.join(workDir, 'remittance-50k.835'), BIG);
    const small = await generateRemittance(path.join(workDir, 'remittance-5k.835'), STARTS_FILE);
    const generateSeconds = secondsSince(t);

    progress('checking the generated files with the reader');
    const bigCheck = await validate(big);
    const smallCheck = await validate(small);

    // Reader vs raw split: one untimed pass of each first, then ABBA rounds.
    const { element, segment } = delimitersOf(big.file);
    progress('reader vs raw split');
    const warmRaw = await rawSplitPass(big.file, element, segment);
    await readerPass(big.file);
    const readerMbs: number[] = [];
    const rawMbs: number[] = [];
    const readerRatios: number[] = [];
    let lastReader: ReaderPass | undefined;
    for (let round = 0; round < READER_ROUNDS; round++) {
      const reader1 = await readerPass(big.file);
      const raw1 = await rawSplitPass(big.file, element, segment);
      const raw2 = await rawSplitPass(big.file, element, segment);
      const reader2 = await readerPass(big.file);
      for (const reader of [reader1, reader2]) {
        if (reader.findings > 0 || reader.claims !== big.claims) throw new Error(`reader round ${round}: ${reader.findings} findings, ${reader.claims} claims`);
      }
      lastReader = reader2;
      const readerSeconds = reader1.seconds + reader2.seconds;
      const rawSeconds = raw1.seconds + raw2.seconds;
      readerMbs.push((2 * big.bytes) / MB / readerSeconds);
      rawMbs.push((2 * big.bytes) / MB / rawSeconds);
      readerRatios.push(rawSeconds / readerSeconds);
    }

    progress('reader over the sealed file vs the plain one');
    const keyring = makeKeyring([{ id: 'bench', key: crypto.randomBytes(32) }]);
    const sealedFile = path.join(workDir, 'remittance-50k.sealed');
    const sealStarted = now();
    await pipeline(fs.createReadStream(big.file, { highWaterMark: CHUNK }), createSealedWriteStream(sealedFile, keyring));
    const sealSeconds = secondsSince(sealStarted);
    await readerPass(sealedFile, keyring);
    const sealedRatios: number[] = [];
    const sealedMbs: number[] = [];
    for (let round = 0; round < SEALED_ROUNDS; round++) {
      const plain1 = await readerPass(big.file);
      const sealed1 = await readerPass(sealedFile, keyring);
      const sealed2 = await readerPass(sealedFile, keyring);
      const plain2 = await readerPass(big.file);
      if (sealed1.claims !== big.claims || sealed2.claims !== big.claims) throw new Error(`sealed reader round ${round}: ${sealed2.claims} claims`);
      sealedMbs.push((2 * big.bytes) / MB / (sealed1.seconds + sealed2.seconds));
      sealedRatios.push((plain1.seconds + plain2.seconds) / (sealed1.seconds + sealed2.seconds));
    }

    progress('peak RSS of a reader-only child');
    const children: ChildResult[] = [];
    for (let i = 0; i < RSS_RUNS; i++) {
      const c = await readerChild(big.file);
      if (c.findings > 0) throw new Error(`reader child: ${c.findings} findings`);
      children.push(c);
    }
    const peaks = children.map((c) => c.maxRssKb / 1024);
    const before = children.map((c) => c.rssBeforeBytes / 1024 / 1024);

    progress(`peak RSS of a dry-run ingest of ${BIG_FILE.claims} claims (about 200 MB), ${BIG_FILE_RUNS} runs`);
    const bigFile = await generateRemittance(path.join(workDir, 'remittance-185k.835'), BIG_FILE);
    const bigRuns: BigFileRun[] = [];
    try {
      for (let i = 0; i < BIG_FILE_RUNS; i++) bigRuns.push(await bigFileRun(bigFile, workDir));
    } finally {
      fs.rmSync(bigFile.file, { force: true });
    }

    const starts = startsLines(await startsChild(small.file, small.expected.denials, workDir), small, big);

    const figures = [
      figure('intake.reader', median(readerRatios), 2, '≥', 0.9),
      figure('intake.sealed_reader', median(sealedRatios), 2, '≥', 0.9),
      figure('intake.peak_rss_mb', median(peaks), 0, '≤', 150),
      figure('intake.starts', starts.ratio, 2, '≥', 0.9),
      figure('intake.big_file_peak_rss_mb', median(bigRuns.map((r) => r.peakRssMb)), 0, '≤', 300),
    ];
    const lines = [
      `reader MB/s (readRemittance, ${CHUNK / 1024} KiB chunks, every event consumed; per round, two passes; median of ${READER_ROUNDS}): ${median(readerMbs).toFixed(1)} ${list(readerMbs, 1)}`,
      `raw split MB/s (TextDecoder stream, ${CHUNK / 1024} KiB chunks, segments on '${segment}', elements on '${element}', counted; per round, two passes; median of ${READER_ROUNDS}): ${median(rawMbs).toFixed(1)} ${list(rawMbs, 1)}`,
      `intake.reader per-round ratios: ${list(readerRatios, 2)}; reader events per pass: ${lastReader?.events ?? 0}; raw split: ${warmRaw.segments} segments, ${warmRaw.elements} elements`,
      `reader over the sealed file MB/s (plaintext MB; per round, two passes; median of ${SEALED_ROUNDS}): ${median(sealedMbs).toFixed(1)} ${list(sealedMbs, 1)}; intake.sealed_reader per-round ratios: ${list(sealedRatios, 2)}; sealing the file took ${sealSeconds.toFixed(2)} s (${(big.bytes / MB / sealSeconds).toFixed(0)} MB/s, read and write included)`,
      `peak RSS of the reader-only child (the compiled reader, as npm start runs it, in a child under tsx; 256 KiB chunks; MB = MiB, median of ${RSS_RUNS}): ${median(peaks).toFixed(1)} ${list(peaks, 1)}; RSS before reading (node + tsx loader + the reader modules): ${median(before).toFixed(1)} MiB, so reading adds ${median(children.map((c) => c.maxRssKb / 1024 - c.rssBeforeBytes / 1024 / 1024)).toFixed(1)} MiB; child read time ${median(children.map((c) => c.seconds)).toFixed(2)} s`,
      ...starts.lines,
      bigCheck,
      smallCheck,
      bigFileLine(bigFile, bigRuns),
      `MB = 10^6 bytes for throughput; generation took ${generateSeconds.toFixed(1)} s; whole benchmark ${secondsSince(benchStarted).toFixed(0)} s; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)}`,
    ];
    return { figures, lines };
  } finally {
    unguard(removeWorkDir);
    removeWorkDir();
  }
}

if (require.main === module) {
  runIntakeBench()
    .then(({ figures, lines }) => {
      for (const f of figures) console.log(`${f.name}: ${f.display} (target ${f.target.op} ${f.target.value})`);
      for (const line of lines) console.log(line);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
