/**
 * The worklist's SQL, for both databases: filters, the two sort orders, keyset or offset paging, and
 * the count behind the page. The open worklists read the partial indexes of migration 103, which index
 * these exact sort expressions; `ledger-store.test.ts` checks on SQLite that no page needs a sort.
 */
import { OPEN_DENIALS, where, type Statement } from './ledger-sql';
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from '../../domain/policy/policy-config';
import { PRIOR_STRENGTH } from '../../domain/policy/recovery-likelihood';
import type { PerRouteTable } from '../../domain/policy/economics';
import { NO_DEADLINE, UNASSIGNED, type ParsedWorklistQuery, type WorklistPosition, type WorklistSort } from './worklist-query';

/** Denials without a deadline sort after every date. */
export const DUE_KEY = `coalesce(due_date, '${NO_DEADLINE}')`;

export const ORDER: Record<Exclude<WorklistSort, 'value'>, string> = {
  deadline: `${DUE_KEY}, at_risk_cents DESC, workflow_id`,
  dollars: 'at_risk_cents DESC, workflow_id',
};

/** A number from the policy as a SQL literal (they are finite numbers; anything else would be a bug). */
function literal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  return String(n);
}

/**
 * A per-route table (`workCosts`, `workMinutes`) as a SQL CASE over the facts `f`, as `perRoute`
 * (domain/policy/economics.ts) reads it; the facts do not say how a payment dispute is filed, so it is
 * priced as a reconsideration.
 */
function perRouteSql(table: PerRouteTable, closing: number): string {
  const byLevel = table.appealByLevel;
  const appeal = `CASE ${byLevel.map((c, i) => `WHEN f.appeal_level <= ${i + 1} THEN ${literal(c)}`).join(' ')} ELSE ${literal(byLevel.at(-1)!)} END`;
  return `CASE f.route WHEN 'corrected_claim' THEN ${literal(table.correctedClaim)} WHEN 'reopening' THEN ${literal(table.reopening)} WHEN 'reconsideration' THEN ${literal(table.reconsideration)} WHEN 'payment_dispute' THEN ${literal(table.reconsideration)} WHEN 'appeal' THEN ${appeal} WHEN 'bill_next_payer' THEN ${literal(table.billNextPayer)} WHEN 'bill_patient' THEN ${literal(table.billPatient)} ELSE ${literal(closing)} END`;
}

/**
 * Expected recovery in cents of a denial's facts `f`, as `expectedRecovery` (domain/policy/economics.ts)
 * reckons it, with the learned likelihood of its payer, category and route (recovery_outcomes, joined as
 * `o`) in place of the prior: at risk × probability − the route's cost.
 */
