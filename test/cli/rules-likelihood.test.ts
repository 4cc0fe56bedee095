// `npm run rules -- likelihood` over a ledger: the learned ranking against the prior's, readable and --json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { decidedAppeal } from '../fixtures/ledger';
import { repoRoot } from '../support/launcher';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

describe('npm run rules -- likelihood', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likelihood-'));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli/rules.ts'), 'likelihood', ...args], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });

  beforeAll(async () => {
    const store = openConfiguredLedger(loadConfig({ DATA_DIR: dir }));
    try {
      // Payer A overturns 9 appeals in 10, payer B 1 in 10; B's ids sort first, so ties favour the losers.
      for (let i = 0; i < 120; i++) {
        for (const e of decidedAppeal(`denial-y-${i}`, 'PAYER-A', day(i), i % 10 !== 0)) await store.append(e);
        for (const e of decidedAppeal(`denial-x-${i}`, 'PAYER-B', day(i), i % 10 === 0)) await store.append(e);
      }
    } finally {
      await store.close();
    }
  });

  it('prints the share of the recovered dollars each ranking puts in its top fifth', () => {
    const r = run('--from', day(90), '--to', day(119));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Learned recovery likelihood, ${day(90)} to ${day(119)}: 60 denials decided by their payers, 30 won, $7200.00 recovered.`);
    expect(r.stdout).toMatch(/the prior alone\s+\d+%\s+\d+%/);
    expect(r.stdout).toMatch(/the learned likelihood\s+\d+%\s+\d+%/);
  });

  it('--json carries the same figures; a bad date names the flag', () => {
    const r = run('--from', day(90), '--to', day(119), '--json');
    const report = JSON.parse(r.stdout) as { denials: number; learned: { topFifthShare: number }; prior: { topFifthShare: number } };
    expect(report.denials).toBe(60);
    expect(report.learned.topFifthShare).toBeGreaterThan(report.prior.topFifthShare);
    const bad = run('--from', 'March');
    expect(bad.status).toBe(2);
    expect(bad.stderr + bad.stdout).toMatch(/--from: expected a calendar date YYYY-MM-DD/);
  });
});
