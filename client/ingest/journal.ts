/**
 * The intake journal: which remittance events were delivered to which denial workflow, and the reports
 * of past runs. It is what lets a second run of the same file say "duplicate" instead of doing work, and
 * what routes a later payment to a workflow that exists.
 */
import path from 'node:path';
import { z } from 'zod';
import type { CodecKeyring } from '../../runtime/codec';
import { readOpenedFile } from '../../runtime/at-rest/sealed-files';
import { isSealedText, needsSealing, openText, sealText } from '../../runtime/at-rest/sealed-text';
import type { Sqlite } from '../../runtime/store/sqlite';
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

export class IntakeJournal {
  private readonly hasEventStmt;
  private readonly hasWorkflowStmt;
  private readonly addEventStmt;
  private readonly addWorkflowStmt;
  /** Prepared once: better-sqlite3 builds a new wrapper (and savepoint names) per db.transaction() call. */
  private readonly writeBatch;
  /** Delivered, not yet written; lookups see them. */
  private pending: (DeliveryRecord & { newWorkflow: boolean; at: string })[] = [];
  private readonly pendingEvents = new Set<string>();
  private readonly pendingWorkflows = new Set<string>();
  private oldestPending = 0;

  /** `keyring` seals each saved report: it lists every claim's CLP01, the patient's account number. */
  /** `reportsDir`: where streamed reports are saved (saved-report.ts). */
  constructor(
    private readonly db: Sqlite,
    private readonly keyring: CodecKeyring,
    private readonly reportsDir?: string,
  ) {
    this.hasEventStmt = db.prepare('SELECT 1 FROM intake_events WHERE event_key = ?').pluck();
    this.hasWorkflowStmt = db.prepare('SELECT 1 FROM intake_workflows WHERE workflow_id = ?').pluck();
    this.addEventStmt = db.prepare(
      'INSERT OR IGNORE INTO intake_events (event_key, workflow_id, kind, delivered_at, report_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.addWorkflowStmt = db.prepare('INSERT OR IGNORE INTO intake_workflows (workflow_id, payer_id, started_at, report_id) VALUES (?, ?, ?, ?)');
    this.writeBatch = db.transaction((batch: typeof this.pending) => {
      for (const d of batch) {
        if (d.newWorkflow) this.addWorkflowStmt.run(d.workflowId, d.payerId, d.at, d.reportId);
        this.addEventStmt.run(d.eventKey, d.workflowId, d.kind, d.at, d.reportId);
      }
    });
  }

  hasEvent(eventKey: string): boolean {
    return this.pendingEvents.has(eventKey) || this.hasEventStmt.get(eventKey) !== undefined;
  }

  knowsWorkflow(workflowId: string): boolean {
    return this.pendingWorkflows.has(workflowId) || this.hasWorkflowStmt.get(workflowId) !== undefined;
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
    if (this.pending.length >= BATCH_SIZE || now - this.oldestPending >= BATCH_AGE_MS) this.flush();
  }

  /** Writes the deliveries not yet written. */
  flush(): void {
    if (this.pending.length === 0) return;
    this.writeBatch(this.pending);
    this.pending = [];
    this.pendingEvents.clear();
    this.pendingWorkflows.clear();
  }

  /**
   * `savedIn`: the report's file in the reports folder, which has every claim line; the row then keeps the
   * summary only (with the quarantined claims the pipeline returns), so a large report is not held twice.
   */
  saveReport(report: IngestReport, savedIn?: string): void {
    const body = savedIn ? { ...report, claims: report.claims.filter((c) => c.delivery === 'quarantined'), savedIn } : report;
    this.db
      .prepare('INSERT OR REPLACE INTO intake_reports (report_id, file, sha256, received_at, verdict, body) VALUES (?, ?, ?, ?, ?, ?)')
      .run(report.reportId, report.file, report.sha256, report.receivedAt, report.verdict, sealText(this.keyring, JSON.stringify(body), reportContext(report.reportId)));
  }

  /** Seals the reports saved in clear before encryption at rest (with `rotate`, also those sealed with an older key). */
  sealStoredReports({ rotate }: { rotate: boolean }): number {
    const rows = this.db.prepare('SELECT report_id AS reportId, body FROM intake_reports').all() as { reportId: string; body: string }[];
    const update = this.db.prepare('UPDATE intake_reports SET body = ? WHERE report_id = ? AND body = ?');
    let changed = 0;
    for (const r of rows) {
      if (!needsSealing(this.keyring, r.body, rotate)) continue;
      const plain = isSealedText(r.body) ? openText(this.keyring, r.body, reportContext(r.reportId)) : r.body;
      changed += update.run(sealText(this.keyring, plain, reportContext(r.reportId)), r.reportId, r.body).changes;
    }
    return changed;
  }

  /** Deletes the reports received before `before` (ISO time): retention.ts. */
  forgetReportsBefore(before: string): number {
    return this.db.prepare('DELETE FROM intake_reports WHERE received_at < ?').run(before).changes;
  }

  /** The whole report, every claim line included (read from its file when it was streamed to one). */
  getReport(reportId: string): IngestReport | undefined {
    const row = this.reportRow(reportId);
    if (!row?.savedIn) return row && IngestReport.parse(row);
    if (!this.reportsDir) throw new Error(`Report ${reportId} is saved in ${row.savedIn}: open the journal with its reports folder.`);
    const file = path.join(this.reportsDir, path.basename(row.savedIn));
    return IngestReport.parse(JSON.parse(readOpenedFile(file, this.keyring).toString('utf8')));
  }

  /** The report as its row keeps it: for a streamed report, every claim but the quarantined ones is left out. */
  getReportSummary(reportId: string): IngestReport | undefined {
    const row = this.reportRow(reportId);
    return row && IngestReport.parse(row);
  }

  private reportRow(reportId: string): z.infer<typeof ReportRow> | undefined {
    const body = this.db.prepare('SELECT body FROM intake_reports WHERE report_id = ?').pluck().get(reportId) as string | undefined;
    if (body === undefined) return undefined;
    // Reports saved before encryption at rest are plain JSON.
    return ReportRow.parse(JSON.parse(isSealedText(body) ? openText(this.keyring, body, reportContext(reportId)) : body));
  }
}
