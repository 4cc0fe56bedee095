// `npm run payer-shifts` over a ledger (issue #16, item 5): a payer that starts denying a code at six times
// its rate is an alert with its evidence; a code it denies as always is not.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/policy/dates';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import { seedPayerShift, seedProcedureShift } from '../fixtures/ledger';
import { keyringWith, randomKey } from '../support/codec-keys';
import { repoRoot } from '../support/launcher';

const WEEK = '2026-03-02'; // a Monday
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payer-shifts-'));
const procedureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'payer-shifts-procedure-'));
const runIn = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli/payer-shifts.ts'), ...args], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
const run = (...args: string[]) => runIn(dir, ...args);

describe('npm run payer-shifts', () => {
  beforeAll(async () => {
    for (const [dataDir, seed] of [[dir, seedPayerShift], [procedureDir, seedProcedureShift]] as const) {
      const store = openLedgerStore({ dataDir, keyring: keyringWith(randomKey('shift-test')) });
      await seed(store, WEEK);
      await store.close();
    }
  });

  afterAll(() => {
    for (const d of [dir, procedureDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('names the shift with its evidence, and only it', () => {
    const r = run('--week', addDays(WEEK, 3));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Payer behaviour, week of ${WEEK} against the 12 weeks before: 1 alert of 2 cells tested`);
    expect(r.stdout).toMatch(/ALERT AETNA CO-197: 24 of 400 claims \(6\.0%\) denied CO-197 this week against 1\.0% before \(48 of 4800; p = /);
    expect(r.stdout).not.toContain('CO-50');
    expect(run('--week', WEEK, '--all').stdout).toMatch(/\n {8}AETNA CO-50: 8 of 400 claims/);
  });

  it('--json: the week, its baseline and every finding', () => {
    const r = run('--week', WEEK, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { week: string; baselineWeeks: number; findings: { alert: boolean; cell: { carc: string } }[] };
    expect(out).toMatchObject({ week: WEEK, baselineWeeks: 12 });
    expect(out.findings.map((f) => [f.cell.carc, f.alert])).toEqual([['CO-197', true], ['CO-50', false]]);
  });

  it('names a shift confined to one procedure with the procedure, where the payer-wide cell is quiet', () => {
    const r = runIn(procedureDir, '--week', WEEK, '--all');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n {2}ALERT CIGNA CO-50 on 97110: 12 of 60 claims with 97110 \(20\.0%\) denied CO-50 this week/);
    expect(r.stdout).toMatch(/\n {8}CIGNA CO-50: 42 of 3060 claims/);
  });

  it('a wrong week is a usage error that says what to give', () => {
    const r = run('--week', 'last-monday');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--week must be a date YYYY-MM-DD (got "last-monday")');
  });
});
