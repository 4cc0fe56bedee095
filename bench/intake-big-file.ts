/**
 * intake.big_file_peak_rss_mb: the peak RSS of `npm run ingest -- --dry-run --json <file>` (the real CLI,
 * in its own process) over a generated 200 MB remittance of 185k claims, with the whole report written to
 * a file through its stdout. The report is checked before the figure counts: it must end as one JSON
 * document with every claim listed. Target ≤ 300.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { guard, unguard } from './cleanup';
import { median } from './figures';
import type { GeneratedRemittance } from './remittance-generator';

export const BIG_FILE = { claims: 185_000, linesPerClaim: 7, claimsPerSet: 1000, seed: 2000 };
export const BIG_FILE_RUNS = 3;

const repoRoot = path.join(__dirname, '..');

export interface BigFileRun {
  peakRssMb: number;
  seconds: number;
  reportBytes: number;
}

/** Counts the claim lines of a report file without holding it: `"clp01": ` once per claim. */
async function claimLinesIn(file: string): Promise<number> {
  const needle = '"clp01": ';
  let count = 0;
  let carry = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
    const text = carry + (chunk as string);
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
    carry = text.slice(-(needle.length - 1));
  }
  return count;
}

/** The end of the report: the last part holds the run's totals and `ok`. */
function tailOf(file: string, bytes = 4096): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(bytes, size));
    fs.readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function ingestChild(file: string, reportFile: string, rssFile: string, dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(reportFile, 'w', 0o600);
    const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(__dirname, 'peak-rss-on-exit.mjs')).href, '--import', 'tsx', path.join(repoRoot, 'client/cli/ingest.ts'), '--dry-run', '--json', file], {
      cwd: repoRoot,
      env: { ...process.env, BENCH_PEAK_RSS_FILE: rssFile, DATA_DIR: dataDir },
      stdio: ['ignore', out, 'inherit'],
    });
    fs.closeSync(out);
    const stop = guard(() => void child.kill('SIGTERM'));
    child.on('error', (err) => (unguard(stop), reject(err)));
    child.on('close', (code) => (unguard(stop), resolve(code ?? 1)));
  });
}

export async function bigFileRun(big: GeneratedRemittance, workDir: string): Promise<BigFileRun> {
  const reportFile = path.join(workDir, 'big-report.json');
  const rssFile = path.join(workDir, 'big-peak-rss');
  const started = process.hrtime.bigint();
  const code = await ingestChild(big.file, reportFile, rssFile, path.join(workDir, 'data'));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`ingest --dry-run --json of ${path.basename(big.file)} exited with ${code}: ${tailOf(reportFile, 300)}`);
  const tail = tailOf(reportFile);
  if (!/"ok": true\n\}\n$/.test(tail) || !tail.includes(`"claims": ${big.claims},`)) throw new Error(`the report of ${path.basename(big.file)} does not end with its totals: …${tail.slice(-300)}`);
  const listed = await claimLinesIn(reportFile);
  if (listed !== big.claims) throw new Error(`the report of ${path.basename(big.file)} lists ${listed} claims of ${big.claims}`);
  const run = { peakRssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024, seconds, reportBytes: fs.statSync(reportFile).size };
  fs.rmSync(reportFile, { force: true });
  return run;
}

export function bigFileLine(big: GeneratedRemittance, runs: BigFileRun[]): string {
  const list = (xs: number[], d: number) => `[${xs.map((x) => x.toFixed(d)).join(', ')}]`;
  const peaks = runs.map((r) => r.peakRssMb);
  return (
    `intake.big_file_peak_rss_mb: peak RSS (maxRSS, MiB) of \`ingest --dry-run --json\` in its own process over ${path.basename(big.file)} (${(big.bytes / 1e6).toFixed(0)} MB, ${big.claims} claims), ` +
    `the whole report written to a file (${(median(runs.map((r) => r.reportBytes)) / 1e6).toFixed(0)} MB, every claim counted in it); median of ${runs.length}: ${median(peaks).toFixed(1)} ${list(peaks, 1)}; ` +
    `run time ${median(runs.map((r) => r.seconds)).toFixed(1)} s ${list(runs.map((r) => r.seconds), 1)}`
  );
}
