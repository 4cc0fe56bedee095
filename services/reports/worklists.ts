/**
 * The report's worklists: filing deadlines coming up, money taken back without a denial, and the
 * prevention tasks that cost the most. Tables
 * flow onto further pages with their header repeated. Column weights are points of the 468-point text
 * width, sized so ids, dates, team names and amounts stay on one line.
 */
import { DEADLINE_HORIZON_DAYS, type KpiReport } from '../../domain/kpis/kpis';
import type { PreventionTaskFacts } from '../../domain/prevention/prevention-entry';
import type { SilentMoneyWeek } from '../../domain/kpis/silent-money-entry';
import { DEFAULT_SHIFT_TEST } from '../../domain/kpis/payer-shift';
import type { LeakageReport } from '../../domain/kpis/leakage-report';
import { text, type Block, type TableColumn } from '../packets/blocks';
import { count, money, shortWorkflowId, usDate } from './format';
import { categoryLabel, humanize, rootCauseLabel, teamLabel } from './labels';

export const DEADLINE_ROWS = 15;

const DEADLINE_COLUMNS: TableColumn[] = [
  { header: 'Denial', weight: 84 },
  { header: 'Due date', weight: 50 },
  { header: 'Days left', weight: 42, align: 'center' },
  { header: 'Category', weight: 76 },
  { header: 'Payer', weight: 50 },
  { header: 'Team', weight: 110 },
  { header: 'At risk', weight: 56, align: 'right' },
];

const SILENT_MONEY_COLUMNS: TableColumn[] = [
  { header: 'Week of', weight: 70 },
  { header: 'Payer', weight: 110 },
  { header: 'Taken back', weight: 80, align: 'right' },
  { header: 'Added', weight: 70, align: 'right' },
  { header: 'Items', weight: 58, align: 'right' },
  { header: 'On denied claims', weight: 80, align: 'right' },
];

const SHIFT_COLUMNS: TableColumn[] = [
  { header: 'Payer', weight: 70 },
  { header: 'Code', weight: 50 },
  { header: 'Evidence', weight: 348 },
];

const PREVENTION_COLUMNS: TableColumn[] = [
  { header: 'Root cause', weight: 100 },
  { header: 'Team', weight: 72 },
  { header: 'Control', weight: 100 },
  { header: 'Status', weight: 48 },
  { header: 'Occurrences', weight: 56, align: 'right' },
  { header: 'Repeats', weight: 38, align: 'right' },
  { header: 'Dollars', weight: 54, align: 'right' },
];

/** A heading with its table, or with a sentence saying there is nothing to list. */
function listing(title: string, columns: TableColumn[], rows: string[][], none: string, footer?: string[]): Block[] {
  const heading: Block = { kind: 'heading', level: 2, runs: text(title) };
  if (!rows.length) return [heading, { kind: 'paragraph', runs: text(none) }];
  return [heading, { kind: 'table', size: 8, columns, rows, ...(footer ? { footer } : {}) }];
}

export function deadlineBlocks(deadlines: KpiReport['deadlinesNext14Days']): Block[] {
  const shown = deadlines.items.slice(0, DEADLINE_ROWS);
  return listing(
    `Filing deadlines in the next ${DEADLINE_HORIZON_DAYS} days`,
    DEADLINE_COLUMNS,
    shown.map((d) => [shortWorkflowId(d.workflowId), usDate(d.dueDate), count(d.daysLeft), categoryLabel(d.category), d.payerId, teamLabel(d.ownerTeam), money(d.atRiskCents)]),
    `No open denial has a filing deadline in the next ${DEADLINE_HORIZON_DAYS} days.`,
    [shown.length < deadlines.count ? `Top ${shown.length} of ${count(deadlines.count)}` : `All ${count(deadlines.count)}`, '', '', '', '', '', money(deadlines.atRiskCents)],
  );
}

/** Reversals, recoupments and provider-level adjustments: money that left without a denial showing it. */
export function silentMoneyBlocks(weeks: readonly SilentMoneyWeek[]): Block[] {
  const shown = weeks.slice(0, DEADLINE_ROWS);
  const taken = weeks.reduce((n, w) => n + w.takenCents, 0);
  return listing(
    'Money taken back without a denial',
    SILENT_MONEY_COLUMNS,
    shown.map((w) => [usDate(w.week), w.payerId, money(w.takenCents), money(w.addedCents), count(w.items), count(w.linkedToDenials)]),
    'No reversal, recoupment or provider-level adjustment in this period.',
    [shown.length < weeks.length ? `Top ${shown.length} of ${count(weeks.length)} weeks by payer` : 'All', '', money(taken), '', '', ''],
  );
}

/** The payer-behaviour test of the period's last week: each alert with its evidence, or that there was none. */
export function payerShiftBlocks(shifts: LeakageReport['payerShifts']): Block[] {
  if (!shifts) return [];
  const heading: Block = { kind: 'heading', level: 2, runs: text(`Payer behaviour changes, week of ${usDate(shifts.week)}`) };
  const basis = `Each payer's denials per adjustment code, and per procedure where the volume allows, against its ${shifts.baselineWeeks} weeks before (conditional binomial test, false discovery rate ${DEFAULT_SHIFT_TEST.fdr * 100}%); ${count(shifts.tested)} tested.`;
  if (!shifts.alerts.length) return [heading, { kind: 'paragraph', runs: text(`No payer denied a code significantly more often than before. ${basis}`) }];
  return [
    heading,
    { kind: 'table', size: 8, columns: SHIFT_COLUMNS, rows: shifts.alerts.map((a) => [a.cell.payerId, a.cell.procedure ? `${a.cell.carc} on ${a.cell.procedure}` : a.cell.carc, a.evidence]) },
    { kind: 'paragraph', runs: text(basis) },
  ];
}

export function preventionBlocks(tasks: readonly PreventionTaskFacts[]): Block[] {
  return listing(
    'Top prevention tasks',
    PREVENTION_COLUMNS,
    tasks.map((t) => [
      rootCauseLabel(t.rootCause) + (t.payerId ? ` (${t.payerId})` : ''),
      teamLabel(t.ownerTeam),
      t.control,
      humanize(t.status),
      count(t.occurrences),
      count(t.repeats),
      money(t.totalCents),
    ]),
    'No prevention task is open for this scope.',
  );
}
