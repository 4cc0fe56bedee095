/**
 * The intake journal: which remittance events were delivered to which denial workflow, and the reports
 * of past runs. It is what lets a second run of the same file say "duplicate" instead of doing work, and
 * what routes a later payment to a workflow that exists.
 */
import type { Sqlite } from '../../runtime/store/sqlite';
import { IngestReport } from './report';

interface DeliveryRecord {
  eventKey: string;
  workflowId: string;
  kind: string;
  payerId: string;
  reportId: string;
}

export class IntakeJournal {
  private readonly hasEventStmt;
  private readonly hasWorkflowStmt;
  private readonly addEventStmt;
  private readonly addWorkflowStmt;
  /** Prepared once: better-sqlite3 builds a new wrapper (and savepoint names) per db.transaction() call. */
  private readonly recordBoth;

  constructor(private readonly db: Sqlite) {
    this.hasEventStmt = db.prepare('SELECT 1 FROM intake_events WHERE event_key = ?').pluck();
    this.hasWorkflowStmt = db.prepare('SELECT 1 FROM intake_workflows WHERE workflow_id = ?').pluck();
    this.addEventStmt = db.prepare(
      'INSERT OR IGNORE INTO intake_events (event_key, workflow_id, kind, delivered_at, report_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.addWorkflowStmt = db.prepare('INSERT OR IGNORE INTO intake_workflows (workflow_id, payer_id, started_at, report_id) VALUES (?, ?, ?, ?)');
    this.recordBoth = db.transaction((d: DeliveryRecord, now: string) => {
      this.addWorkflowStmt.run(d.workflowId, d.payerId, now, d.reportId);
      this.addEventStmt.run(d.eventKey, d.workflowId, d.kind, now, d.reportId);
    });
  }

  hasEvent(eventKey: string): boolean {
    return this.hasEventStmt.get(eventKey) !== undefined;
  }

  knowsWorkflow(workflowId: string): boolean {
    return this.hasWorkflowStmt.get(workflowId) !== undefined;
  }

  /**
   * Records a delivered event, written only after its start or signal succeeded. `newWorkflow`: the journal
   * did not know the workflow before this delivery (it was just started, or a start found it already
   * there), so it is recorded too and later remittances for the claim are routed to it. A workflow is
   * never recorded without the event that proved it exists, and nothing is ever deleted: a workflow the
   * journal does not know has no recorded event.
   */
  recordDelivery(d: DeliveryRecord & { newWorkflow: boolean }): void {
    const now = new Date().toISOString();
    if (d.newWorkflow) this.recordBoth(d, now);
    else this.addEventStmt.run(d.eventKey, d.workflowId, d.kind, now, d.reportId);
  }

  saveReport(report: IngestReport): void {
    this.db
      .prepare('INSERT OR REPLACE INTO intake_reports (report_id, file, sha256, received_at, verdict, body) VALUES (?, ?, ?, ?, ?, ?)')
      .run(report.reportId, report.file, report.sha256, report.receivedAt, report.verdict, JSON.stringify(report));
  }

  getReport(reportId: string): IngestReport | undefined {
    const body = this.db.prepare('SELECT body FROM intake_reports WHERE report_id = ?').pluck().get(reportId) as string | undefined;
    return body === undefined ? undefined : IngestReport.parse(JSON.parse(body));
  }
}
