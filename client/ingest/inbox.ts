/**
 * The inbox folder watched by `npm start`: a file dropped into data/inbox/ is ingested and moved to
 * data/processed/ or data/rejected/, with its report beside it. A file is taken only once its size has
 * stopped changing, so a slow copy is not read half-written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../runtime/log';
import type { Intake } from './intake';
import { quarantinedClaimLines } from './quarantined-text';
import { deliveryCounts, isStatusReport, type IngestReport } from './report';
import { statusAnswerLines } from './status-answer-text';
import { summaryOnly } from './report-stream';
import { OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';

/** A source of files polled on the inbox's cadence (clearinghouse-inbound.ts). */
export interface InboundSource {
  poll(): Promise<unknown>;
}

export interface InboxFolders {
  inbox: string;
  processed: string;
  rejected: string;
}

export function inboxFolders(dataDir: string): InboxFolders {
  return { inbox: path.join(dataDir, 'inbox'), processed: path.join(dataDir, 'processed'), rejected: path.join(dataDir, 'rejected') };
}

function uniqueTarget(dir: string, name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(dir, `${stamp}_${name}`);
}

export function errorReportText(r: IngestReport | undefined, file: string, error?: string): string {
  const claims = r?.transaction === '837';
  const status = r !== undefined && isStatusReport(r);
  const lines = [
    `${claims ? 'Claim' : status ? `Claim status (${r.transaction})` : 'Remittance'} file: ${file}`,
    `Result: ${r ? (r.verdict === 'rejected' ? `REJECTED, nothing was ${claims ? 'stored' : status ? 'signaled' : 'started'}` : r.totals.errors > 0 ? 'accepted with errors' : 'accepted; some answers need a person') : 'FAILED'}`,
  ];
  if (error) lines.push(`Error: ${error}`);
  if (r) {
    lines.push(`Report id: ${r.reportId}`, '', 'Findings:');
    for (const f of r.findings) {
      const where = [f.position.interchange && `interchange ${f.position.interchange}`, f.position.set && `set ${f.position.set}`, `segment ${f.position.segment}`, f.position.segmentId]
        .filter(Boolean)
        .join(', ');
      lines.push(`  ${f.severity.toUpperCase()} ${f.code}: ${f.message} (${where})`);
    }
    if (r.findingsOmitted) lines.push(`  … and ${r.findingsOmitted} more`);
    const quarantined = quarantinedClaimLines(r);
    if (quarantined.length) lines.push('', ...quarantined);
    const unmatched = statusAnswerLines(r, true);
    if (unmatched.length) lines.push('', ...unmatched);
  }
  return `${lines.join('\n')}\n`;
}

export class InboxWatcher {
  private timer: NodeJS.Timeout | undefined;
  private readonly sizes = new Map<string, number>();
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly sources: { source: InboundSource; everyMs: number; last: number }[] = [];

  constructor(
    private readonly folders: InboxFolders,
    private readonly intake: Intake,
    private readonly log: Logger,
    private readonly intervalMs = 1000,
  ) {
    for (const dir of Object.values(folders)) intake.files.folder(dir);
  }

  /**
   * Another place files arrive (the clearinghouse's inbound folder), polled after a scan of the inbox once
   * `everyMs` has passed since its last poll (a remote server is not listed every second).
   */
  addSource(source: InboundSource, everyMs = 0): void {
    this.sources.push({ source, everyMs, last: 0 });
  }

  start(): void {
    const tick = () => {
      this.busy = this.scan()
        .then(async () => {
          for (const s of this.sources) {
            if (this.stopped || Date.now() - s.last < s.everyMs) continue;
            s.last = Date.now();
            await s.source.poll();
          }
        })
        .catch((err: unknown) => this.log.error(`inbox scan failed: ${(err as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.busy;
  }

  /**
   * One pass over the inbox; exported for tests and for `--once` style use. Each report returned is the
   * summary (totals, findings, quarantined claims): the whole one is saved (Intake.report, and the
   * .report.json beside the file).
   */
  async scan(): Promise<IngestReport[]> {
    const reports: IngestReport[] = [];
    for (const name of fs.readdirSync(this.folders.inbox).sort()) {
      if (this.stopped) break;
      if (name.startsWith('.')) continue;
      const file = path.join(this.folders.inbox, name);
      let size: number;
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile()) continue;
        size = stat.size;
      } catch {
        continue;
      }
      if (this.sizes.get(name) !== size) {
        this.sizes.set(name, size); // seen for the first time or still growing: take it next pass
        continue;
      }
      this.sizes.delete(name);
      const { report } = await this.take(name, file);
      if (report) reports.push(report);
    }
    return reports;
  }

  /**
   * Ingests one file and keeps it, sealed, in processed/ or rejected/ with its report (and an error text
   * when something needs a person); `settled` is false when it failed for a transient reason (Temporal
   * down), in which case the file is left where it is for the next pass. The clearinghouse poll takes
   * its files through here too (`via` 'clearinghouse').
   */
  async take(name: string, file: string, via: 'inbox' | 'clearinghouse' = 'inbox'): Promise<{ report?: IngestReport; settled: boolean }> {
    let report: IngestReport | undefined;
    let error: string | undefined;
    try {
      // The whole report is streamed to its saved file; this keeps the summary and the quarantined claims.
      report = await this.intake.ingest(file, { via, dryRun: false, displayName: name }, undefined, summaryOnly);
    } catch (err) {
      error = (err as Error).message;
    }
    // A file that failed for a transient reason (Temporal down) stays in the inbox for the next pass.
    if (error && !report && /UNAVAILABLE|ECONNREFUSED|DEADLINE_EXCEEDED/i.test(error)) {
      this.log.warn(`${via}: ${name} left in the ${via === 'inbox' ? 'inbox' : "clearinghouse's inbound folder"}, will retry: ${error}`);
      return { settled: false };
    }
    // Accepted files go to processed/ even when some claims were quarantined (the rest was delivered);
    // the error report beside them lists what needs a person. All three are kept sealed.
    const ok = report?.verdict === 'accepted';
    const target = uniqueTarget(ok ? this.folders.processed : this.folders.rejected, name);
    await this.intake.files.keep(file, target);
    const saved = report && this.intake.savedReport(report.reportId);
    // A copy of the sealed file as it is (no key needed, no report in memory), owner-only like the original.
    if (saved) {
      fs.copyFileSync(saved, `${target}.report.json`);
      fs.chmodSync(`${target}.report.json`, OWNER_ONLY_FILE);
    }
    if (!ok || report!.totals.errors > 0 || report!.totals.unmatched + report!.totals.ambiguous > 0) this.intake.files.write(`${target}.error.txt`, errorReportText(report, name, error));
    this.log.info(
      ok
        ? `${via}: ${name} → processed (${deliveryCounts(report!)}, ${report!.totals.errors} errors)`
        : `${via}: ${name} → rejected (${error ?? `${report!.totals.errors} errors`}); read why with \`npx denials files show ${target}.error.txt\``,
    );
    return report ? { report, settled: true } : { settled: true };
  }
}
