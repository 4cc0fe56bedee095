import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DenialFacts } from '../../domain/kpis/denial-facts';
import { KPI_CATEGORIES, type KpiInputs } from '../../domain/kpis/kpis';
import { testPayerShifts } from '../../domain/kpis/payer-shift';
import { buildLeakageReport, type LeakageReport } from '../../domain/kpis/leakage-report';
import type { RemittanceVolume } from '../../domain/kpis/remittance-volume';
import type { PreventionEntry, PreventionTaskFacts } from '../../domain/prevention/prevention-entry';
import { barHeights, barsInSlot, lineRuns, slots, valueAxis } from '../../services/reports/chart-geometry';
import { compactMoney, money, percent, shortWorkflowId } from '../../services/reports/format';
import { renderLeakageReportPdf } from '../../services/reports/render-leakage-report';
import { pageTexts } from './pdf-text';

const FILTER = { from: '2026-03-01', to: '2026-03-07' };
const GENERATED_AT = '2026-03-09T06:00:00.000Z';
const OUTPUT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'reports');

let n = 0;
function denial(over: Partial<DenialFacts>): DenialFacts {
  n += 1;
  const charge = over.chargeCents ?? 50_000;
  return {
    workflowId: `denial-9f1c2e7a-41d3-4b8e-a0c5-${String(n).padStart(12, '0')}`,
    payerId: 'BCBS-TX',
    category: 'authorization',
    rootCause: 'authorization_missing',
    ownerTeam: 'patient_access',
    preventable: true,
    route: 'corrected_claim',
    stage: 'in_work',
    appealLevel: 0,
    chargeCents: charge,
    initialAtRiskCents: charge,
    atRiskCents: charge,
    recoveredCents: 0,
    lostCents: 0,
    underpaidCents: 0,
    remitDate: '2026-03-02',
    openedAt: '2026-03-02T10:00:00Z',
    appealed: false,
    touches: 2,
    lastSeq: 3,
    updatedAt: '2026-03-06T10:00:00Z',
    ...over,
  };
}

const closed = (remitDate: string, closedAt: string, over: Partial<DenialFacts>): DenialFacts =>
  denial({ remitDate, closedAt: `${closedAt}T12:00:00Z`, stage: 'resolved', atRiskCents: 0, ...over });

function volume(remitDate: string, claims: number, chargeCents: number): RemittanceVolume {
  return { remittanceKey: `BCBS-TX:${remitDate}:${claims}`, payerId: 'BCBS-TX', remitDate, claims, chargeCents, deniedClaims: 0, deniedChargeCents: 0, recordedAt: `${remitDate}T08:00:00Z` };
}

function prevention(at: string, type: PreventionEntry['type'], seq: number): PreventionEntry {
  return {
    preventionId: 'prevention-authorization_missing-patient_access',
    seq,
    at: `${at}T09:00:00Z`,
    type,
    status: type === 'repeat' ? 'reopened' : 'open',
    rootCause: 'authorization_missing',
    ownerTeam: 'patient_access',
    control: 'Authorization check before scheduling',
    amountCents: 40_000,
    actor: { id: 'system', role: 'automation' },
    summary: 'defect seen',
    occurrences: seq,
    totalCents: seq * 40_000,
    repeats: type === 'repeat' ? 1 : 0,
  };
}

function task(over: Partial<PreventionTaskFacts>): PreventionTaskFacts {
  return {
    preventionId: `prevention-${over.rootCause ?? 'authorization_missing'}`,
    rootCause: 'authorization_missing',
    ownerTeam: 'patient_access',
    control: 'Verify the authorization number on the claim before release',
    status: 'open',
    occurrences: 4,
    totalCents: 210_000,
    repeats: 1,
    openedAt: '2026-01-05T09:00:00Z',
    escalations: 0,
    lastSeq: 5,
    ...over,
  };
}

