/**
 * The period KPIs' rollup (migration 106): per remit day and group (payer, owning team, category, root
 * cause, underpaid or not) the sums of `denialCounts`, and per remit day, payer, team, category, root cause
 * and days to resolve the resolved denials. Kept in the append's transaction by taking away what a
 * denial's facts added before and adding what they add now; the dashboard sums a period's days. The same
 * way, the decided outcomes per payer, category and route (migration 107) behind the learned recovery
 * likelihood. No ids, names or free text: groups, dates and amounts.
 */
import type { DenialFacts } from '../../domain/kpis/denial-facts';
import { daysToResolve, DENIAL_COUNT_FIELDS, denialCounts, groupOf, type DenialGroup, type DenialGroupCounts, type DenialTotals, type DenialTotalsQuery } from '../../domain/kpis/denial-totals';
import { decidedOutcome, outcomeCell, type LikelihoodCell } from '../../domain/policy/recovery-likelihood';
import { accumulate, where, type Row, type Statement } from './sql-statement';

const DAY_TOTALS = 'denial_day_totals';
const RECOVERY_OUTCOMES = 'recovery_outcomes';
const OUTCOME_KEY = ['payer_id', 'category', 'route', 'appeal_level'];
const RESOLUTION_DAYS = 'denial_resolution_days';
const GROUP = ['remit_date', 'payer_id', 'owner_team', 'category', 'root_cause', 'underpaid'];
const RESOLUTION_KEY = ['remit_date', 'payer_id', 'owner_team', 'category', 'root_cause', 'days'];

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function groupRow(d: DenialFacts): Row {
  const g = groupOf(d);
  return { remit_date: d.remitDate, payer_id: g.payerId, owner_team: g.ownerTeam, category: g.category, root_cause: g.rootCause, underpaid: g.underpaid ? 1 : 0 };
}

/** A row a denial adds to: its key columns, and the sums it adds with `sign`. */
interface Share {
  table: string;
  keys: readonly string[];
  key: Row;
  sums: Record<string, number>;
}

function sharesOf(d: DenialFacts, sign: 1 | -1): Share[] {
  const counts = denialCounts(d);
  const key = groupRow(d);
  const shares: Share[] = [{ table: DAY_TOTALS, keys: GROUP, key, sums: Object.fromEntries(DENIAL_COUNT_FIELDS.map((f) => [column(f), sign * counts[f]])) }];
  const days = daysToResolve(d);
  const { underpaid: _, ...resolved } = key;
  if (days !== undefined) shares.push({ table: RESOLUTION_DAYS, keys: RESOLUTION_KEY, key: { ...resolved, days }, sums: { denials: sign } });
  // What the denial says about its payer (domain/policy/recovery-likelihood.ts), once the payer decided it.
  const outcome = decidedOutcome(d);
  const cell = outcomeCell(d);
  if (outcome && cell) {
    const key = { payer_id: cell.payerId, category: cell.category, route: cell.route, appeal_level: cell.appealLevel };
    shares.push({ table: RECOVERY_OUTCOMES, keys: OUTCOME_KEY, key, sums: { won: outcome === 'won' ? sign : 0, decided: sign } });
  }
  return shares;
}

/**
 * The statements that move a denial's share of the rollup from its facts `prev` to `next`: one per row
 * whose sums change, none when nothing the KPIs count changed. In table and key order, so that two
 * appends updating the same rows lock them in the same order.
 */
export function changeDenialTotals(prev: DenialFacts | undefined, next: DenialFacts): Statement[] {
  const changes = new Map<string, Share>();
  for (const share of [...(prev ? sharesOf(prev, -1) : []), ...sharesOf(next, 1)]) {
    const id = JSON.stringify([share.table, ...share.keys.map((k) => share.key[k])]);
    const seen = changes.get(id);
    if (!seen) changes.set(id, share);
    else for (const [c, n] of Object.entries(share.sums)) seen.sums[c] = seen.sums[c]! + n;
  }
  return [...changes]
    .filter(([, s]) => Object.values(s.sums).some((n) => n !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, s]) => accumulate(s.table, s.keys, { ...s.key, ...s.sums }));
}

const GROUP_SELECT = `payer_id AS "payerId", owner_team AS "ownerTeam", category, root_cause AS "rootCause", underpaid`;
const GROUP_BY = 'payer_id, owner_team, category, root_cause, underpaid';
/** A denial that moves to another group leaves its old rows at zero: not a group of the period's denials. */
const NOT_EMPTY = ' HAVING sum(denials) <> 0';

function scope(q: DenialTotalsQuery): Statement {
  return where([
    ['remit_date >= ?', q.from],
    ['remit_date <= ?', q.to],
    ['payer_id = ?', q.payerId],
    ['owner_team = ?', q.ownerTeam],
  ]);
}

export function sumDenialTotals(q: DenialTotalsQuery): Statement {
  const s = scope(q);
  const sums = DENIAL_COUNT_FIELDS.map((f) => `sum(${column(f)}) AS "${f}"`).join(', ');
  return { sql: `SELECT ${GROUP_SELECT}, ${sums} FROM ${DAY_TOTALS}${s.sql} GROUP BY ${GROUP_BY}${NOT_EMPTY}`, params: s.params };
}

export function sumResolutionDays(q: DenialTotalsQuery): Statement {
  const s = scope(q);
  return { sql: `SELECT category, root_cause AS "rootCause", days, sum(denials) AS denials FROM ${RESOLUTION_DAYS}${s.sql} GROUP BY category, root_cause, days${NOT_EMPTY}`, params: s.params };
}

/** PostgreSQL returns BIGINT and its sums as text; SQLite, the underpaid flag as 0 or 1. */
function groupFromRow(r: Record<string, unknown>): DenialGroup {
  return { payerId: String(r.payerId), ownerTeam: String(r.ownerTeam), category: String(r.category), rootCause: String(r.rootCause), underpaid: Number(r.underpaid) === 1 };
}

export function denialTotalsFromRows(q: DenialTotalsQuery, groups: Record<string, unknown>[], days: Record<string, unknown>[]): DenialTotals {
  return {
    from: q.from,
    to: q.to,
    scope: { payerId: q.payerId, ownerTeam: q.ownerTeam },
    groups: groups.map((r) => {
      // A plain loop: spreading Object.fromEntries per row took ten times as long, a fifth of the dashboard's call.
      const g = groupFromRow(r) as DenialGroupCounts;
      for (const f of DENIAL_COUNT_FIELDS) g[f] = Number(r[f]);
      return g;
    }),
    resolutionDays: days.map((r) => ({ category: String(r.category), rootCause: String(r.rootCause), days: Number(r.days), denials: Number(r.denials) })),
  };
}

/** One cell's decided outcomes; no row, none decided yet. */
export function selectDecidedOutcomes(cell: LikelihoodCell): Statement {
  return {
    sql: `SELECT won, decided FROM ${RECOVERY_OUTCOMES} WHERE payer_id = ? AND category = ? AND route = ? AND appeal_level = ?`,
    params: [cell.payerId, cell.category, cell.route, cell.appealLevel],
  };
}
