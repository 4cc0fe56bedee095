// `npm run ingest` reports the money a file takes back or adds without a denial code (issue #16, item 4):
// reversals and PLB adjustments, each with the claim it names, and the sets whose payment they do not explain.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/launcher';

describe('npm run ingest: silent money', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'silent-'));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli/ingest.ts'), '--dry-run', ...args], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });

  it('readable: what was taken back and added, by kind', () => {
    const r = run(path.join(repoRoot, 'samples/reversal-correction.835'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Silent money: 222.00 taken back, 102.00 added (reversal 222.00, forwarding balance -102.00).');
  });

  it('--json: each item with its reason, amount, set, segment and the payer claim number it names', () => {
    const r = run('--json', path.join(repoRoot, 'samples/denials-5010.835'));
    expect(r.status).toBe(0);
    const silent = (JSON.parse(r.stdout) as { reports: { silentMoney: { takenBack: string; items: unknown[]; unexplained: unknown[] } }[] }).reports[0]!.silentMoney;
    expect(silent).toMatchObject({ takenBack: '40.00', added: '2.50', unexplained: [] });
    expect(silent.items).toContainEqual({ set: '0001', kind: 'recoupment', source: 'PLB', reason: 'WO', meaning: 'overpayment recovery', amount: '40.00', claimReference: 'ICN2025009999', segment: expect.any(Number) });
  });

  it('names a set whose payment its claims and adjustments do not explain', () => {
    const text = fs.readFileSync(path.join(repoRoot, 'samples/denials-5010.835'), 'utf8');
    const file = path.join(dir, 'short-paid.835');
    // The same file with BPR02 one dollar short of Σ CLP04 − Σ PLB.
    fs.writeFileSync(file, text.replace(/BPR\*I\*463\.5\*/, 'BPR*I*462.5*'));
    const r = run(file);
    expect(r.stdout).toMatch(/not explained by its claims and adjustments: set 0001 -1\.00/);
  });
});
