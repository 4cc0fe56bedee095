/**
 * Page 2 of the leakage report: the weekly trend of the denial rates, the denial rate by category, open
 * dollars at risk by age, and what was recovered against what timely filing lost, week by week.
 */
import { rgb } from 'pdf-lib';
import type { LeakageReport } from '../../domain/kpis/leakage-report';
import { KPI_CATEGORIES } from '../../domain/kpis/kpis';
import { drawBarChart, drawLineChart, type Box } from './charts';
import { compactMoney, count, percent, tickPercent, weekEnding } from './format';
import type { Pen } from './pen';

export const CHARTS_HEADING = 'Trends and breakdowns';

const BLUE = rgb(0.16, 0.38, 0.7);
const ORANGE = rgb(0.9, 0.5, 0.12);
const PURPLE = rgb(0.5, 0.3, 0.62);
const GREEN = rgb(0.2, 0.56, 0.32);
const RED = rgb(0.78, 0.2, 0.18);

const GAP = 24;

export function drawChartPage(pen: Pen, area: Box, report: LeakageReport): void {
  const { kpis, trend } = report;
  let top = area.y + area.height;
  pen.text(CHARTS_HEADING, area.x, top - 14, { size: 14, bold: true });
  top -= 14 + 16;

  const rows = [0.36, 0.31, 0.33];
  const room = top - area.y - GAP * (rows.length - 1);
  const [trendBox, categoryBox, bottomBox] = rows.map((share) => {
    const box = { x: area.x, y: top - room * share, width: area.width, height: room * share };
    top = box.y - GAP;
    return box;
  }) as [Box, Box, Box];
  const half = (bottomBox.width - GAP) / 2;
  const weeks = trend.map((p) => weekEnding(p.to));

  drawLineChart(pen, trendBox, {
    title: `Denial rates by week (week ending)`,
    labels: weeks,
    series: [
      { name: 'Initial denial rate (count)', color: BLUE, values: trend.map((p) => p.denialRateByCount) },
      { name: 'Preventable denial rate', color: ORANGE, values: trend.map((p) => p.preventableDenialRate) },
      { name: 'Repeat defect rate', color: PURPLE, values: trend.map((p) => p.repeatDefectRate) },
    ],
    tick: tickPercent,
    minStep: 0.001,
  });

  drawBarChart(pen, categoryBox, {
    title: 'Denial rate by category (share of claims adjudicated)',
    labels: KPI_CATEGORIES.map((c) => c.label),
    series: [{ name: 'Denial rate', color: BLUE, values: KPI_CATEGORIES.map((c) => kpis.denialRateByCategory[c.key].value) }],
    tick: tickPercent,
    valueLabel: percent,
    minStep: 0.001,
  });

  drawBarChart(pen, { ...bottomBox, width: half }, {
    title: 'Open dollars at risk by age',
    labels: kpis.openAtRisk.buckets.map((b) => `${b.label}\n${count(b.count)} open`),
    series: [{ name: 'At risk', color: ORANGE, values: kpis.openAtRisk.buckets.map((b) => b.cents) }],
    tick: compactMoney,
    valueLabel: compactMoney,
    minStep: 1,
  });

  drawBarChart(pen, { ...bottomBox, x: bottomBox.x + half + GAP, width: half }, {
    title: 'Recovered vs timely-filing loss by week',
    labels: weeks,
    series: [
      { name: 'Recovered', color: GREEN, values: trend.map((p) => p.recoveredCents) },
      { name: 'Timely-filing loss', color: RED, values: trend.map((p) => p.timelyFilingLossCents) },
    ],
    tick: compactMoney,
    minStep: 1,
  });
}
