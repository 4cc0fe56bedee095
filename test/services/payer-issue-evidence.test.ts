// A payer shift confined to one procedure, from the ledger to the payer issue's evidence (issue #16, item 5):
// the procedure's cell raises the alert the payer-wide cell misses, and the evidence counts only the
// denials of claims with that procedure. SQLite ledger; the workflow around it is tested on the dev server
// in test/temporal/payer-issue.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertOf, payerIssueId } from '../../domain/kpis/payer-issue';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { payerShiftsOfWeek } from '../../runtime/store/payer-shift-inputs';
import { producePayerIssueEvidence } from '../../services/reports/payer-issue-evidence';
import { seedProcedureShift } from '../fixtures/ledger';
import { keyringWith, randomKey } from '../support/codec-keys';
import { pageTexts } from './pdf-text';

const WEEK = '2026-03-02'; // a Monday

describe('a payer shift confined to one procedure', () => {
  let dir: string;
  let ledger: LedgerStore;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procedure-shift-'));
    ledger = openLedgerStore({ dataDir: dir, keyring: keyringWith(randomKey('procedure-shift')) });
    await seedProcedureShift(ledger, WEEK);
  });

  afterAll(async () => {
    await ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is found by the procedure cell, which the payer-wide cell alone misses', async () => {
    const shifts = await payerShiftsOfWeek(ledger, WEEK);
    const alerts = shifts.findings.filter((f) => f.alert);
    expect(alerts.map((f) => [f.cell.carc, f.cell.procedure])).toEqual([['CO-50', '97110']]);
    expect(alerts[0]!.evidence).toMatch(/^12 of 60 claims with 97110 \(20\.0%\) denied CO-50 this week against 1\.7% before \(12 of 720; p = /);
    const wide = shifts.findings.find((f) => f.cell.procedure === undefined)!;
    expect(wide).toMatchObject({ alert: false, cell: { denials: 42, claims: 3060, baselineDenials: 372, baselineClaims: 36_720 } });
  });

  it('gives evidence of that procedure\'s denials only, in a PDF that names it', async () => {
    const shifts = await payerShiftsOfWeek(ledger, WEEK);
    const alert = alertOf(shifts.week, shifts.findings.find((f) => f.alert)!);
    expect(payerIssueId(alert)).toBe(`payer-issue-CIGNA-CO-50-97110-${WEEK}`);
    const produced = await producePayerIssueEvidence({ ledger, reportsDir: path.join(dir, 'reports') }, alert);
    expect(produced.evidence).toMatchObject({ denials: 12 });
    expect(produced.evidence.atRiskCents).toBeGreaterThan(12 * 20_000);
    const pdf = await PDFDocument.load(fs.readFileSync(produced.file));
    expect(pdf.getTitle()).toBe(`Denial pattern: CIGNA CO-50 on 97110, week of ${WEEK}`);
    const text = (await pageTexts(fs.readFileSync(produced.file))).join('\n');
    expect(text).toContain('Denial pattern: payer CIGNA, CO-50, procedure 97110');
    expect(text).toContain('12 of 60 claims with 97110 denied with CO-50 (20.0%)');
  });
});
