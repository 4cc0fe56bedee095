/**
 * The weekly leakage report's content: the period's KPIs, their trend over the weeks before, and the
 * prevention tasks that cost the most. Pure: the report workflow's activity loads the inputs, builds
 * this, and renders it to PDF.
 */
import type { SilentMoneyWeek } from './silent-money-entry';
import type { ShiftFinding } from './payer-shift';
import type { PreventionTaskFacts } from '../prevention/prevention-entry';
import { computeKpis, weeklyPeriods, type KpiFilter, type KpiInputs, type KpiReport } from './kpis';

export interface TrendPoint {
  from: string;
  to: string;
  denials: number;
  denialRateByCount: number | null;
  preventableDenialRate: number | null;
  repeatDefectRate: number | null;
  recoveredCents: number;
  timelyFilingLossCents: number;
}

export interface LeakageReport {
  title: string;
  filter: KpiFilter;
  generatedAt: string;
  kpis: KpiReport;
  trend: TrendPoint[];
  /** Open or reopened prevention tasks first, then by dollars. */
  preventionTasks: PreventionTaskFacts[];
  /** Money taken back or added without a denial, per week of the period and payer (newest first). */
  silentMoney: SilentMoneyWeek[];
  /** The payer-behaviour test of the period's last week: the alerts, and how many cells were tested. */
  payerShifts: { week: string; baselineWeeks: number; tested: number; alerts: ShiftFinding[] } | null;
}

export const TREND_WEEKS = 8;
const PREVENTION_ROWS = 10;

/** The period's weekly trend: each of the `weeks` weeks ending on `filter.to`, oldest first. */
export function weeklyTrend(inputs: KpiInputs, filter: KpiFilter, weeks = TREND_WEEKS): TrendPoint[] {
  return weeklyPeriods(filter.to, weeks).map((p) => {
    const k = computeKpis(inputs, { ...filter, ...p });
    return {
      ...p,
      denials: k.denials.count,
      denialRateByCount: k.initialDenialRate.byCount.value,
      preventableDenialRate: k.preventableDenialRate.value,
      repeatDefectRate: k.repeatDefectRate.value,
      recoveredCents: k.recoveredCents,
      timelyFilingLossCents: k.timelyFilingLoss.cents,
    };
  });
}

export function buildLeakageReport(
  inputs: KpiInputs,
  filter: KpiFilter,
  tasks: readonly PreventionTaskFacts[],
  generatedAt: string,
  silentMoney: readonly SilentMoneyWeek[] = [],
  payerShifts: { week: string; baselineWeeks: number; findings: readonly ShiftFinding[] } | null = null,
  weeks = TREND_WEEKS,
): LeakageReport {
  const trend = weeklyTrend(inputs, filter, weeks);
  const rank = (t: PreventionTaskFacts) => (t.status === 'control_in_place' ? 1 : 0);
  const preventionTasks = tasks
    .filter((t) => !filter.ownerTeam || t.ownerTeam === filter.ownerTeam)
    .slice()
    .sort((a, b) => rank(a) - rank(b) || b.totalCents - a.totalCents || a.preventionId.localeCompare(b.preventionId))
    .slice(0, PREVENTION_ROWS);
  return {
    title: `Revenue leakage report ${filter.from} to ${filter.to}`,
    filter,
    generatedAt,
    kpis: computeKpis(inputs, filter),
    trend,
    preventionTasks,
    silentMoney: [...silentMoney],
    payerShifts: payerShifts && { week: payerShifts.week, baselineWeeks: payerShifts.baselineWeeks, tested: payerShifts.findings.length, alerts: payerShifts.findings.filter((f) => f.alert) },
  };
}
