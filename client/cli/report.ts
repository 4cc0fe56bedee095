/**
 * `npm run report`: the leakage report PDF for any period, on demand, from the ledger (no Temporal
 * needed). --mail sends it to the supervisors the way the weekly schedule does (SMTP_URL, else the outbox).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { produceLeakageReport } from '../../services/reports/leakage-report';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { deploymentNotifier } from '../../services/notifications/deployment';
import { EXIT, runMain } from './output';
import { PERIOD_OPTIONS, PERIOD_USAGE, periodFilter } from './period';

const USAGE = `Usage: npm run report -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--payer ID] [--team TEAM] [--category CAT]
                         [--out FILE.pdf] [--mail] [--json]

Renders the revenue-leakage report (KPIs, trend and category charts, deadlines, prevention tasks) as a PDF.
The default period is the 7 days ending yesterday, like the weekly schedule.
${PERIOD_USAGE}
  --out            where to write the PDF (default DATA_DIR/reports/leakage-report-<from>-to-<to>.pdf)
  --mail           also mail it to the supervisors (SMTP_URL, or the outbox folder when unset)
  --json           print the result (file, sha256, pages, headline figures) as JSON`;

export async function main(argv: string[], now = new Date()): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...PERIOD_OPTIONS, out: { type: 'string' }, mail: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const filter = periodFilter({ ...values, to: values.to ?? yesterday }, yesterday, 7);
  const config = loadConfig();
  const ledger = openConfiguredLedger(config);
  try {
    if (!values.json) console.error(`Rendering the leakage report ${filter.from} to ${filter.to} ...`);
    const produced = await produceLeakageReport({ ledger, reportsDir: path.join(config.dataDir, 'reports') }, filter, now.toISOString(), values.out);
    let mailed: string | undefined;
    if (values.mail) {
      const log = createLogger({ level: 'warn' });
      const result = await deploymentNotifier(config, log).notify({
        kind: 'leakage_report',
        idempotencyKey: `cli-report:${produced.sha256}`,
        workflowId: 'leakage-report-cli',
        team: 'supervisors',
        from: filter.from,
        to: filter.to,
        reportFile: produced.file,
        ...produced.headline,
      });
      mailed = result.status === 'already_sent' ? 'already sent (same report)' : result.file ? `written to the outbox: ${result.file}` : `sent over SMTP to ${result.recipients} recipient(s)`;
    }
    if (values.json) console.log(JSON.stringify({ ok: true, filter, ...produced, ...(mailed ? { mailed } : {}) }, null, 2));
    else {
      const h = produced.headline;
      console.log(`Wrote ${produced.file} (${produced.pages} pages, ${Math.round(produced.bytes / 1024)} KiB)`);
      console.log(`  ${h.denials} denials, $${(h.recoveredCents / 100).toFixed(2)} recovered, $${(h.timelyFilingLossCents / 100).toFixed(2)} timely-filing loss, ${h.repeatDefects} repeat defects`);
      if (mailed) console.log(`  Mail: ${mailed}`);
    }
    return EXIT.ok;
  } finally {
    await ledger.close();
  }
}

if (require.main === module) runMain(main, USAGE);
