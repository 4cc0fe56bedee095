/**
 * Retention of what the intake keeps: uploaded, processed and rejected 835s with their reports and error
 * files are deleted UPLOAD_RETENTION_DAYS after they were kept, and so are the intake journal's copies of
 * the reports. By then every claim is in its workflow and the ledger, and the payer's 835 can be fetched
 * again from the clearinghouse; what is not kept cannot leak. Runs at start and hourly in the process
 * that runs the intake (the web role).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../runtime/log';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface RetentionOptions {
  /** Folders whose files are kept copies (uploads/, processed/, rejected/). */
  dirs: readonly string[];
  days: number;
  /** Deletes the journal's reports received before the ISO time; returns how many. */
  forgetReports(before: string): Promise<number>;
  log: Logger;
  now?: () => Date;
}

function deleteOlder(dir: string, cutoffMs: number): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.join(dir, e.name);
    try {
      if (fs.statSync(file).mtimeMs < cutoffMs) {
        fs.rmSync(file, { force: true });
        deleted++;
      }
    } catch {
      // Gone meanwhile (another node sharing the folder swept it): nothing to do.
    }
  }
  return deleted;
}

/** One pass: deletes what is older than the retention period. Counts only in the log, never names. */
export async function sweepKeptFiles(opts: RetentionOptions): Promise<{ files: number; reports: number }> {
  const cutoff = (opts.now?.() ?? new Date()).getTime() - opts.days * DAY_MS;
  const files = opts.dirs.reduce((n, dir) => n + deleteOlder(dir, cutoff), 0);
  const reports = await opts.forgetReports(new Date(cutoff).toISOString());
  if (files || reports) {
    opts.log.info(`Retention: deleted ${files} kept 835 and report files and ${reports} intake reports older than ${opts.days} days (UPLOAD_RETENTION_DAYS).`);
  }
  return { files, reports };
}

/** Sweeps now, then every hour until stopped. */
export function startRetentionSweep(opts: RetentionOptions, intervalMs = HOUR_MS): { stop(): void } {
  const sweep = () => {
    sweepKeptFiles(opts).catch((err: Error) => opts.log.error(`Retention sweep failed (retried in an hour): ${err.message}`));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
