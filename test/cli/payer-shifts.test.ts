// `npm run payer-shifts` over a ledger (issue #16, item 5): a payer that starts denying a code at six times
// its rate is an alert with its evidence; a code it denies as always is not.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/policy/dates';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import { seedPayerShift } from '../fixtures/ledger';
import { keyringWith, randomKey } from '../support/codec-keys';
import { repoRoot } from '../support/launcher';

const WEEK = '2026-03-02'; // a Monday
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payer-shifts-'));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli/payer-shifts.ts'), ...args], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });

describe('npm run payer-shifts', () => {
  beforeAll(async () => {
    const store = openLedgerStore({ dataDir: dir, keyring: keyringWith(randomKey('shift-test')) });
    await seedPayerShift(store, WEEK);
    await store.close();
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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

  it('a wrong week is a usage error that says what to give', () => {
    const r = run('--week', 'last-monday');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--week must be a date YYYY-MM-DD (got "last-monday")');
  });
});