/** Five denials on 40 claims in the report week (12.5%), eight weeks of history, over 15 deadlines due soon, one very large old balance. */
function realisticInputs(): { inputs: KpiInputs; tasks: PreventionTaskFacts[] } {
  const week = [
    denial({ workflowId: 'denial-auth-0001', category: 'authorization', chargeCents: 120_000, dueDate: '2026-03-12' }),
    closed('2026-03-02', '2026-03-06', { category: 'medical_necessity', rootCause: 'missing_medical_necessity', ownerTeam: 'cdi_providers', preventable: false, appealed: true, resolution: 'recovered', chargeCents: 90_000, initialAtRiskCents: 90_000, recoveredCents: 80_000 }),
    closed('2026-03-03', '2026-03-05', { category: 'eligibility', rootCause: 'eligibility_not_verified', stage: 'written_off', resolution: 'written_off', chargeCents: 45_000, lostCents: 45_000 }),
    closed('2026-03-04', '2026-03-07', { category: 'timely_filing', rootCause: 'timely_filing_backlog', ownerTeam: 'ar_follow_up', stage: 'timely_filing_loss', resolution: 'timely_filing_loss', chargeCents: 30_000, lostCents: 30_000 }),
    denial({ category: 'coding', rootCause: 'wrong_modifier', ownerTeam: 'coding', remitDate: '2026-03-05', chargeCents: 60_000, atRiskCents: 15_000, underpaidCents: 15_000, dueDate: '2026-03-18' }),
  ];
  const payers = ['AETNA', 'UHC', 'CIGNA', 'BCBS-TX'];
  const categories = ['eligibility', 'authorization', 'medical_necessity', 'place_of_service', 'duplicate'];
  const history: DenialFacts[] = [];
  for (let w = 1; w <= 7; w++) {
    const remit = new Date(Date.UTC(2026, 2, 4 - 7 * w)).toISOString().slice(0, 10);
    for (let i = 0; i < 2 + (w % 3); i++) {
      history.push(
        denial({
          remitDate: remit,
          payerId: payers[(w + i) % payers.length]!,
          category: categories[(w * 2 + i) % categories.length]!,
          ownerTeam: i % 2 ? 'billing_edits' : 'patient_access',
          preventable: (w + i) % 2 === 0,
          chargeCents: 25_000 + 7_500 * w + 1_000 * i,
          dueDate: `2026-03-${String(8 + ((w * 3 + i) % 13)).padStart(2, '0')}`,
        }),
      );
    }
    history.push(closed(remit, '2026-03-01', { appealed: true, resolution: 'partially_recovered', chargeCents: 40_000 + 5_000 * w, recoveredCents: 20_000 + 4_000 * w }));
    if (w % 3 === 0) history.push(closed(remit, '2026-02-28', { category: 'timely_filing', stage: 'timely_filing_loss', resolution: 'timely_filing_loss', chargeCents: 55_000, lostCents: 55_000 }));
  }
  const veryLarge = denial({ remitDate: '2025-10-15', category: 'medical_necessity', ownerTeam: 'cdi_providers', preventable: false, chargeCents: 987_654_321 });
  const volumes = [volume('2026-03-02', 25, 3_000_000), volume('2026-03-05', 15, 2_000_000)];
  for (let w = 1; w <= 7; w++) volumes.push(volume(new Date(Date.UTC(2026, 2, 4 - 7 * w)).toISOString().slice(0, 10), 30 + 3 * w, 4_000_000));
  const entries = [prevention('2026-03-02', 'occurrence', 1), prevention('2026-03-03', 'occurrence', 2), prevention('2026-03-04', 'occurrence', 3), prevention('2026-03-05', 'repeat', 4), prevention('2026-02-20', 'occurrence', 5)];
  const tasks = [
    task({}),
    task({ rootCause: 'wrong_modifier', ownerTeam: 'coding', control: 'Claim edit: modifier 25 with E/M on the day of a minor procedure', status: 'control_in_place', occurrences: 3, totalCents: 95_000, repeats: 0 }),
    task({ rootCause: 'eligibility_not_verified', control: 'Real-time eligibility (270/271) at scheduling \u2265 48 hours before the visit', status: 'reopened', occurrences: 6, totalCents: 310_500, repeats: 2, payerId: 'AETNA' }),
  ];
  return { inputs: { facts: [...week, ...history, veryLarge], volumes, prevention: entries }, tasks };
}

