/**
 * What operations watch, computed by the database for the metrics endpoint: the open denials per stage,
 * route and working team, with their dollars at risk, deadlines within the week and open tasks (over the
 * open-work indexes); and how many denials were lost to a filing deadline, summed from the KPI rollup
 * (denial_day_totals), which every append keeps, instead of a scan of every denial at each scrape.
 */
import { OPEN_DENIALS, type Statement } from './ledger-sql';

/** `dueBy`: the last day (YYYY-MM-DD) that counts as due soon. */
export function sumOpenByStageRouteTeam(dueBy: string): Statement {
  return {
    sql: `SELECT stage, coalesce(route, '') AS route, coalesce(work_team, '') AS work_team, count(*) AS count,
                 coalesce(sum(at_risk_cents), 0) AS cents,
                 coalesce(sum(CASE WHEN due_date <= ? THEN 1 ELSE 0 END), 0) AS due_soon,
                 coalesce(sum(CASE WHEN task_kind IS NOT NULL THEN 1 ELSE 0 END), 0) AS tasks
          FROM denial_facts WHERE ${OPEN_DENIALS} GROUP BY stage, route, work_team`,
    params: [dueBy],
  };
}

/** The KPI's timely-filing losses: closed as a timely-filing loss, or a timely-filing denial written off. */
export const countDeadlineBreaches: Statement = { sql: 'SELECT coalesce(sum(timely_filing_losses), 0) AS count FROM denial_day_totals', params: [] };
