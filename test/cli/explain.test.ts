import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../client/cli/explain';
import { denialEntry } from '../fixtures/ledger';
import { loadConfig } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';

async function capture(fn: () => number | Promise<number>) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  const error = vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  let code: number;
  try {
    code = await fn();
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const example = ['--adjustment', 'CO-50', '--remark', 'N115', '--filing-indicator', 'MB', '--service-date', '2026-01-10', '--remit-date', '2026-03-02', '--amount', '240'];

describe('npm run explain', () => {
  afterEach(() => vi.restoreAllMocks());

  it('explains the issue example as JSON with ISO deadlines and the deciding rules', async () => {
    const r = await capture(() => main([...example, '--today', '2026-03-10', '--json']));
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as {
      classification: { primary: { category: string; ruleId: string; ownerTeam: string } };
      decision: { route: { kind: string; level?: number }; rationale: string[] };
      deadlines: { primary: { dueDate: string } };
    };
    expect(e.classification.primary).toMatchObject({ category: 'medical_necessity', ruleId: 'CARC-50', ownerTeam: 'cdi_providers' });
    expect(e.decision.route.kind).toBe('appeal');
    // Medicare redetermination: 120 days from receipt, receipt presumed 5 days after the notice date
    expect(e.deadlines.primary.dueDate).toBe('2026-07-05');
    expect(e.decision.rationale.join(' ')).toMatch(/CARC-50/);
  });

  it('prints a readable explanation by default', async () => {
    const r = await capture(() => main([...example, '--today', '2026-03-10']));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Classification {2}CO-50: medical_necessity/m);
    expect(r.out).toMatch(/^ {2}2026-07-05 {2}Level 1 Redetermination/m);
    expect(r.out).not.toContain('[object Object]');
  });

  it('accepts several adjustments and names the flag that is wrong', async () => {
    const ok = await capture(() =>
      main(['--adjustment', 'CO-97:40', '--adjustment', 'CO-45:10', '--filing-indicator', '12', '--service-date', '2026-02-01', '--remit-date', '2026-03-01', '--today', '2026-03-05', '--json']),
    );
    expect(ok.code).toBe(0);
    const bad = await capture(() => main(['--adjustment', 'XX50', '--filing-indicator', 'MB', '--service-date', '2026-01-10', '--remit-date', 'March 2']));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--adjustment #1: expected GROUP-CARC/);
    expect(bad.err).toMatch(/--remit-date/);
    expect(bad.err).not.toMatch(/ZodError|at .*\.ts/);
  });

  it('--learned adds the likelihood learned from the ledger’s decided denials of the payer, category and route', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-learned-'));
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dataDir;
    try {
      const first = await capture(() => main([...example, '--payer', 'MAC01', '--today', '2026-03-10', '--learned', '--json']));
      expect(first.code).toBe(0);
      const before = JSON.parse(first.out) as { learnedRecovery: { probability: number; prior: number; decided: number } };
      expect(before.learnedRecovery).toMatchObject({ decided: 0, probability: before.learnedRecovery.prior });

      const store = openConfiguredLedger(loadConfig());
      try {
        for (let i = 0; i < 4; i++) {
          for (const [seq, stage] of (['submitted', 'resolved'] as const).entries()) {
            await store.append(
              denialEntry(`denial-${i}`, seq + 1, {
                stage,
                facts: { payerId: 'MAC01', category: 'medical_necessity', route: 'appeal', appealLevel: 1, ...(stage === 'resolved' ? { resolution: 'recovered' as const } : {}) },
              }),
            );
          }
        }
      } finally {
        await store.close();
      }
      const after = await capture(() => main([...example, '--payer', 'MAC01', '--today', '2026-03-10', '--learned']));
      expect(after.code).toBe(0);
      expect(after.out).toMatch(/^Learned value {3}\$\d+\.\d\d = \$240\.00 × 0\.\d+ − \$60\.00 \(won 4 of 4 with this payer, category and route, prior /m);
      // A level-1 appeal is an hour's work (workMinutes): per hour it is the value itself.
      const value = /^Learned value {3}\$(\d+\.\d\d)/m.exec(after.out)?.[1] ?? 'missing';
      expect(after.out).toMatch(new RegExp(`; \\$${value.replace('.', '\\.')} per hour of 60 minutes' work$`, 'm'));

      const noPayer = await capture(() => main([...example, '--learned']));
      expect(noPayer.code).toBe(2);
      expect(noPayer.err).toMatch(/--learned: give --payer/);
    } finally {
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
