/**
 * The weekly revenue-leakage report as a PDF, on US Letter with the standard Helvetica fonts:
 *   page 1   the headline KPIs, each with its basis;
 *   page 2   charts drawn as PDF vector graphics;
 *   page 3+  filing deadlines coming up, money taken back without a denial, payer
 *            behaviour changes, and the top prevention tasks.
 * Every page carries "Page n of m" and the note that the report holds no patient data.
 */
import { PDFDocument, StandardFonts, type PDFPage } from 'pdf-lib';
import type { LeakageReport } from '../../domain/kpis/leakage-report';
import type { Block } from '../packets/blocks';
import { stampFooters } from '../packets/assemble';
import { PageCanvas } from '../packets/canvas';
import { Flow, LETTER_PAGE, Metrics } from '../packets/layout';
import { drawChartPage } from './chart-page';
import { headlineBlocks } from './headline';
import { Pen } from './pen';
import { deadlineBlocks, payerShiftBlocks, preventionBlocks, silentMoneyBlocks } from './worklists';

export interface LeakageReportPdfOptions {
  organizationName?: string;
}

export async function renderLeakageReportPdf(report: LeakageReport, opts: LeakageReportPdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const [regular, bold, italic] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.HelveticaOblique),
  ]);
  const metrics = new Metrics({ regular, bold, italic });
  // Drawings stay open until the footer pass adds "Page n of m", then each page is written once.
  const canvases = new Map<PDFPage, PageCanvas>();
  const flow = (blocks: Block[]) => {
    const f = new Flow(doc, metrics, LETTER_PAGE);
    f.render(blocks);
    for (const { page, canvas } of f.drawn) canvases.set(page, canvas);
  };

  flow(headlineBlocks(report, opts.organizationName));

  const chartPage = doc.addPage([LETTER_PAGE.width, LETTER_PAGE.height]);
  const canvas = new PageCanvas(doc, chartPage, [regular, bold, italic]);
  canvases.set(chartPage, canvas);
  const { left, right, top, bottom, width, height } = LETTER_PAGE;
  drawChartPage(new Pen(canvas, metrics), { x: left, y: bottom, width: width - left - right, height: height - top - bottom }, report);

  flow([...deadlineBlocks(report.kpis.deadlinesNext14Days), ...silentMoneyBlocks(report.silentMoney), ...payerShiftBlocks(report.payerShifts), ...preventionBlocks(report.preventionTasks)]);

  const org = opts.organizationName ? `${opts.organizationName}  \u00b7  ` : '';
  stampFooters(doc, { reference: `${org}Revenue leakage report  \u00b7  No patient data`, metrics, canvases, attachmentPagesFrom: doc.getPageCount() });

  doc.setTitle(metrics.sanitize(report.title));
  doc.setSubject('Weekly revenue-leakage report');
  doc.setCreator('denial-orchestrator');
  doc.setProducer('pdf-lib');
  const generated = new Date(report.generatedAt);
  if (!Number.isNaN(generated.getTime())) {
    doc.setCreationDate(generated);
    doc.setModificationDate(generated);
  }
  return doc.save({ useObjectStreams: false });
}
