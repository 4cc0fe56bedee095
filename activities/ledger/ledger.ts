/** The ledger: an append-only event store of every denial state change (SQLite by default). */
import type { Sqlite } from '../../runtime/store/sqlite';
import { LedgerEntrySchema, type LedgerEntry } from '../../domain/lifecycle/ledger-entry';


export class Ledger {
  private readonly insert;
  private readonly byWorkflow;

  constructor(private readonly db: Sqlite) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO ledger_events
      (workflow_id, seq, at, type, stage, actor_id, actor_role, payer_id, category, owner_team, route, at_risk_cents, recovered_cents, lost_cents, due_date, body)
      VALUES (@workflowId, @seq, @at, @type, @stage, @actorId, @actorRole, @payerId, @category, @ownerTeam, @route, @atRisk, @recovered, @lost, @dueDate, @body)`);
    this.byWorkflow = db.prepare('SELECT body FROM ledger_events WHERE workflow_id = ? ORDER BY seq').pluck();
  }

  /** Idempotent: appending the same (workflowId, seq) twice keeps the first. Returns whether it was new. */
  append(raw: LedgerEntry): boolean {
    const e = LedgerEntrySchema.parse(raw);
    const result = this.insert.run({
      workflowId: e.workflowId,
      seq: e.seq,
      at: e.at,
      type: e.type,
      stage: e.stage,
      actorId: e.actor.id,
      actorRole: e.actor.role,
      payerId: e.facts.payerId,
      category: e.facts.category ?? null,
      ownerTeam: e.facts.ownerTeam ?? null,
      route: e.facts.route ?? null,
      atRisk: e.amounts.atRiskCents,
      recovered: e.amounts.recoveredCents,
      lost: e.amounts.lostCents,
      dueDate: e.deadline?.dueDate ?? null,
      body: JSON.stringify(e),
    });
    return result.changes === 1;
  }

  history(workflowId: string): LedgerEntry[] {
    return (this.byWorkflow.all(workflowId) as string[]).map((b) => LedgerEntrySchema.parse(JSON.parse(b)));
  }
}
