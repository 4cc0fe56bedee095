import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../client/cli/explain';

function capture(fn: () => number) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  const error = vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  const code = fn();
  log.mockRestore();
  error.mockRestore();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const example = ['--adjustment', 'CO-50', '--remark', 'N115', '--filing-indicator', 'MB', '--service-date', '2026-01-10', '--remit-date', '2026-03-02', '--amount', '240'];

describe('npm run explain', () => {
  afterEach(() => vi.restoreAllMocks());

  it('explains the issue example as JSON with ISO deadlines and the deciding rules', () => {
    const r = capture(() => main([...example, '--today', '2026-03-10', '--json']));
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

  it('prints a readable explanation by default', () => {
    const r = capture(() => main([...example, '--today', '2026-03-10']));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Classification {2}CO-50: medical_necessity/m);
    expect(r.out).toMatch(/^ {2}2026-07-05 {2}Level 1 Redetermination/m);
    expect(r.out).not.toContain('[object Object]');
  });

  it('accepts several adjustments and names the flag that is wrong', () => {
    const ok = capture(() =>
      main(['--adjustment', 'CO-97:40', '--adjustment', 'CO-45:10', '--filing-indicator', '12', '--service-date', '2026-02-01', '--remit-date', '2026-03-01', '--today', '2026-03-05', '--json']),
    );
    expect(ok.code).toBe(0);
    const bad = capture(() => main(['--adjustment', 'XX50', '--filing-indicator', 'MB', '--service-date', '2026-01-10', '--remit-date', 'March 2']));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--adjustment #1: expected GROUP-CARC/);
    expect(bad.err).toMatch(/--remit-date/);
    expect(bad.err).not.toMatch(/ZodError|at .*\.ts/);
  });
});
