/**
 * `npm run payer-shifts`: has a payer started denying a code it used to pay? The week's denials per payer
 * and adjustment code (and procedure) against the payer's earlier weeks, held to a false discovery rate
 * (domain/kpis/payer-shift.ts). Read from the ledger; no Temporal needed.
 */
import { parseArgs } from 'node:util';
import { cellName, DEFAULT_SHIFT_TEST } from '../../domain/kpis/payer-shift';
import { addDays, isIsoDate } from '../../domain/policy/dates';
import { loadConfig } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { BASELINE_WEEKS, payerShiftsOfWeek, type PayerShiftWeek } from '../../runtime/store/payer-shift-inputs';
import { EXIT, UsageError, runMain } from './output';

const USAGE = `Usage: npm run payer-shifts -- [--week YYYY-MM-DD] [--weeks N] [--all] [--json]

Per payer and adjustment code (group-CARC), and per procedure where the volume allows (${DEFAULT_SHIFT_TEST.minProcedureClaims} claims with
it this week and before), the week's denials against the payer's earlier weeks: a conditional binomial
test, the week's cells held to a ${DEFAULT_SHIFT_TEST.fdr * 100}% false discovery rate, a cell tested from ${DEFAULT_SHIFT_TEST.minDenials} denials this week
and before together, an alert needing ${DEFAULT_SHIFT_TEST.minDenials} this week. Counts denials recorded since migration 110
(per procedure, since migration 111).
  --week DAY   the week holding DAY (default: last week, the last one complete)
  --weeks N    earlier weeks to compare with (default ${BASELINE_WEEKS})
  --all        every cell tested, not only the alerts
  --json       the week, the baseline and every finding as JSON
Exit code 0 when the test ran, alerts or not; 2 for a usage error.`;

function render(r: PayerShiftWeek, all: boolean): string {
  const alerts = r.findings.filter((f) => f.alert);
  const lines = [
    `Payer behaviour, week of ${r.week} against the ${r.baselineWeeks} weeks before: ${alerts.length} alert${alerts.length === 1 ? '' : 's'} of ${r.findings.length} cell${r.findings.length === 1 ? '' : 's'} tested`,
  ];
  for (const f of all ? r.findings : alerts) lines.push(`  ${f.alert ? 'ALERT' : '     '} ${cellName({ ...f.cell, code: f.cell.carc })}: ${f.evidence}`);
  if (!r.findings.length) lines.push('  No payer had enough denials of one code this week to test (or no earlier weeks to compare with).');
  return lines.join('\n');
}

export async function main(argv: string[], today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { week: { type: 'string' }, weeks: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (values.week !== undefined && !isIsoDate(values.week)) throw new UsageError(`--week must be a date YYYY-MM-DD (got "${values.week}")`);
  if (values.weeks !== undefined && !/^[1-9]\d{0,2}$/.test(values.weeks)) throw new UsageError(`--weeks must be a whole number from 1 to 999 (got "${values.weeks}")`);
  const day = values.week ?? addDays(today, -7);
  const store = openConfiguredLedger(loadConfig());
  try {
    const r = await payerShiftsOfWeek(store, day, DEFAULT_SHIFT_TEST, values.weeks ? Number(values.weeks) : BASELINE_WEEKS);
    console.log(values.json ? JSON.stringify(r, null, 2) : render(r, values.all ?? false));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

if (require.main === module) runMain(main, USAGE);