function expectedValueCents(config: PolicyConfig): string {
  const prior = `CASE f.category ${Object.entries(config.recoveryPriors.byCategory)
    .map(([c, p]) => `WHEN '${c.replace(/'/g, "''")}' THEN ${literal(p)}`)
    .join(' ')} ELSE 0 END`;
  const learned = `((coalesce(o.won, 0) + ${literal(PRIOR_STRENGTH)} * ${prior}) * 1.0 / (coalesce(o.decided, 0) + ${literal(PRIOR_STRENGTH)}))`;
  const probability = `CASE f.route WHEN 'bill_next_payer' THEN ${literal(config.collectionRates.nextPayer)} WHEN 'bill_patient' THEN ${literal(config.collectionRates.patient)} WHEN 'write_off' THEN 0 WHEN 'post_only' THEN 0 ELSE ${learned} END`;
  return `(f.at_risk_cents * ${probability} - 100 * ${perRouteSql(config.workCosts, 0)})`;
}

/**
 * The open denials with their expected value and the minutes of work it takes, for the value sort: each
 * denial's facts joined to the outcomes of its payer, category and route. A derived table, so the filters
 * read its columns unqualified.
 */
function withValue(config: PolicyConfig): string {
  const cell = `o.payer_id = f.payer_id AND o.category = f.category AND o.route = f.route AND o.appeal_level = CASE WHEN f.route = 'appeal' THEN coalesce(f.appeal_level, 0) ELSE 0 END`;
  const minutes = perRouteSql(config.workMinutes, config.workMinutes.closing);
  return `(SELECT f.*, ${expectedValueCents(config)} AS expected_value, ${minutes} AS work_minutes FROM denial_facts f LEFT JOIN recovery_outcomes o ON ${cell}) AS d`;
}

/**
 * Due by the floor first (a deadline near is worth working whatever it brings back), then by expected value
 * per hour of work (a person's hour is what the worklist spends); ties by deadline.
 */
const VALUE_ORDER = `CASE WHEN due_date IS NOT NULL AND due_date <= ? THEN 0 ELSE 1 END, expected_value * 60.0 / work_minutes DESC, ${DUE_KEY}, workflow_id`;

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
    [...(q.assignee === UNASSIGNED ? ['assignee IS NULL'] : []), ...(q.openOnly ? [OPEN_DENIALS] : []), ...search(q), ...(position ? [after(position)] : [])],
  );
}

/** A search: denials holding every term (each term's rows are one range of the terms' key), or the ids a reference starts. */
function search(q: ParsedWorklistQuery): Statement[] {
  const found: Statement[] = [];
  if (q.matchTerms) {
    const terms = [...new Set(q.matchTerms)];
    found.push({
      sql: `workflow_id IN (SELECT workflow_id FROM denial_search_terms WHERE term IN (${terms.map(() => '?').join(', ')}) GROUP BY workflow_id HAVING count(*) = ${terms.length})`,
      params: terms,
    });
  }
  // Ids go on in hex after the prefix, and `~` sorts after every hex digit.
  if (q.workflowIdPrefix) found.push({ sql: '(workflow_id >= ? AND workflow_id < ?)', params: [q.workflowIdPrefix, `${q.workflowIdPrefix}~`] });
  return found;
}

/** One row more than the page, so the store knows whether another page follows. */
export function selectWorklistPage(q: ParsedWorklistQuery, position?: WorklistPosition, config: PolicyConfig = DEFAULT_POLICY_CONFIG): Statement {
  const w = filters(q, position);
  if (q.sort === 'value') {
    return { sql: `SELECT body FROM ${withValue(config)}${w.sql} ORDER BY ${VALUE_ORDER} LIMIT ? OFFSET ?`, params: [...w.params, q.urgentBy ?? '0000-00-00', q.limit + 1, q.offset ?? 0] };
  }
  return { sql: `SELECT body FROM denial_facts${w.sql} ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`, params: [...w.params, q.limit + 1, q.offset ?? 0] };
}

export function countWorklist(q: ParsedWorklistQuery): Statement {
  const w = filters(q);
  return { sql: `SELECT count(*) AS total FROM denial_facts${w.sql}`, params: w.params };
}

/** Expected-value bands of open work, in dollars: where the supervisor's money is (the first costs more to work than it is expected to bring). */
export const VALUE_BANDS = [
  { band: 'costs more than it brings', below: 0 },
  { band: 'under $100', below: 100 },
  { band: '$100 to $1,000', below: 1_000 },
  { band: '$1,000 and more', below: Infinity },
] as const;

/** Open denials per expected-value band, with their dollars at risk and expected, of everyone or an owning team or payer. */
export function sumOpenByValueBand(q: { ownerTeam?: string; payerId?: string }, config: PolicyConfig = DEFAULT_POLICY_CONFIG): Statement {
  const s = where([['owner_team = ?', q.ownerTeam], ['payer_id = ?', q.payerId]], [OPEN_DENIALS]);
  const band = `CASE ${VALUE_BANDS.filter((b) => Number.isFinite(b.below)).map((b, i) => `WHEN expected_value < ${b.below * 100} THEN ${i}`).join(' ')} ELSE ${VALUE_BANDS.length - 1} END`;
  return {
    sql: `SELECT ${band} AS band, count(*) AS count, coalesce(sum(at_risk_cents), 0) AS cents, coalesce(sum(expected_value), 0) AS expected FROM ${withValue(config)}${s.sql} GROUP BY ${band} ORDER BY 1`,
    params: s.params,
  };
}
