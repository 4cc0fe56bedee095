/**
 * The intake journal: which remittance events were delivered to which denial workflow, and the reports
 * of past runs. It is what lets a second run of the same file say "duplicate" instead of doing work, and
 * what routes a later payment to a workflow that exists. It lives in the SQLite file of the data folder,
 * or in PostgreSQL when DATABASE_URL is set, so every web node sees what the others delivered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CodecKeyring } from '../../runtime/codec';
import { readOpenedFile } from '../../runtime/at-rest/sealed-files';
import { openBytes } from '../../runtime/at-rest/sealed-bytes';
import { isSealedText, needsSealing, openText, sealText } from '../../runtime/at-rest/sealed-text';
import { openPostgres } from '../../runtime/store/postgres-database';
import { intakeMigrations, openDenialsStore } from '../../runtime/store/schema';
import { sqliteDatabase, type SqlDatabase } from '../../runtime/store/sql-database';
import type { Statement } from '../../runtime/store/sql-statement';
import { IngestReport } from './report';

interface DeliveryRecord {
  eventKey: string;
  workflowId: string;
  kind: string;
  payerId: string;
  reportId: string;
}

const reportContext = (reportId: string) => `intake_reports:${reportId}`;

/**
 * A saved report row: the whole report (releases before streamed reports, and reports saved without a
 * file), or its summary with `savedIn`, the sealed file in the reports folder that holds every claim line.
 */
const ReportRow = IngestReport.extend({ savedIn: z.string().optional() });

/** Deliveries are written in batches of at most this many, or this old (see recordDelivery). */
const BATCH_SIZE = 64;
const BATCH_AGE_MS = 250;

/**
 * On PostgreSQL the saved report's sealed bytes are kept in its row too (`saved_file`): another web node
 * must be able to show the report, and nothing may need a shared folder.
 */
export const postgresIntakeMigrations = [
  ...intakeMigrations,
  { version: 2, name: 'intake reports keep their saved file', sql: 'ALTER TABLE intake_reports ADD COLUMN saved_file BYTEA' },
];

export class IntakeJournal {
  /** Delivered, not yet written; lookups see them. */
  private pending: (DeliveryRecord & { newWorkflow: boolean; at: string })[] = [];
  private readonly pendingEvents = new Set<string>();
  private readonly pendingWorkflows = new Set<string>();
  private oldestPending = 0;
  /** Batches being written, in order: flush() waits for all of them. */
  private writing: Promise<void> = Promise.resolve();
  private writeFailure: Error | undefined;

  /** `keyring` seals each saved report: it lists every claim's CLP01, the patient's account number. */
  /** `reportsDir`: where streamed reports are saved (saved-report.ts). */
  constructor(
    private readonly db: SqlDatabase,
    private readonly keyring: CodecKeyring,
    private readonly reportsDir?: string,
  ) {}

  /** The deployment's journal: PostgreSQL when `databaseUrl` is given, else the SQLite file in `dataDir`. */
  static open(opts: { dataDir: string; databaseUrl?: string | undefined; keyring: CodecKeyring; reportsDir?: string }): IntakeJournal {
    const db = opts.databaseUrl ? openPostgres(opts.databaseUrl, postgresIntakeMigrations, 'the intake journal') : sqliteDatabase(openDenialsStore(opts.dataDir));
    return new IntakeJournal(db, opts.keyring, opts.reportsDir);
  }

  async hasEvent(eventKey: string): Promise<boolean> {
    if (this.pendingEvents.has(eventKey)) return true;
    return (await this.db.query('SELECT 1 AS found FROM intake_events WHERE event_key = ?', [eventKey])).rows.length > 0;
  }

  async knowsWorkflow(workflowId: string): Promise<boolean> {
    if (this.pendingWorkflows.has(workflowId)) return true;
    return (await this.db.query('SELECT 1 AS found FROM intake_workflows WHERE workflow_id = ?', [workflowId])).rows.length > 0;
  }

  /**
   * Records a delivered event, written only after its start or signal succeeded. `newWorkflow`: the journal
   * did not know the workflow before this delivery (it was just started, or a start found it already
   * there), so it is recorded too and later remittances for the claim are routed to it. A workflow is
   * never recorded without the event that proved it exists, and nothing is ever deleted: a workflow the
   * journal does not know has no recorded event.
   *
   * Records are written in batches: one transaction per 64, or by the first delivery 250 ms after the
   * batch began, and on flush(). A commit per delivery was the intake's largest cost after reading. A
   * crash can lose the unwritten batch, which costs a redundant signal on the next run, never a second
   * workflow: the start finds its id taken and falls back to a signal, and the workflow ignores an event
   * key it has seen. Callers flush() when done.
   */
  recordDelivery(d: DeliveryRecord & { newWorkflow: boolean }): void {
    const now = Date.now();
    if (this.pending.length === 0) this.oldestPending = now;
    this.pending.push({ ...d, at: new Date(now).toISOString() });
    this.pendingEvents.add(d.eventKey);
    if (d.newWorkflow) this.pendingWorkflows.add(d.workflowId);
    if (this.pending.length >= BATCH_SIZE || now - this.oldestPending >= BATCH_AGE_MS) this.writePending();
  }

