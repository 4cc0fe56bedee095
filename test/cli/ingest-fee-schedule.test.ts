// Underpayments are found when a fee schedule is configured (FEE_SCHEDULE), and only then.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { remittance835 } from '../../domain/remittance/sample-835';
import { repoRoot } from '../support/launcher';

describe('npm run ingest with a fee schedule', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fee-'));
  const file = path.join(dir, 'paid.835');
  // 99213 allowed 120.00 (96.00 paid + 24.00 coinsurance); the contract says 130.00
  fs.writeFileSync(file, remittance835({ remitDate: '2026-11-20', claims: [{ status: '1', charge: 150, paid: 96, serviceDate: '2026-11-01', procedure: '99213', adjustments: [['CO', '45', 30], ['PR', '2', 24]] }] }));
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli/ingest.ts'), '--dry-run', '--json', file], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dir, ...env },
      encoding: 'utf8',
    });

  it('flags the line paid under contract as an underpayment, with the shortfall at risk', () => {
    const r = run({ FEE_SCHEDULE: path.join(repoRoot, 'samples/fee-schedule.json') });
    expect(r.status).toBe(0);
    const claim = (JSON.parse(r.stdout) as { reports: { claims: { denial: boolean; amountAtRisk: string; why: { code: string; message: string }[] }[] }[] }).reports[0]!.claims[0]!;
    expect(claim.denial).toBe(true);
    expect(claim.amountAtRisk).toBe('10.00');
    expect(claim.why[0]).toMatchObject({ code: 'underpaid', message: expect.stringContaining('fee schedule expects 130.00') });
  });

  it('without a fee schedule the same payment is just a payment', () => {
    const r = run({ FEE_SCHEDULE: '' });
    const claim = (JSON.parse(r.stdout) as { reports: { claims: { denial: boolean }[] }[] }).reports[0]!.claims[0]!;
    expect(claim.denial).toBe(false);
  });

  it('a malformed fee schedule stops the run naming the file and the row', () => {
    const bad = path.join(dir, 'bad-fees.json');
    fs.writeFileSync(bad, JSON.stringify([{ payerId: '04412', procedureCode: '99213', expectedAllowed: -5 }]));
    const r = run({ FEE_SCHEDULE: bad });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/FEE_SCHEDULE .*bad-fees\.json: row 0\.expectedAllowed/);
  });
});