/** The page's drawing operators, decoded from its content streams. */
async function contentOf(bytes: Uint8Array, pageIndex: number): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const contents = doc.getPage(pageIndex).node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs
    .map((ref) => doc.context.lookup(ref))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
    .join('\n');
}

const filledRects = (content: string) => content.match(/ re f\b/g)?.length ?? 0;
const flat = (texts: string[]) => texts.join(' ').replace(/\s+/g, ' ');
const positive = (values: readonly (number | null)[]) => values.filter((v) => v !== null && v > 0).length;

describe('chart geometry', () => {
  it('scales bars to a round axis top: 0 gives no height, the axis top the full height, null no bar', () => {
    const axis = valueAxis([0, 25, null, 100]);
    expect(axis).toEqual({ max: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(barHeights([0, 25, null, 100], axis, 200)).toEqual([0, 50, null, 200]);
  });

  it('keeps bar heights proportional and within the plot for an uneven maximum', () => {
    const axis = valueAxis([0.03, 0.13])!;
    expect(axis.ticks).toEqual([0, 0.05, 0.1, 0.15]);
    const [small, large] = barHeights([0.03, 0.13], axis, 150) as number[];
    expect(large).toBeCloseTo((0.13 / 0.15) * 150);
    expect(small! / large!).toBeCloseTo(0.03 / 0.13);
  });

  it('copes with one very large value next to small ones', () => {
    const values = [150, 1_000, 987_654_321];
    const axis = valueAxis(values, 1)!;
    const heights = barHeights(values, axis, 120) as number[];
    expect(heights.every(Number.isFinite)).toBe(true);
    expect(heights[2]).toBeGreaterThan(60);
    expect(heights[2]).toBeLessThanOrEqual(120);
    expect(heights[0]).toBeLessThan(0.01);
  });

  it('has no axis for all-zero or all-null data, and draws nothing tall without one', () => {
    expect(valueAxis([0, 0, 0])).toBeNull();
    expect(valueAxis([null, null])).toBeNull();
    expect(valueAxis([])).toBeNull();
    expect(barHeights([0, null, 0], null, 100)).toEqual([0, null, 0]);
  });

  it('keeps money axes in whole cents', () => {
    expect(valueAxis([1], 1)).toEqual({ max: 1, ticks: [0, 1] });
  });

  it('lays out slots and grouped bars inside their slot, and breaks lines at nulls', () => {
    const at = slots(4, 100, 400);
    expect(at.map((s) => s.center)).toEqual([150, 250, 350, 450]);
    const bars = barsInSlot(at[0]!, 2);
    expect(bars[0]!.left).toBeGreaterThanOrEqual(at[0]!.left);
    expect(bars[1]!.left + bars[1]!.width).toBeLessThanOrEqual(at[0]!.left + at[0]!.width);
    const runs = lineRuns([0.1, 0.2, null, 0.1], valueAxis([0.1, 0.2]), at, 50, 100);
    expect(runs.map((r) => r.length)).toEqual([2, 1]);
    expect(runs[0]![1]).toEqual({ x: 250, y: 150 });
  });
});

describe('format', () => {
  it('prints rates, compact money and short workflow ids', () => {
    expect(percent(1 / 8)).toBe('12.5%');
    expect(percent(null)).toBe('n/a');
    expect(compactMoney(987_654_321)).toBe('$9.9M');
    expect(compactMoney(250_000)).toBe('$2.5k');
    expect(compactMoney(95_000)).toBe('$950');
    expect(compactMoney(150)).toBe('$1.50');
    expect(shortWorkflowId('denial-auth-0001')).toBe('denial-auth-0001');
    expect(shortWorkflowId('denial-9f1c2e7a-41d3-4b8e-a0c5-000000000007')).toBe('denial-\u20260000000007');
  });
});

describe('renderLeakageReportPdf', () => {
  let report: LeakageReport;
  let empty: LeakageReport;
  let bytes: Uint8Array;
  let emptyBytes: Uint8Array;
  let texts: string[];
  let emptyTexts: string[];

  beforeAll(async () => {
    const { inputs, tasks } = realisticInputs();
    report = buildLeakageReport(inputs, FILTER, tasks, GENERATED_AT, [
      { week: '2026-03-02', payerId: 'AETNA', takenCents: 184_250, addedCents: 1_275, items: 4, linkedToDenials: 1 },
      { week: '2026-02-23', payerId: 'MEDICARE-B', takenCents: 40_000, addedCents: 0, items: 1, linkedToDenials: 0 },
    ], {
      week: '2026-03-02',
      baselineWeeks: 12,
      findings: testPayerShifts([
        { payerId: 'AETNA', carc: 'CO-197', denials: 18, claims: 400, baselineDenials: 48, baselineClaims: 4800 },
        { payerId: 'AETNA', carc: 'CO-50', denials: 6, claims: 400, baselineDenials: 70, baselineClaims: 4800 },
      ]),
    });
    empty = buildLeakageReport({ facts: [], volumes: [], prevention: [] }, FILTER, [], GENERATED_AT);
    bytes = await renderLeakageReportPdf(report, { organizationName: 'Riverside Orthopedic Associates, PC' });
    emptyBytes = await renderLeakageReportPdf(empty);
    texts = await pageTexts(bytes);
    emptyTexts = await pageTexts(emptyBytes);

    // A copy for a reviewer to look at (test-output/ is not part of the repository).
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, 'leakage-report.pdf');
    fs.writeFileSync(file, bytes);
    fs.writeFileSync(path.join(OUTPUT_DIR, 'leakage-report-empty.pdf'), emptyBytes);
    spawnSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', '-singlefile', file, path.join(OUTPUT_DIR, 'leakage-report-page-1')], { stdio: 'ignore' });
  });

  it('writes a US Letter PDF with a footer on every page', async () => {
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    expect(doc.getTitle()).toBe('Revenue leakage report 2026-03-01 to 2026-03-07');
    for (const page of doc.getPages()) expect(page.getSize()).toEqual({ width: 612, height: 792 });
    texts.forEach((t, i) => {
      expect(t).toContain(`Page ${i + 1} of ${texts.length}`);
      expect(t).toContain('No patient data');
    });
    expect(texts[0]).toContain('This report holds no patient data');
  });

  it('shows the headline KPIs the inputs imply, with their basis', () => {
    const page1 = flat([texts[0]!]);
    const expected = [
      'Revenue leakage report 2026-03-01 to 2026-03-07',
      '03/01/2026 \u2013 03/07/2026',
      '03/09/2026 06:00 UTC',
      'None (all payers, teams and categories)',
      'Riverside Orthopedic Associates, PC',
      // 5 denials on 40 claims; $3,450.00 of $50,000.00 charges.
      '12.5%',
      '5 of 40 claims adjudicated',
      '6.9%',
      '$3,450.00 of $50,000.00 charges',
      '80.0%', // 4 of 5 preventable
      '25.0%', // 1 repeat of 4 defects
      '1 of 1 decided appeals',
      '$800.00', // recovered
      '$450.00', // written off
      '$300.00', // timely-filing loss
      '$150.00', // underpayment found
      '3 days', // median of 2, 3, 4 days
      money(report.kpis.openAtRisk.totalCents),
    ];
    for (const s of expected) expect(page1).toContain(s);
  });

  it('charts the trend, the categories, the aging and the weekly recovery', () => {
    const charts = flat([texts[1]!]);
    expect(charts).toContain('Trends and breakdowns');
    expect(charts).toContain('Denial rates by week');
    for (const c of KPI_CATEGORIES) expect(charts).toContain(c.label);
    expect(charts).toContain('over 120 days');
    expect(charts).toContain('$9.9M'); // the very large balance labels its bar
    expect(charts).toContain('03/07'); // week ending
    expect(charts).toContain('Timely-filing loss');
    expect(charts).not.toContain('No data for this period');
  });

  it('draws one filled rectangle per non-zero bar and per trend point', async () => {
    const k = report.kpis;
    const bars =
      positive(KPI_CATEGORIES.map((c) => k.denialRateByCategory[c.key].value)) +
      positive(k.openAtRisk.buckets.map((b) => b.cents)) +
      positive(report.trend.flatMap((p) => [p.recoveredCents, p.timelyFilingLossCents]));
    const points = report.trend.flatMap((p) => [p.denialRateByCount, p.preventableDenialRate, p.repeatDefectRate]).filter((v) => v !== null).length;
    expect(bars).toBeGreaterThan(10);
    const [full, none] = [await contentOf(bytes, 1), await contentOf(emptyBytes, 1)];
    // Same legends on both; the difference is the data.
    expect(filledRects(full) - filledRects(none)).toBe(bars + points);
    // Gridlines and trend segments are strokes; the empty page still has its four pairs of axes.
    expect(full.match(/ l S\b/g)!.length).toBeGreaterThan(none.match(/ l S\b/g)!.length);
    expect(none.match(/ l S\b/g)!.length).toBeGreaterThanOrEqual(8);
  });

  it('lists the top 15 deadlines and the prevention tasks, and continues tables on a new page', () => {
    const rest = flat(texts.slice(2));
    expect(rest).toContain('Filing deadlines in the next 14 days');
    expect(rest).toContain('denial-auth-0001');
    expect(rest).toContain('03/12/2026');
    expect(report.kpis.deadlinesNext14Days.count).toBeGreaterThan(15);
    expect(rest).toContain(`Top 15 of ${report.kpis.deadlinesNext14Days.count}`);
    expect(rest).not.toContain('denial-9f1c2e7a-41d3'); // long ids are shortened
    expect(rest).toContain('Top prevention tasks');
    // The money taken back without a denial, per week and payer, with the period's total (#16).
    expect(rest).toContain('Money taken back without a denial');
    expect(rest).toContain('$1,842.50');
    expect(rest).toContain('$12.75');
    expect(rest).toContain('$2,242.50');
    // The payer-behaviour test of the week: the alert with its evidence, and what was tested (#16).
    expect(rest).toContain('Payer behaviour changes, week of 03/02/2026');
    expect(rest).toContain('18 of 400 claims (4.5%) denied CO-197 this week');
    expect(rest).not.toContain('denied CO-50 this week');
    expect(rest).toContain('2 tested');
    expect(rest).toContain('Wrong or missing modifier');
    expect(rest).toContain('Control in place');
    expect(rest).toContain('>= 48 hours'); // sanitised to WinAnsi
    expect(rest).toContain('$3,105.00');
  });

  it('names the filters applied', async () => {
    const { inputs, tasks } = realisticInputs();
    const filtered = buildLeakageReport(inputs, { ...FILTER, payerId: 'AETNA', ownerTeam: 'patient_access', category: 'medical_necessity' }, tasks, GENERATED_AT);
    const page1 = flat((await pageTexts(await renderLeakageReportPdf(filtered))).slice(0, 1));
    expect(page1).toContain('Payer: AETNA; Team: Front end / patient access; Category: Medical necessity');
  });

  it('repeats a table header when the table runs onto another page', async () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ ...report.preventionTasks[0]!, preventionId: `p-${i}`, control: 'A long control description. '.repeat(8) }));
    const pages = await pageTexts(await renderLeakageReportPdf({ ...report, preventionTasks: many }));
    const withHeader = pages.filter((t) => t.includes('Root cause'));
    expect(pages.length).toBeGreaterThan(texts.length);
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
  });

  it('renders an empty report with n/a, zeros and "no data" charts', async () => {
    expect((await PDFDocument.load(emptyBytes)).getPageCount()).toBeGreaterThanOrEqual(1);
    const all = flat(emptyTexts);
    const expected = [
      'n/a',
      '0 of 0 claims adjudicated',
      '$0.00',
      'No data for this period',
      'All values are 0 in this period',
      'No open denial has a filing deadline in the next 14 days.',
      'No prevention task is open for this scope.',
      'No reversal, recoupment or provider-level adjustment in this period.',
      'Page 1 of',
    ];
    for (const s of expected) expect(all).toContain(s);
  });

  it('never prints NaN, undefined or null', () => {
    for (const t of [...texts, ...emptyTexts]) expect(t).not.toMatch(/NaN|undefined|null|Infinity/);
  });
});
