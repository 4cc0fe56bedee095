/**
 * The ledger store's behaviour, once for both databases: validation, the statements of ledger-sql.ts and
 * the mapping of their rows. A subclass only runs statements on its driver and appends in a transaction.
 */
import type { DenialFacts } from '../../domain/kpis/denial-facts';
import type { DenialTotals, DenialTotalsQuery } from '../../domain/kpis/denial-totals';
import { agingWindows, deadlineWindow, type DateWindow, type OpenWork, type PreventionTally } from '../../domain/kpis/kpis';
import type { RemittanceVolume } from '../../domain/kpis/remittance-volume';
import type { SilentMoneyEntry, SilentMoneyWeek } from '../../domain/kpis/silent-money-entry';
import type { CodeWeek } from '../../domain/kpis/payer-shift';
import { LedgerEntrySchema, type LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import type { PreventionEntry, PreventionTaskFacts } from '../../domain/prevention/prevention-entry';
import type { AccessEntry } from '../../domain/lifecycle/access-entry';
import {
  bodiesAfter,
  denialStream,
  insertAccess,
  selectAccess,
  insertRemittanceVolume,
  insertSilentMoney,
  selectDeniedCodeWeeks,
  sumSilentMoneyByWeek,
  DENIAL_FACTS_TEXT,
  LEDGER_TEXT,
  ledgerHistory,
  selectDenialsReceived,
  PREVENTION_TASK_TEXT,
  PREVENTION_TEXT,
  preventionStream,
  replaceBody,
  SEALED_TABLES,
  selectDenialFacts,
  selectPreventionEntries,
  selectPreventionTasks,
  selectRemittanceVolumes,
  volumeFromRow,
  type FoldedStream,
  type Statement,
} from './ledger-sql';
import type { CodecKeyring } from '../codec';
import { needsResealing, noPrivateFields, openBody, plainBody, sealBody, type PrivateFields } from './sealed-body';
import type { FactsQuery, LedgerStore, OperationsSnapshot, OpenWorkQuery, PreventionQuery, ValueBand, VolumeQuery, Workload } from './ledger-store';
import { countDeadlineBreaches, sumOpenByStageRouteTeam } from './operations-sql';
import { countPreventionByType, selectOpenDue, sumOpenByAssignee, sumOpenRemitted } from './dashboard-sql';
import { denialTotalsFromRows, selectDecidedOutcomes, sumDenialTotals, sumResolutionDays } from './denial-totals-sql';
import type { DecidedOutcomes, LikelihoodCell } from '../../domain/policy/recovery-likelihood';
import { decodeCursor, worklistPage, WorklistQuerySchema, type WorklistPage, type WorklistQuery } from './worklist-query';
import { countWorklist, selectWorklistPage, sumOpenByValueBand, VALUE_BANDS } from './worklist-sql';

export type Row = Record<string, unknown>;

export abstract class SqlLedgerStore implements LedgerStore {
  abstract readonly kind: LedgerStore['kind'];

  /** `keyring` seals what people type (summaries, reasons) in each row's body, and opens it on reading. */
  constructor(protected readonly keyring: CodecKeyring) {}

  protected abstract rows(s: Statement): Promise<Row[]>;
  /** Runs an insert; resolves to the number of rows it added. */
  protected abstract changes(s: Statement): Promise<number>;
  /** In one transaction: inserts the (valid) event and, when it is new, folds it into its read model. */
  protected abstract appendFolded<E extends object, F extends object>(stream: FoldedStream<E, F>, e: E): Promise<boolean>;
  abstract close(): Promise<void>;

  private async bodies<T>(s: Statement, text: PrivateFields<T> = noPrivateFields<T>()): Promise<T[]> {
    return (await this.rows(s)).map((r) => openBody<T>(this.keyring, r.body, text));
  }

  /** The event's row body, its free text sealed. */
  protected eventBody<E extends object, F>(stream: FoldedStream<E, F>, e: E): string {
    return sealBody(this.keyring, stream.logged?.(e) ?? e, stream.eventText);
  }

  /** Folds `e` into the read model `prev` (read from its row's body) and gives the statements that save it and what else it changes. */
  protected saveFolded<E, F extends object>(stream: FoldedStream<E, F>, prevBody: unknown, e: E): Statement[] {
    const prev = prevBody === undefined ? undefined : openBody<F>(this.keyring, prevBody, stream.factsText);
    const next = stream.project(prev, e);
    return [stream.save(next, sealBody(this.keyring, next, stream.factsText)), ...(stream.alsoSave?.(prev, next, e) ?? [])];
  }

  async append(entry: LedgerEntry): Promise<boolean> {
    return this.appendFolded(denialStream, denialStream.parse(entry));
  }

  async history(workflowId: string): Promise<LedgerEntry[]> {
    return (await this.bodies(ledgerHistory(workflowId), LEDGER_TEXT)).map((b) => LedgerEntrySchema.parse(b));
  }

  async denialsReceived(q: { payerId: string; from: string; to: string }): Promise<LedgerEntry[]> {
    return (await this.bodies(selectDenialsReceived(q), LEDGER_TEXT)).map((b) => LedgerEntrySchema.parse(b));
  }

  async denialFacts(query?: FactsQuery): Promise<DenialFacts[]> {
    // For KPIs and reports: their subjects stay sealed.
    return (await this.rows(selectDenialFacts(query))).map((r) => plainBody<DenialFacts>(r.body));
  }

  async denialTotals(q: DenialTotalsQuery): Promise<DenialTotals> {
    const [groups, days] = await Promise.all([this.rows(sumDenialTotals(q)), this.rows(sumResolutionDays(q))]);
    return denialTotalsFromRows(q, groups, days);
  }

  async worklist(query: WorklistQuery): Promise<WorklistPage> {
    const q = WorklistQuerySchema.parse(query);
    const position = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort);
    const [rows, [count]] = await Promise.all([this.bodies(selectWorklistPage(q, position), DENIAL_FACTS_TEXT), this.rows(countWorklist(q))]);
    // PostgreSQL returns counts and sums as text (BIGINT, NUMERIC): hence Number() here and below.
    return worklistPage(rows, Number(count?.total ?? 0), q);
  }

  async decidedOutcomes(cell: LikelihoodCell): Promise<DecidedOutcomes> {
    const [row] = await this.rows(selectDecidedOutcomes(cell));
    return { won: Number(row?.won ?? 0), decided: Number(row?.decided ?? 0) };
  }

  async operations(q: { dueBy: string }): Promise<OperationsSnapshot> {
    const [groups, [breaches]] = await Promise.all([this.rows(sumOpenByStageRouteTeam(q.dueBy)), this.rows(countDeadlineBreaches)]);
    return {
      open: groups.map((r) => ({
        stage: String(r.stage),
        route: String(r.route),
        workTeam: String(r.work_team),
        count: Number(r.count),
        atRiskCents: Number(r.cents),
        dueSoon: Number(r.due_soon),
        tasks: Number(r.tasks),
      })),
      deadlineBreaches: Number(breaches?.count ?? 0),
    };
  }

  async openWork(q: OpenWorkQuery): Promise<OpenWork> {
    const aged = async (w: DateWindow & { label: string }) => {
      const [row] = await this.rows(sumOpenRemitted(q, w));
      return { label: w.label, cents: Number(row?.cents ?? 0), count: Number(row?.count ?? 0) };
    };
    const [aging, due] = await Promise.all([Promise.all(agingWindows(q.asOf).map(aged)), this.bodies(selectOpenDue(q, deadlineWindow(q.asOf)), DENIAL_FACTS_TEXT)]);
    return { asOf: q.asOf, scope: { payerId: q.payerId, ownerTeam: q.ownerTeam }, aging, dueSoon: due.filter((d) => d.remitDate <= q.asOf) };
  }

  async workload(q: Omit<OpenWorkQuery, 'asOf'> = {}): Promise<Workload[]> {
    const rows = await this.rows(sumOpenByAssignee(q));
    return rows.map((r) => ({ assignee: (r.assignee as string | null) ?? 'unassigned', count: Number(r.count), atRiskCents: Number(r.cents) }));
  }

  async valueBands(q: Omit<OpenWorkQuery, 'asOf'> = {}): Promise<ValueBand[]> {
    const rows = await this.rows(sumOpenByValueBand(q));
    return VALUE_BANDS.map(({ band }, i) => {
      const r = rows.find((row) => Number(row.band) === i);
      return { band, count: Number(r?.count ?? 0), atRiskCents: Number(r?.cents ?? 0), expectedCents: Math.round(Number(r?.expected ?? 0)) };
    });
  }

  async preventionTally(q: { from: string; to: string; ownerTeam?: string }): Promise<PreventionTally> {
    const rows = await this.rows(countPreventionByType(q));
    return { from: q.from, to: q.to, scope: { ownerTeam: q.ownerTeam }, byType: Object.fromEntries(rows.map((r) => [r.type, Number(r.count)])) };
  }

  async recordRemittanceVolume(volume: RemittanceVolume): Promise<boolean> {
    return (await this.changes(insertRemittanceVolume(volume))) === 1;
  }

  async recordSilentMoney(entries: SilentMoneyEntry[]): Promise<number> {
    let added = 0;
    for (const e of entries) added += await this.changes(insertSilentMoney(e));
    return added;
  }

  async deniedCodeWeeks(q: { from: string; to: string }): Promise<CodeWeek[]> {
    return (await this.rows(selectDeniedCodeWeeks(q))).map((r) => ({
      week: String(r.remit_week),
      payerId: String(r.payer_id),
      code: String(r.code),
      ...(r.procedure_code == null ? {} : { procedure: String(r.procedure_code) }),
      denials: Number(r.denials),
    }));
  }

  async silentMoneyByWeek(q: { from: string; to: string; payerId?: string }): Promise<SilentMoneyWeek[]> {
    return (await this.rows(sumSilentMoneyByWeek(q))).map((r) => ({
      week: String(r.week),
      payerId: String(r.payer_id),
      takenCents: Number(r.taken),
      addedCents: Number(r.added),
      items: Number(r.items),
      linkedToDenials: Number(r.linked),
    }));
  }

  async remittanceVolumes(query?: VolumeQuery): Promise<RemittanceVolume[]> {
    return (await this.rows(selectRemittanceVolumes(query))).map(volumeFromRow);
  }

  async appendPrevention(entry: PreventionEntry): Promise<boolean> {
    return this.appendFolded(preventionStream, preventionStream.parse(entry));
  }

  async preventionEntries(query?: PreventionQuery): Promise<PreventionEntry[]> {
    return this.bodies(selectPreventionEntries(query), PREVENTION_TEXT);
  }

  async preventionTasks(query?: { ownerTeam?: string }): Promise<PreventionTaskFacts[]> {
    return this.bodies(selectPreventionTasks(query), PREVENTION_TASK_TEXT);
  }

  async sealStoredText({ rotate }: { rotate: boolean }): Promise<number> {
    let changed = 0;
    for (const t of SEALED_TABLES) {
      let after: unknown[] | undefined;
      for (;;) {
        const rows = await this.rows(bodiesAfter(t, after, 500));
        for (const r of rows) {
          if (!needsResealing(this.keyring, r.body, t.text, rotate)) continue;
          const was = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
          const body = sealBody(this.keyring, openBody<object>(this.keyring, r.body, t.text), t.text);
          // A row the app changed meanwhile is left as it is: its new body was sealed when written.
          changed += await this.changes(replaceBody(t, t.keys.map((k) => r[k]), was, body));
        }
        if (rows.length < 500) break;
        const last = rows[rows.length - 1]!;
        after = t.keys.map((k) => last[k]);
      }
    }
    return changed;
  }

  async recordAccess(entry: AccessEntry): Promise<void> {
    await this.changes(insertAccess(entry));
  }

  async accessLog(query?: { from?: string; to?: string }): Promise<AccessEntry[]> {
    return this.bodies<AccessEntry>(selectAccess(query));
  }
}
