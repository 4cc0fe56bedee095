/**
 * The dashboard's totals, computed by the database: the open work (a count and sum per aging window,
 * the denials due soon) over the partial indexes of migration 103, and the period's prevention entries
 * counted by type, instead of reading every open denial's and every entry's body.
 */
import type { DateWindow } from '../../domain/kpis/kpis';
import type { OpenWorkQuery } from './ledger-store';
import { OPEN_DENIALS, where, type Statement } from './ledger-sql';
import { DUE_KEY, ORDER } from './worklist-sql';

const scope = (q: OpenWorkQuery): [string, string | undefined][] => [
  ['owner_team = ?', q.ownerTeam],
  ['payer_id = ?', q.payerId],
];

/** Count and cents at risk of the open denials remitted within `w`. */
export function sumOpenRemitted(q: OpenWorkQuery, w: DateWindow): Statement {
  const s = where([...scope(q), ['remit_date >= ?', w.from], ['remit_date <= ?', w.to]], [OPEN_DENIALS]);
  return { sql: `SELECT count(*) AS count, coalesce(sum(at_risk_cents), 0) AS cents FROM denial_facts${s.sql}`, params: s.params };
}

/**
 * The open denials whose deadline falls within `due`, read through the worklist's deadline indexes. The
 * caller drops those remitted after `asOf`: a condition on remit_date here draws the planner to the wrong index.
 */
export function selectOpenDue(q: OpenWorkQuery, due: Required<DateWindow>): Statement {
  const s = where([...scope(q), [`${DUE_KEY} >= ?`, due.from], [`${DUE_KEY} <= ?`, due.to]], [OPEN_DENIALS]);
  return { sql: `SELECT body FROM denial_facts${s.sql} ORDER BY ${ORDER.deadline}`, params: s.params };
}

/** Prevention entries whose `at` date falls in [from, to], per type. */
export function countPreventionByType(q: { from: string; to: string; ownerTeam?: string }): Statement {
  // `at >= from` is the same test as its date prefix >= from, and it can use the index on `at`.
  const s = where([
    ['at >= ?', q.from],
    ['substr(at, 1, 10) <= ?', q.to],
    ['owner_team = ?', q.ownerTeam],
  ]);
  return { sql: `SELECT type, count(*) AS count FROM prevention_events${s.sql} GROUP BY type`, params: s.params };
}

/** Open denials per assignee (NULL: the team queue), the dashboard's workload chart. */
export function sumOpenByAssignee(q: Omit<OpenWorkQuery, 'asOf'>): Statement {
  const s = where([['owner_team = ?', q.ownerTeam], ['payer_id = ?', q.payerId]], [OPEN_DENIALS]);
  return { sql: `SELECT assignee, count(*) AS count, coalesce(sum(at_risk_cents), 0) AS cents FROM denial_facts${s.sql} GROUP BY assignee ORDER BY count(*) DESC`, params: s.params };
}
