/**
 * The SQL both ledger stores run, written once with `?` placeholders (the PostgreSQL store numbers them),
 * and the mapping between domain records and table rows. Both dialects accept this subset: `ON CONFLICT`,
 * `excluded.`, `substr`, quoted aliases.
 */
import { isClosed, projectDenialFacts, type DenialFacts } from '../../domain/kpis/denial-facts';
import { RemittanceVolumeSchema, type RemittanceVolume } from '../../domain/kpis/remittance-volume';
import { SilentMoneyEntrySchema, type SilentMoneyEntry } from '../../domain/kpis/silent-money-entry';
import { weekOf } from '../../domain/policy/dates';
import { LedgerEntrySchema, StageSchema, type LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import {
  PreventionEntrySchema,
  projectPreventionTask,
  type PreventionEntry,
  type PreventionTaskFacts,
} from '../../domain/prevention/prevention-entry';
import type { FactsQuery, PreventionQuery, VolumeQuery } from './ledger-store';
import { AccessEntrySchema, type AccessEntry } from '../../domain/lifecycle/access-entry';
import type { PrivateFields } from './sealed-body';
import { changeDenialTotals } from './denial-totals-sql';
import { accumulate, insert, upsert, where, type Row, type Statement } from './sql-statement';

export { where, type Statement };
export { bodyOf } from './json-body';

const insertNew = (table: string, row: Row) => insert(table, row, 'ON CONFLICT DO NOTHING');

/**
 * An append-only event stream with a read model folded from it in the same transaction: the denial
 * ledger with its facts, the prevention ledger with its board.
 */
export interface FoldedStream<E, F> {
  /** Names the read model in error messages and lock keys. */
  readonly name: string;
  parse(raw: E): E;
  /** Fields of the event and of the read model that people type into: sealed in `body` (sealed-body.ts). */
  readonly eventText: PrivateFields<E>;
  readonly factsText: PrivateFields<F>;
  /** Inserts the event, its `body` as given, unless its (id, seq) is already there. */
  insertEvent(e: E, body: string): Statement;
  /** The event as its row keeps it, without what only the fold reads (kept elsewhere); the event itself when absent. */
  logged?(e: E): E;
  /** The read model row of the event's subject (selects `body`). */
  current(e: E): Statement;
  key(e: E): string;
  project(prev: F | undefined, e: E): F;
  save(facts: F, body: string): Statement;
  /** What else changes when `e` takes the read model from `prev` to `next` (rollups, search terms), in the same transaction. */
  alsoSave?(prev: F | undefined, next: F, e: E): Statement[];
}

/** Free text of a denial's ledger entry: notes, corrections, reasons and file names end up in these. */
export const LEDGER_TEXT: PrivateFields<LedgerEntry> = {
  fields: ['summary', 'rationale', 'subject'],
  context: (e) => `ledger_events:${e.workflowId}:${e.seq}`,
};

/** A prevention entry's summary quotes the control a person described. */
export const PREVENTION_TEXT: PrivateFields<PreventionEntry> = {
  fields: ['summary'],
  context: (e) => `prevention_events:${e.preventionId}:${e.seq}`,
};

/** A denial's facts name its patient and account (PHI). */
export const DENIAL_FACTS_TEXT: PrivateFields<DenialFacts> = {
  fields: ['subject'],
  context: (f) => `denial_facts:${f.workflowId}`,
};

export const PREVENTION_TASK_TEXT: PrivateFields<PreventionTaskFacts> = {
  fields: ['controlSummary'],
  context: (t) => `prevention_tasks:${t.preventionId}`,
};

/** A denial's facts in the plain columns the worklists and dashboards filter and sort by. */
export function denialFactsColumns(f: DenialFacts): Row {
  return {
    workflow_id: f.workflowId,
    remit_date: f.remitDate,
    payer_id: f.payerId,
    owner_team: f.ownerTeam,
    category: f.category,
    stage: f.stage,
    due_date: f.dueDate ?? null,
    at_risk_cents: f.atRiskCents,
    route: f.route,
    appeal_level: f.appealLevel,
    assignee: f.assignee ?? null,
    work_team: f.workTeam ?? null,
    task_kind: f.taskKind ?? null,
  };
}

export const denialStream: FoldedStream<LedgerEntry, DenialFacts> = {
  name: 'denial_facts',
  parse: (raw) => LedgerEntrySchema.parse(raw),
  eventText: LEDGER_TEXT,
  factsText: DENIAL_FACTS_TEXT,
  // The search terms are rows of denial_search_terms: the event's row need not hold them a second time.
  logged: ({ searchTerms: _terms, ...e }) => e,
  insertEvent: (e, body) =>
    insertNew('ledger_events', {
      workflow_id: e.workflowId,
      seq: e.seq,
      at: e.at,
      type: e.type,
      stage: e.stage,
      actor_id: e.actor.id,
      actor_role: e.actor.role,
      payer_id: e.facts.payerId,
      category: e.facts.category ?? null,
      owner_team: e.facts.ownerTeam ?? null,
      route: e.facts.route ?? null,
      at_risk_cents: e.amounts.atRiskCents,
      recovered_cents: e.amounts.recoveredCents,
      lost_cents: e.amounts.lostCents,
      due_date: e.deadline?.dueDate ?? null,
      body,
    }),
  current: (e) => ({ sql: 'SELECT body FROM denial_facts WHERE workflow_id = ?', params: [e.workflowId] }),
  key: (e) => e.workflowId,
  project: projectDenialFacts,
  save: (f, body) => upsert('denial_facts', 'workflow_id', { ...denialFactsColumns(f), body }),
  alsoSave: (prev, next, e) => [
    ...changeDenialTotals(prev, next),
    ...(e.searchTerms ?? []).map((term) => insertNew('denial_search_terms', { term, workflow_id: e.workflowId })),
    ...(prev ? [] : countDeniedCodes(next, e)),
  ],
};

export const preventionStream: FoldedStream<PreventionEntry, PreventionTaskFacts> = {
  name: 'prevention_tasks',
  parse: (raw) => PreventionEntrySchema.parse(raw),
  eventText: PREVENTION_TEXT,
  factsText: PREVENTION_TASK_TEXT,
  insertEvent: (e, body) =>
    insertNew('prevention_events', {
      prevention_id: e.preventionId,
      seq: e.seq,
      at: e.at,
      owner_team: e.ownerTeam,
      root_cause: e.rootCause,
      type: e.type,
      body,
    }),
  current: (e) => ({ sql: 'SELECT body FROM prevention_tasks WHERE prevention_id = ?', params: [e.preventionId] }),
  key: (e) => e.preventionId,
  project: projectPreventionTask,
  save: (t, body) => upsert('prevention_tasks', 'prevention_id', { prevention_id: t.preventionId, owner_team: t.ownerTeam, body }),
};

/** The tables whose bodies hold sealed free text, with their keys: what `denials files seal` walks. */
export const SEALED_TABLES = [
  { table: 'ledger_events', keys: ['workflow_id', 'seq'], text: LEDGER_TEXT as PrivateFields<object> },
  { table: 'prevention_events', keys: ['prevention_id', 'seq'], text: PREVENTION_TEXT as PrivateFields<object> },
  { table: 'prevention_tasks', keys: ['prevention_id'], text: PREVENTION_TASK_TEXT as PrivateFields<object> },
  { table: 'denial_facts', keys: ['workflow_id'], text: DENIAL_FACTS_TEXT as PrivateFields<object> },
] as const;
export type SealedTable = (typeof SEALED_TABLES)[number];

/** A page of keys and bodies in key order, after the keys of the last row of the previous page. */
export function bodiesAfter(t: SealedTable, after: unknown[] | undefined, limit: number): Statement {
  const keys = t.keys.join(', ');
  const w = after ? ` WHERE (${keys}) > (${t.keys.map(() => '?').join(', ')})` : '';
  return { sql: `SELECT ${keys}, body FROM ${t.table}${w} ORDER BY ${keys} LIMIT ${limit}`, params: after ?? [] };
}

/** Replaces a row's body, unless the row changed since it was read (its body is no longer `was`). */
export function replaceBody(t: SealedTable, keyValues: unknown[], was: string, body: string): Statement {
  return { sql: `UPDATE ${t.table} SET body = ? WHERE ${t.keys.map((k) => `${k} = ?`).join(' AND ')} AND body = ?`, params: [body, ...keyValues, was] };
}

export function ledgerHistory(workflowId: string): Statement {
  return { sql: 'SELECT body FROM ledger_events WHERE workflow_id = ? ORDER BY seq', params: [workflowId] };
}

/** The first entry of each of a payer's denials remitted in [from, to] (its remittance date is its facts'). */
export function selectDenialsReceived(q: { payerId: string; from: string; to: string }): Statement {
  return {
    sql: `SELECT e.body FROM denial_facts f JOIN ledger_events e ON e.workflow_id = f.workflow_id AND e.seq = 1
          WHERE f.payer_id = ? AND f.remit_date >= ? AND f.remit_date <= ? ORDER BY f.remit_date, f.workflow_id`,
    params: [q.payerId, q.from, q.to],
  };
}

/**
 * Denials still open, as the list of open stages: an index finds those, where `NOT IN` the closed ones
 * reads every row. The open-work indexes (migration 103) are partial on this exact text.
 */
export const OPEN_DENIALS = `stage IN (${StageSchema.options
  .filter((stage) => !isClosed(stage))
  .map((stage) => `'${stage}'`)
  .join(', ')})`;

export function selectDenialFacts(q: FactsQuery = {}): Statement {
  const w = where(
    [
      ['workflow_id = ?', q.workflowId],
      ['remit_date >= ?', q.from],
      ['remit_date <= ?', q.to],
      ['payer_id = ?', q.payerId],
      ['owner_team = ?', q.ownerTeam],
      ['category = ?', q.category],
    ],
    q.openOnly ? [OPEN_DENIALS] : [],
  );
  return { sql: `SELECT body FROM denial_facts${w.sql} ORDER BY remit_date, workflow_id`, params: w.params };
}

export function insertAccess(raw: AccessEntry): Statement {
  const e = AccessEntrySchema.parse(raw);
  return insertNew('access_log', { id: e.id, at: e.at, actor_id: e.actor.id, action: e.action, body: JSON.stringify(e) });
}

export function selectAccess(q: { from?: string; to?: string } = {}): Statement {
  const w = where([
    ['at >= ?', q.from],
    ['at <= ?', q.to],
  ]);
  return { sql: `SELECT body FROM access_log${w.sql} ORDER BY at, id`, params: w.params };
}

export function insertSilentMoney(raw: SilentMoneyEntry): Statement {
  const e = SilentMoneyEntrySchema.parse(raw);
  return insertNew('silent_money', {
    entry_key: e.entryKey,
    remit_week: e.remitWeek,
    remit_date: e.remitDate,
    payer_id: e.payerId,
    kind: e.kind,
    cents: e.cents,
    claim_workflow_id: e.claimWorkflowId ?? null,
    body: JSON.stringify(e),
  });
}

/**
 * A denial seen for the first time counts once for each adjustment code (group-CARC) it was denied with, in
 * its payer's remittance week, and once more per code for each procedure on the claim (its subject's).
 */
function countDeniedCodes(f: DenialFacts, e: LedgerEntry): Statement[] {
  const codes = [...new Set(e.facts.codes.filter((c) => /^[A-Z]{2}-[A-Z0-9]{1,5}$/.test(c)))];
  const week = { remit_week: weekOf(f.remitDate), payer_id: f.payerId };
  return codes.flatMap((code) => [
    accumulate('denial_code_weeks', ['remit_week', 'payer_id', 'code'], { ...week, code, denials: 1 }),
    ...(e.subject?.procedures ?? []).map((procedure) => accumulate('denial_procedure_weeks', ['remit_week', 'payer_id', 'code', 'procedure_code'], { ...week, code, procedure_code: procedure, denials: 1 })),
  ]);
}

/** Denials per payer, code and week (Mondays in [from, to]), then the same per procedure. */
export function selectDeniedCodeWeeks(q: { from: string; to: string }): Statement {
  return {
    // Payer-wide before per procedure in both databases (their NULLs sort at opposite ends).
    sql: `SELECT remit_week, payer_id, code, procedure_code, denials FROM (
            SELECT remit_week, payer_id, code, NULL AS procedure_code, denials FROM denial_code_weeks WHERE remit_week >= ? AND remit_week <= ?
            UNION ALL
            SELECT remit_week, payer_id, code, procedure_code, denials FROM denial_procedure_weeks WHERE remit_week >= ? AND remit_week <= ?
          ) counts ORDER BY remit_week, payer_id, code, coalesce(procedure_code, '')`,
    params: [q.from, q.to, q.from, q.to],
  };
}

/** Per week and payer of [from, to] (Mondays), what was taken back and added, and how many items name a claim with a denial. */
export function sumSilentMoneyByWeek(q: { from: string; to: string; payerId?: string }): Statement {
  const w = where([['s.remit_week >= ?', q.from], ['s.remit_week <= ?', q.to], ['s.payer_id = ?', q.payerId]]);
  return {
    sql: `SELECT s.remit_week AS week, s.payer_id AS payer_id,
            sum(CASE WHEN s.cents > 0 THEN s.cents ELSE 0 END) AS taken,
            sum(CASE WHEN s.cents < 0 THEN -s.cents ELSE 0 END) AS added,
            count(*) AS items,
            count(f.workflow_id) AS linked
          FROM silent_money s LEFT JOIN denial_facts f ON f.workflow_id = s.claim_workflow_id${w.sql}
          GROUP BY s.remit_week, s.payer_id ORDER BY s.remit_week DESC, taken DESC, s.payer_id`,
    params: w.params,
  };
}

export function insertRemittanceVolume(raw: RemittanceVolume): Statement {
  const v = RemittanceVolumeSchema.parse(raw);
  return insertNew('remittance_volumes', {
    remittance_key: v.remittanceKey,
    payer_id: v.payerId,
    remit_date: v.remitDate,
    claims: v.claims,
    charge_cents: v.chargeCents,
    denied_claims: v.deniedClaims,
    denied_charge_cents: v.deniedChargeCents,
    procedure_claims: v.procedureClaims ? JSON.stringify(v.procedureClaims) : null,
    recorded_at: v.recordedAt,
  });
}

export function selectRemittanceVolumes(q: VolumeQuery = {}): Statement {
  const w = where([
    ['remit_date >= ?', q.from],
    ['remit_date <= ?', q.to],
    ['payer_id = ?', q.payerId],
  ]);
  return {
    sql: `SELECT remittance_key AS "remittanceKey", payer_id AS "payerId", remit_date AS "remitDate", claims,
        charge_cents AS "chargeCents", denied_claims AS "deniedClaims", denied_charge_cents AS "deniedChargeCents",
        procedure_claims AS "procedureClaims", recorded_at AS "recordedAt"
      FROM remittance_volumes${w.sql} ORDER BY remit_date, remittance_key`,
    params: w.params,
  };
}

/** PostgreSQL returns BIGINT as text (it may exceed 2^53; cents here never do). */
export function volumeFromRow(row: Record<string, unknown>): RemittanceVolume {
  return {
    remittanceKey: String(row.remittanceKey),
    payerId: String(row.payerId),
    remitDate: String(row.remitDate),
    claims: Number(row.claims),
    chargeCents: Number(row.chargeCents),
    deniedClaims: Number(row.deniedClaims),
    deniedChargeCents: Number(row.deniedChargeCents),
    // SQLite keeps JSON as text, PostgreSQL's JSONB comes back parsed.
    ...(row.procedureClaims == null ? {} : { procedureClaims: (typeof row.procedureClaims === 'string' ? JSON.parse(row.procedureClaims) : row.procedureClaims) as Record<string, number> }),
    recordedAt: String(row.recordedAt),
  };
}

export function selectPreventionEntries(q: PreventionQuery = {}): Statement {
  // `at >= from` is the same test as its date prefix >= from, and it can use the index on `at`.
  const w = where([
    ['at >= ?', q.from],
    ['substr(at, 1, 10) <= ?', q.to],
    ['owner_team = ?', q.ownerTeam],
    ['root_cause = ?', q.rootCause],
  ]);
  return { sql: `SELECT body FROM prevention_events${w.sql} ORDER BY at, prevention_id, seq`, params: w.params };
}

export function selectPreventionTasks(q: { ownerTeam?: string } = {}): Statement {
  const w = where([['owner_team = ?', q.ownerTeam]]);
  return { sql: `SELECT body FROM prevention_tasks${w.sql} ORDER BY prevention_id`, params: w.params };
}
