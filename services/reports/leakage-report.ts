/**
 * The leakage report of a period: load its figures from the ledger store, build the report, render it to
 * PDF and keep the file under the reports folder. The weekly report's activity, the CLI (`npm run report`)
 * and the web app (rendered in memory) all come here.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { KpiFilter } from '../../domain/kpis/kpis';
import { alertOf, type PayerShiftAlert } from '../../domain/kpis/payer-issue';
import { buildLeakageReport, TREND_WEEKS, type LeakageReport } from '../../domain/kpis/leakage-report';
import { addDays, weekOf } from '../../domain/policy/dates';
import { loadKpiInputs } from '../../runtime/store/kpi-inputs';
import { payerShiftsOfWeek } from '../../runtime/store/payer-shift-inputs';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { makePrivateDirAsync, OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { renderLeakageReportPdf } from './render-leakage-report';

export interface LeakageReportDeps {
  ledger: LedgerStore;
  reportsDir: string;
  organizationName?: string;
}

export interface ProducedReport {
  file: string;
  sha256: string;
  pages: number;
  bytes: number;
  /** The payer alerts of the week the report covers: each becomes a payer-issue task (workflows/payer-issue.ts). */
  payerAlerts: PayerShiftAlert[];
  /** The figures the report mail quotes, named as its fields. */
  headline: { denials: number; amountAtRiskCents: number; recoveredCents: number; timelyFilingLossCents: number; repeatDefects: number };
}

/** The report of a period from the ledger, and its PDF: the period, its trend weeks and the prevention board. */
export async function renderLeakageReport(ledger: LedgerStore, filter: KpiFilter, generatedAt: string, organizationName?: string): Promise<{ report: LeakageReport; pdf: Uint8Array }> {
  const inputs = await loadKpiInputs(ledger, filter, addDays(filter.to, -7 * TREND_WEEKS + 1));
  const tasks = await ledger.preventionTasks(filter.ownerTeam ? { ownerTeam: filter.ownerTeam } : {});
  const silentMoney = await ledger.silentMoneyByWeek({ from: weekOf(filter.from), to: filter.to, ...(filter.payerId ? { payerId: filter.payerId } : {}) });
  const shifts = await payerShiftsOfWeek(ledger, filter.to);
  const report = buildLeakageReport(inputs, filter, tasks, generatedAt, silentMoney, shifts);
  return { report, pdf: await renderLeakageReportPdf(report, organizationName ? { organizationName } : {}) };
}

export async function produceLeakageReport(deps: LeakageReportDeps, filter: KpiFilter, generatedAt: string, out?: string): Promise<ProducedReport> {
  const { report, pdf } = await renderLeakageReport(deps.ledger, filter, generatedAt, deps.organizationName);
  const scope = [filter.payerId, filter.ownerTeam, filter.category].filter(Boolean).join('-');
  const file = path.resolve(out ?? path.join(deps.reportsDir, `leakage-report-${filter.from}-to-${filter.to}${scope ? `-${scope.replace(/[^A-Za-z0-9_.-]/g, '_')}` : ''}.pdf`));
  // Owner-only like every file of the deployment; the report itself is aggregates and workflow ids, no PHI.
  await makePrivateDirAsync(path.dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, pdf, { mode: OWNER_ONLY_FILE });
  await fs.rename(tmp, file);
  const k = report.kpis;
  return {
    file,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    pages: (await PDFDocument.load(pdf)).getPageCount(),
    bytes: pdf.byteLength,
    payerAlerts: report.payerShifts ? report.payerShifts.alerts.map((a) => alertOf(report.payerShifts!.week, a)) : [],
    headline: {
      denials: k.denials.count,
      amountAtRiskCents: Math.max(0, k.openAtRisk.totalCents),
      recoveredCents: Math.max(0, k.recoveredCents),
      timelyFilingLossCents: Math.max(0, k.timelyFilingLoss.cents),
      repeatDefects: k.prevention.repeats,
    },
  };
}
