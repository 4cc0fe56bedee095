/**
 * `npm run kpis`: the leakage KPIs for a period, read from the ledger (no Temporal needed). Readable
 * table by default, the full KpiReport with --json.
 */
import { parseArgs } from 'node:util';
import { kpiGroups } from '../../services/reports/kpi-rows';
import { computeKpis, type KpiReport } from '../../domain/kpis/kpis';
import { loadConfig } from '../../runtime/config';
import { loadKpiInputs } from '../../runtime/store/kpi-inputs';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { EXIT, runMain } from './output';
import { PERIOD_OPTIONS, PERIOD_USAGE, periodFilter } from './period';

const USAGE = `Usage: npm run kpis -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--payer ID] [--team TEAM] [--category CAT] [--json]

The leakage KPIs over the ledger; the default period is the 30 days ending today.
${PERIOD_USAGE}
  --json           the full report as JSON`;

function render(k: KpiReport): string {
  const f = k.filter;
  const scope = [f.payerId && `payer ${f.payerId}`, f.ownerTeam && `team ${f.ownerTeam}`, f.category && `category ${f.category}`].filter(Boolean).join(', ');
  const lines = [`Leakage KPIs ${f.from} to ${f.to}${scope ? ` (${scope})` : ''}`, ''];
  for (const g of kpiGroups(k)) {
    lines.push(g.title);
    const width = Math.max(...g.rows.map((r) => r.measure.length));
    for (const r of g.rows) lines.push(`  ${r.measure.padEnd(width)}  ${r.value.padStart(12)}  ${r.basis}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

export async function main(argv: string[], today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...PERIOD_OPTIONS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const filter = periodFilter(values, today, 30);
  const config = loadConfig();
  const store = openConfiguredLedger(config);
  try {
    const kpis = computeKpis(await loadKpiInputs(store, filter), filter);
    console.log(values.json ? JSON.stringify(kpis, null, 2) : render(kpis));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

if (require.main === module) runMain(main, USAGE);
