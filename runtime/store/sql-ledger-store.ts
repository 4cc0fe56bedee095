/**
 * The ledger store's behaviour, once for both databases: validation, the statements of ledger-sql.ts and
 * the mapping of their rows. A subclass only runs statements on its driver and appends in a transaction.
 */
import type { DenialFacts } from '../../domain/kpis/denial-facts';
import { agingWindows, deadlineWindow, type DateWindow, type OpenWork, type PreventionTally } from '../../domain/kpis/kpis';
import type { RemittanceVolume } from '../../domain/kpis/remittance-volume';
import { LedgerEntrySchema, type LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import type { PreventionEntry, PreventionTaskFacts } from '../../domain/prevention/prevention-entry';
import type { AccessEntry } from '../../domain/lifecycle/access-entry';
import {
  bodyOf,
  denialStream,
  insertAccess,
  selectAccess,
  insertRemittanceVolume,
  ledgerHistory,
  preventionStream,
  selectDenialFacts,
  selectPreventionEntries,
  selectPreventionTasks,
  selectRemittanceVolumes,
  volumeFromRow,
  type FoldedStream,
  type Statement,
} from './ledger-sql';
import type { FactsQuery, LedgerStore, OpenWorkQuery, PreventionQuery, VolumeQuery, Workload } from './ledger-store';
import { countPreventionByType, selectOpenDue, sumOpenByAssignee, sumOpenRemitted } from './dashboard-sql';
import { decodeCursor, worklistPage, WorklistQuerySchema, type WorklistPage, type WorklistQuery } from './worklist-query';
import { countWorklist, selectWorklistPage } from './worklist-sql';

export type Row = Record<string, unknown>;

export abstract class SqlLedgerStore implements LedgerStore {
  abstract readonly kind: LedgerStore['kind'];
  protected abstract rows(s: Statement): Promise<Row[]>;
  /** Runs an insert; resolves to the number of rows it added. */
  protected abstract changes(s: Statement): Promise<number>;
  /** In one transaction: inserts the (valid) event and, when it is new, folds it into its read model. */
  protected abstract appendFolded<E, F>(stream: FoldedStream<E, F>, e: E): Promise<boolean>;
  abstract close(): Promise<void>;

  private async bodies<T>(s: Statement): Promise<T[]> {
    return (await this.rows(s)).map((r) => bodyOf<T>(r.body));
  }

  async append(entry: LedgerEntry): Promise<boolean> {
    return this.appendFolded(denialStream, denialStream.parse(entry));
  }

  async history(workflowId: string): Promise<LedgerEntry[]> {
    return (await this.bodies(ledgerHistory(workflowId))).map((b) => LedgerEntrySchema.parse(b));
  }

  async denialFacts(query?: FactsQuery): Promise<DenialFacts[]> {
    return this.bodies<DenialFacts>(selectDenialFacts(query));
  }

  async worklist(query: WorklistQuery): Promise<WorklistPage> {
    const q = WorklistQuerySchema.parse(query);
    const position = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort);
    const [rows, [count]] = await Promise.all([this.bodies<DenialFacts>(selectWorklistPage(q, position)), this.rows(countWorklist(q))]);
    // PostgreSQL returns counts and sums as text (BIGINT, NUMERIC): hence Number() here and below.
    return worklistPage(rows, Number(count?.total ?? 0), q);
  }

  async openWork(q: OpenWorkQuery): Promise<OpenWork> {
    const aged = async (w: DateWindow & { label: string }) => {
      const [row] = await this.rows(sumOpenRemitted(q, w));
      return { label: w.label, cents: Number(row?.cents ?? 0), count: Number(row?.count ?? 0) };
    };
    const [aging, due] = await Promise.all([Promise.all(agingWindows(q.asOf).map(aged)), this.bodies<DenialFacts>(selectOpenDue(q, deadlineWindow(q.asOf)))]);
    return { asOf: q.asOf, scope: { payerId: q.payerId, ownerTeam: q.ownerTeam }, aging, dueSoon: due.filter((d) => d.remitDate <= q.asOf) };
  }

  async workload(q: Omit<OpenWorkQuery, 'asOf'> = {}): Promise<Workload[]> {
    const rows = await this.rows(sumOpenByAssignee(q));
    return rows.map((r) => ({ assignee: (r.assignee as string | null) ?? 'unassigned', count: Number(r.count), atRiskCents: Number(r.cents) }));
  }

  async preventionTally(q: { from: string; to: string; ownerTeam?: string }): Promise<PreventionTally> {
    const rows = await this.rows(countPreventionByType(q));
    return { from: q.from, to: q.to, scope: { ownerTeam: q.ownerTeam }, byType: Object.fromEntries(rows.map((r) => [r.type, Number(r.count)])) };
  }

  async recordRemittanceVolume(volume: RemittanceVolume): Promise<boolean> {
    return (await this.changes(insertRemittanceVolume(volume))) === 1;
  }

  async remittanceVolumes(query?: VolumeQuery): Promise<RemittanceVolume[]> {
    return (await this.rows(selectRemittanceVolumes(query))).map(volumeFromRow);
  }

  async appendPrevention(entry: PreventionEntry): Promise<boolean> {
    return this.appendFolded(preventionStream, preventionStream.parse(entry));
  }

  async preventionEntries(query?: PreventionQuery): Promise<PreventionEntry[]> {
    return this.bodies<PreventionEntry>(selectPreventionEntries(query));
  }

  async preventionTasks(query?: { ownerTeam?: string }): Promise<PreventionTaskFacts[]> {
    return this.bodies<PreventionTaskFacts>(selectPreventionTasks(query));
  }

  async recordAccess(entry: AccessEntry): Promise<void> {
    await this.changes(insertAccess(entry));
  }

  async accessLog(query?: { from?: string; to?: string }): Promise<AccessEntry[]> {
    return this.bodies<AccessEntry>(selectAccess(query));
  }
}
