/**
 * Page 1 of the leakage report: what the report covers (period, filters, when it was made) and the
 * headline KPI tables.
 */
import type { LeakageReport } from '../../domain/kpis/leakage-report';
import type { KpiFilter } from '../../domain/kpis/kpis';
import { text, type Block, type TableColumn } from '../packets/blocks';
import { dateRange } from '../packets/text';
import { count, usDateTime } from './format';
import { kpiGroups } from './kpi-rows';
import { categoryLabel, teamLabel } from './labels';

export const NO_PATIENT_DATA = 'This report holds no patient data: only totals, rates, payer and team names, and denial workflow ids.';

const KPI_COLUMNS: TableColumn[] = [
  { header: 'Measure', weight: 3.2 },
  { header: 'Value', weight: 1.5, align: 'right' },
  // An empty column keeps the right-aligned value apart from the basis that follows it.
  { header: '', weight: 0.3 },
  { header: 'Basis', weight: 4.4 },
];

export function filterDescription(f: KpiFilter): string {
  const applied = [
    f.payerId ? `Payer: ${f.payerId}` : '',
    f.ownerTeam ? `Team: ${teamLabel(f.ownerTeam)}` : '',
    f.category ? `Category: ${categoryLabel(f.category)}` : '',
  ].filter(Boolean);
  return applied.length ? applied.join('; ') : 'None (all payers, teams and categories)';
}

export function headlineBlocks(report: LeakageReport, organizationName?: string): Block[] {
  const { filter, kpis } = report;
  return [
    { kind: 'heading', level: 1, runs: text(report.title) },
    {
      kind: 'fields',
      rows: [
        ...(organizationName ? [{ label: 'Organization', value: text(organizationName) }] : []),
        { label: 'Period', value: text(`${dateRange(filter.from, filter.to)} (by remittance date)`) },
        { label: 'Filters', value: text(filterDescription(filter)) },
        { label: 'Volume', value: text(`${count(kpis.volume.claims)} claims adjudicated on ${count(kpis.volume.remittances)} remittances; ${count(kpis.denials.count)} denied`) },
        { label: 'Generated', value: text(usDateTime(report.generatedAt)) },
      ],
    },
    ...kpiGroups(kpis).flatMap((g): Block[] => [
      { kind: 'heading', level: 2, runs: text(g.title) },
      { kind: 'table', columns: KPI_COLUMNS, rows: g.rows.map((r) => [r.measure, r.value, '', r.basis]), size: 8.5 },
    ]),
    { kind: 'paragraph', runs: [{ text: NO_PATIENT_DATA, italic: true }], size: 8.5 },
  ];
}
