/**
 * The headline KPIs as rows of "measure, value, basis", grouped the way a supervisor scans them: how much
 * is denied, how it gets resolved, what is still open. The basis shows a rate's numerator and denominator,
 * so a 50% on two claims does not read like a 50% on two thousand.
 */
import type { KpiReport } from '../../domain/kpis/kpis';
import { DEADLINE_HORIZON_DAYS } from '../../domain/kpis/kpis';
import { NOT_AVAILABLE, count, days, money, percent, ratioBasis, usDate } from './format';

export interface KpiRow {
  measure: string;
  value: string;
  basis: string;
}

export interface KpiGroup {
  title: string;
  rows: KpiRow[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
const withRate = (basis: string, rate: number | null) => (rate === null ? basis : `${basis} (${percent(rate)})`);

export function kpiGroups(k: KpiReport): KpiGroup[] {
  const appeals = k.appealOverturnRate;
  const under = k.underpayments;
  const disputes = k.underpaymentDisputes;
  return [
    {
      title: 'Denials',
      rows: [
        { measure: 'Initial denial rate, by count', value: percent(k.initialDenialRate.byCount.value), basis: ratioBasis(k.initialDenialRate.byCount, 'claims adjudicated') },
        { measure: 'Initial denial rate, by dollars', value: percent(k.initialDenialRate.byDollars.value), basis: ratioBasis(k.initialDenialRate.byDollars, 'charges', true) },
        { measure: 'Preventable denial rate', value: percent(k.preventableDenialRate.value), basis: ratioBasis(k.preventableDenialRate, 'denials') },
        { measure: 'Repeat defect rate', value: percent(k.repeatDefectRate.value), basis: `${ratioBasis(k.repeatDefectRate, 'defects')} came back after a control` },
      ],
    },
    {
      title: 'Resolution and recovery',
      rows: [
        { measure: 'Days to resolve, median', value: days(k.daysToResolve.median), basis: `${plural(k.daysToResolve.resolved, 'denial')} resolved` },
        { measure: 'Days to resolve, 90th percentile', value: days(k.daysToResolve.p90), basis: `${plural(k.daysToResolve.resolved, 'denial')} resolved` },
        { measure: 'Appeal overturn rate, by count', value: percent(appeals.overall.value), basis: ratioBasis(appeals.overall, 'decided appeals') },
        { measure: 'Appeal overturn rate, by dollars', value: percent(appeals.dollars.value), basis: `${money(appeals.dollars.numerator)} recovered of ${money(appeals.dollars.denominator)} at risk` },
        { measure: 'Timely-filing loss', value: money(k.timelyFilingLoss.cents), basis: plural(k.timelyFilingLoss.count, 'denial') },
        { measure: 'Timely-filing loss rate', value: percent(k.timelyFilingLoss.rate.value), basis: ratioBasis(k.timelyFilingLoss.rate, 'charges', true) },
        { measure: 'Recovered', value: money(k.recoveredCents), basis: `on ${plural(k.denials.count, 'denial')} of the period` },
        { measure: 'Written off', value: money(k.writtenOffCents), basis: `on ${plural(k.denials.count, 'denial')} of the period` },
        { measure: 'Underpayments found', value: money(under.foundCents), basis: plural(under.found, 'underpaid claim') },
        { measure: 'Underpayments recovered', value: money(under.recoveredCents), basis: withRate(ratioBasis(under.recoveryRate, 'found', true), under.recoveryRate.value) },
        { measure: 'Underpayment disputes opened', value: count(disputes.opened), basis: `${money(disputes.disputedCents)} disputed` },
        { measure: 'Underpayment disputes recovered', value: money(disputes.recoveredCents), basis: withRate(ratioBasis(disputes.recoveryRate, 'disputed', true), disputes.recoveryRate.value) },
        { measure: 'Touches per denial', value: k.touchesPerDenial === null ? NOT_AVAILABLE : count(k.touchesPerDenial), basis: 'human actions (tasks, commands, notes)' },
      ],
    },
    {
      title: `Open work as of ${usDate(k.asOf)}`,
      rows: [
        { measure: 'Open dollars at risk', value: money(k.openAtRisk.totalCents), basis: plural(k.openAtRisk.count, 'open denial') },
        {
          measure: `Deadlines in the next ${DEADLINE_HORIZON_DAYS} days`,
          value: count(k.deadlinesNext14Days.count),
          basis: `${money(k.deadlinesNext14Days.atRiskCents)} at risk`,
        },
      ],
    },
  ];
}