  /** Starts writing the pending deliveries; lookups keep seeing them until the batch is written. */
  private writePending(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const statements: Statement[] = batch.flatMap((d) => [
      ...(d.newWorkflow
        ? [{ sql: 'INSERT INTO intake_workflows (workflow_id, payer_id, started_at, report_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', params: [d.workflowId, d.payerId, d.at, d.reportId] }]
        : []),
      { sql: 'INSERT INTO intake_events (event_key, workflow_id, kind, delivered_at, report_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', params: [d.eventKey, d.workflowId, d.kind, d.at, d.reportId] },
    ]);
    this.writing = this.writing.then(async () => {
      try {
        await this.db.batch(statements);
      } catch (err) {
        // Reported by the next flush(); the deliveries stay in the lookups' sets (they did happen).
        this.writeFailure ??= err as Error;
        return;
      }
      for (const d of batch) {
        this.pendingEvents.delete(d.eventKey);
        if (d.newWorkflow) this.pendingWorkflows.delete(d.workflowId);
      }
    });
  }

  /** Writes the deliveries not yet written; rejects when a batch could not be written. */
  async flush(): Promise<void> {
    this.writePending();
    await this.writing;
    const failure = this.writeFailure;
    this.writeFailure = undefined;
    if (failure) throw new Error(`The intake journal could not record deliveries (a later run will signal them again, which is harmless): ${failure.message}`);
  }

  /**
   * `savedIn`: the report's file in the reports folder, which has every claim line; the row then keeps the
   * summary only (with the quarantined claims the pipeline returns), so a large report is not held twice.
   * On PostgreSQL the row also keeps that file's sealed bytes.
   */
  async saveReport(report: IngestReport, savedIn?: string): Promise<void> {
    const body = savedIn ? { ...report, claims: report.claims.filter((c) => c.delivery === 'quarantined'), savedIn } : report;
    const sealed = sealText(this.keyring, JSON.stringify(body), reportContext(report.reportId));
    const row = [report.reportId, report.file, report.sha256, report.receivedAt, report.verdict, sealed];
    const upsert = `ON CONFLICT (report_id) DO UPDATE SET file = excluded.file, sha256 = excluded.sha256, received_at = excluded.received_at, verdict = excluded.verdict, body = excluded.body`;
    if (this.db.kind === 'postgres') {
      const savedFile = savedIn ? await fs.promises.readFile(this.savedFilePath(report.reportId, savedIn)) : null;
      await this.db.query(
        `INSERT INTO intake_reports (report_id, file, sha256, received_at, verdict, body, saved_file) VALUES (?, ?, ?, ?, ?, ?, ?) ${upsert}, saved_file = excluded.saved_file`,
        [...row, savedFile],
      );
    } else {
      await this.db.query(`INSERT INTO intake_reports (report_id, file, sha256, received_at, verdict, body) VALUES (?, ?, ?, ?, ?, ?) ${upsert}`, row);
    }
  }

  /** Seals the reports saved in clear before encryption at rest (with `rotate`, also those sealed with an older key). */
  async sealStoredReports({ rotate }: { rotate: boolean }): Promise<number> {
    const { rows } = await this.db.query('SELECT report_id AS "reportId", body FROM intake_reports');
    let changed = 0;
    for (const r of rows as { reportId: string; body: string }[]) {
      if (!needsSealing(this.keyring, r.body, rotate)) continue;
      const plain = isSealedText(r.body) ? openText(this.keyring, r.body, reportContext(r.reportId)) : r.body;
      changed += (await this.db.query('UPDATE intake_reports SET body = ? WHERE report_id = ? AND body = ?', [sealText(this.keyring, plain, reportContext(r.reportId)), r.reportId, r.body])).rowCount;
    }
    return changed;
  }

  /** Deletes the reports received before `before` (ISO time): retention.ts. */
  async forgetReportsBefore(before: string): Promise<number> {
    return (await this.db.query('DELETE FROM intake_reports WHERE received_at < ?', [before])).rowCount;
  }

  /** The whole report, every claim line included (read from its saved file when it was streamed to one). */
  async getReport(reportId: string): Promise<IngestReport | undefined> {
    const row = await this.reportRow(reportId);
    if (!row?.savedIn) return row && IngestReport.parse(row);
    const what = `The saved report ${reportId}`;
    if (this.db.kind === 'postgres') {
      const [stored] = (await this.db.query('SELECT saved_file AS "savedFile" FROM intake_reports WHERE report_id = ?', [reportId])).rows;
      if (stored?.savedFile) return IngestReport.parse(JSON.parse(openBytes(this.keyring, stored.savedFile as Buffer, what).toString('utf8')));
    }
    return IngestReport.parse(JSON.parse(readOpenedFile(this.savedFilePath(reportId, row.savedIn), this.keyring).toString('utf8')));
  }

  /** The report as its row keeps it: for a streamed report, every claim but the quarantined ones is left out. */
  async getReportSummary(reportId: string): Promise<IngestReport | undefined> {
    const row = await this.reportRow(reportId);
    return row && IngestReport.parse(row);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private savedFilePath(reportId: string, savedIn: string): string {
    if (!this.reportsDir) throw new Error(`Report ${reportId} is saved in ${savedIn}: open the journal with its reports folder.`);
    return path.join(this.reportsDir, path.basename(savedIn));
  }

  private async reportRow(reportId: string): Promise<z.infer<typeof ReportRow> | undefined> {
    const [row] = (await this.db.query('SELECT body FROM intake_reports WHERE report_id = ?', [reportId])).rows;
    if (row === undefined) return undefined;
    const body = row.body as string;
    // Reports saved before encryption at rest are plain JSON.
    return ReportRow.parse(JSON.parse(isSealedText(body) ? openText(this.keyring, body, reportContext(reportId)) : body));
  }
}
