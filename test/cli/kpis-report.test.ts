// `npm run kpis`, `npm run report` and `npm run prevention -- list` read the ledger of DATA_DIR directly
// (no Temporal): readable by default, --json for scripts, exit 2 on bad flags naming the flag.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKeyring } from '../../runtime/codec';
import { SqliteLedgerStore } from '../../runtime/store/sqlite-ledger';
import { denialEntry, preventionEntry, recoveredAppeal, volume } from '../fixtures/ledger';
import { repoRoot } from '../support/launcher';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpis-cli-'));

function run(script: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli', script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '' },
    encoding: 'utf8',
  });
}

describe('KPI and report commands', () => {
  beforeAll(async () => {
    // The key ring the commands load from the data folder (embedded default): generated here first.
    const store = SqliteLedgerStore.open(dataDir, loadKeyring({ dataDir, embedded: true, warn: () => undefined }));
    for (const e of recoveredAppeal('denial-won')) await store.append(e);
    // An open eligibility denial with a deadline ten days after the period ends.
    await store.append(denialEntry('denial-open', 1, { stage: 'routed', facts: { payerId: 'MEDICARE-A', category: 'eligibility', rootCause: 'eligibility_not_verified', ownerTeam: 'patient_access', preventable: true, route: 'corrected_claim', codes: ['CO-31'], ruleIds: [] } }));
    await store.recordRemittanceVolume(volume('MEDICARE-A:T1', { claims: 8, chargeCents: 800_000 }));
    await store.appendPrevention(preventionEntry('prevention-eligibility_not_verified-patient_access', 1));
    await store.close();
  });

  it('kpis --json gives the figures the ledger implies', () => {
    const r = run('kpis.ts', ['--from', '2026-03-01', '--to', '2026-03-07', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const k = JSON.parse(r.stdout);
    expect(k.denials.count).toBe(2);
    expect(k.initialDenialRate.byCount).toEqual({ numerator: 2, denominator: 8, value: 0.25 });
    expect(k.appealOverturnRate.overall).toMatchObject({ numerator: 1, denominator: 1 });
    expect(k.recoveredCents).toBe(24_000);
    expect(k.openAtRisk).toMatchObject({ count: 1, totalCents: 24_000 });
    expect(k.prevention.occurrences).toBe(1);
  });

  it('kpis prints a readable table, filtered by team', () => {
    const r = run('kpis.ts', ['--from', '2026-03-01', '--to', '2026-03-07', '--team', 'patient_access']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Leakage KPIs 2026-03-01 to 2026-03-07 (team patient_access)');
    expect(r.stdout).toMatch(/Initial denial rate, by count\s+12\.5%\s+1 of 8 claims adjudicated/);
  });

  it('a bad flag exits 2 and names it', () => {
    const r = run('kpis.ts', ['--from', '2026-02-30', '--json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: '--from: expected a date YYYY-MM-DD' });
    const text = run('kpis.ts', ['--from', '2026-03-09', '--to', '2026-03-01']);
    expect(text.status).toBe(2);
    expect(text.stderr).toMatch(/^--from: `from` must not be after `to`\n\nUsage: npm run kpis/);
  });

  it('report writes the PDF for any period and mails it to the outbox', async () => {
    const out = path.join(dataDir, 'march.pdf');
    const r = run('report.ts', ['--from', '2026-03-01', '--to', '2026-03-07', '--out', out, '--mail', '--json']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ok: true, file: out, headline: { denials: 2, recoveredCents: 24_000 } });
    expect(result.mailed).toMatch(/^written to the outbox: .*\.eml$/);
    const pdf = await PDFDocument.load(fs.readFileSync(out));
    expect(pdf.getPageCount()).toBe(result.pages);
    const eml = fs.readFileSync(result.mailed.replace('written to the outbox: ', ''), 'utf8');
    expect(eml).toContain('Subject: [Denials] Weekly leakage report, March 1, 2026 to March 7, 2026');
    expect(eml).toMatch(/Content-Type: application\/pdf;\s+name=leakage-report-2026-03-01-to-2026-03-07\.pdf/);
  });

  it('prevention list shows the board from the ledger', () => {
    const r = run('prevention.ts', ['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^open\s+1x\s+\$100\.00\s+repeats 0\s+prevention-eligibility_not_verified-patient_access/m);
    const j = run('prevention.ts', ['list', '--json']);
    expect(JSON.parse(j.stdout)).toEqual([expect.objectContaining({ preventionId: 'prevention-eligibility_not_verified-patient_access', occurrences: 1 })]);
  });
});
