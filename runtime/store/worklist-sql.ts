/**
 * The worklist's SQL, for both databases: filters, the two sort orders, keyset or offset paging, and
 * the count behind the page. The open worklists read the partial indexes of migration 103, which index
 * these exact sort expressions; `ledger-store.test.ts` checks on SQLite that no page needs a sort.
 */
import { OPEN_DENIALS, where, type Statement } from './ledger-sql';
import { NO_DEADLINE, UNASSIGNED, type ParsedWorklistQuery, type WorklistPosition, type WorklistSort } from './worklist-query';

/** Denials without a deadline sort after every date. */
export const DUE_KEY = `coalesce(due_date, '${NO_DEADLINE}')`;

export const ORDER: Record<WorklistSort, string> = {
  deadline: `${DUE_KEY}, at_risk_cents DESC, workflow_id`,
  dollars: 'at_risk_cents DESC, workflow_id',
};

/** Rows after `p` in its sort order. The leading range term lets the index scan start at the cursor. */
function after(p: WorklistPosition): Statement {
  if (p.sort === 'dollars') {
    return { sql: '(at_risk_cents <= ? AND (at_risk_cents < ? OR workflow_id > ?))', params: [p.atRiskCents, p.atRiskCents, p.workflowId] };
  }
  return {
    sql: `(${DUE_KEY} >= ? AND (${DUE_KEY} > ? OR at_risk_cents < ? OR (at_risk_cents = ? AND workflow_id > ?)))`,
    params: [p.dueKey, p.dueKey, p.atRiskCents, p.atRiskCents, p.workflowId],
  };
}

function filters(q: ParsedWorklistQuery, position?: WorklistPosition): Statement {
  const assigned = q.assignee === UNASSIGNED ? undefined : q.assignee;
  return where(
    [
      ['work_team = ?', q.workTeam],
      ['owner_team = ?', q.ownerTeam],
      ['assignee = ?', assigned],
      ['category = ?', q.category],
      ['payer_id = ?', q.payerId],
      ['route = ?', q.route],
      ['stage = ?', q.stage],
      ['task_kind = ?', q.taskKind],
      ['remit_date >= ?', q.remittedFrom],
      ['remit_date <= ?', q.remittedTo],
    ],
    [...(q.assignee === UNASSIGNED ? ['assignee IS NULL'] : []), ...(q.openOnly ? [OPEN_DENIALS] : []), ...(position ? [after(position)] : [])],
  );
}

/** One row more than the page, so the store knows whether another page follows. */
export function selectWorklistPage(q: ParsedWorklistQuery, position?: WorklistPosition): Statement {
  const w = filters(q, position);
  return { sql: `SELECT body FROM denial_facts${w.sql} ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`, params: [...w.params, q.limit + 1, q.offset ?? 0] };
}

export function countWorklist(q: ParsedWorklistQuery): Statement {
  const w = filters(q);
  return { sql: `SELECT count(*) AS total FROM denial_facts${w.sql}`, params: w.params };
}
