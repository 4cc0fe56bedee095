// `npm run explain` run as a person runs it: every fact the workflow decides with has its flag, impossible
// input exits 2 naming the flag, and each deadline shows its anchor and source.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const explain = (args: string[]) => runCli('explain.ts', args, {});
const claim = ['--adjustment', 'CO-50', '--filing-indicator', 'MB', '--service-date', '2026-01-10', '--today', '2026-03-10'];
const base = [...claim, '--amount', '240'];

interface Deadline {
  dueDate: string;
  limitId: string;
  source?: string;
  anchor: { kind: string; date: string; derivedFrom: string; presumedReceiptDays: number };
}

describe('npm run explain takes every fact the workflow uses', () => {
  it('carries the through date, original remit date, prior decision date, next payer and facts into the answer', async () => {
    // $2,400: worth a level-2 appeal (at $240 its expected recovery is below the QIC's cost).
    const r = await explain([
      ...claim,
      '--amount', '2400',
      '--through-date', '2026-01-14',
      '--remit-date', '2026-03-02',
      '--original-remit-date', '2026-01-30',
      '--prior-decision-date', '2026-03-02',
      '--appeal-level', '1',
      '--next-payer', 'MC:SKMD0',
      '--fact', 'correctable=false',
      '--fact', 'goodCause=true',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as {
      input: Record<string, unknown>;
      nextPayerRule: { id: string } | null;
      decision: { route: { kind: string; appealLevel?: number } };
      deadlines: { deadlines: Deadline[] };
    };
    expect(e.input).toMatchObject({
      serviceThroughDate: '2026-01-14',
      originalRemitDate: '2026-01-30',
      priorDecisionDate: '2026-03-02',
      currentAppealLevel: 1,
      nextPayer: { filingIndicator: 'MC', payerId: 'SKMD0' },
      facts: { correctable: false, goodCause: true },
    });
    expect(e.nextPayerRule?.id).toBe('medicaid-default');
    expect(e.decision.route).toMatchObject({ kind: 'appeal', appealLevel: 2 });
    // The reopening window runs from the first determination (original remit date), not the latest notice.
    const reopening = e.deadlines.deadlines.find((d) => d.limitId.endsWith('#reopening'));
    expect(reopening?.anchor).toMatchObject({ kind: 'original_notice_date', date: '2026-01-30' });
    // Every deadline in --json carries its anchor (kind, date, receipt presumption) and its source.
    for (const d of e.deadlines.deadlines) {
      expect(d.anchor.kind).toMatch(/\w/);
      expect(d.anchor.presumedReceiptDays).toBeGreaterThanOrEqual(0);
      expect(d.source).toMatch(/CFR/);
    }
  });

  it('prints each deadline with its anchor, receipt presumption and source by default', async () => {
    const r = await explain([...base, '--remit-date', '2026-03-02', '--next-payer', 'ZZZ']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}2026-07-05 {2}Level 1 Redetermination/m);
    expect(r.stdout).toMatch(/anchor notice_receipt 2026-03-07, receipt presumed 5 days after the notice of 2026-03-02/);
    expect(r.stdout).toMatch(/source 42 CFR 405\.942/);
    expect(r.stdout).toMatch(/anchor service_date 2026-01-10, no receipt presumption/);
  });

  it.each([
    [['--amount=-240'], /--amount: expected 0 or more/],
    [['--amount', '24O'], /--amount: expected a number, got "24O"/],
    [['--billed=-1'], /--billed: expected 0 or more/],
    [['--adjustment', 'CO-45:-80'], /--adjustment #2: the amount must be 0 or more/],
    [['--remit-date', '2026-02-30'], /--remit-date: expected a calendar date/],
    [['--remit-date', '2026-01-09'], /--remit-date: the remit date is before the date of service/],
    [['--through-date', '2026-01-09'], /--through-date: the through date is before the service date/],
    [['--original-remit-date', '2026-03-05'], /--original-remit-date: the original remit date is after the remit date/],
    [['--original-remit-date', '2026-01-01'], /--original-remit-date: the original remit date is before the date of service/],
    [['--prior-decision-date', '2026-02-01'], /--prior-decision-date: a prior decision needs the level it decided/],
    [['--appeal-level', '1.5'], /--appeal-level: expected a whole number/],
    [['--fact', 'appealable=true'], /--fact: unknown fact "appealable"; the facts are proofOfTimelyFiling, correctable/],
    [['--fact', 'correctable=yes'], /--fact: expected KEY=true or KEY=false/],
    [['--next-payer', 'MEDICAID'], /--next-payer: expected CODE\[:PAYER_ID\]/],
  ])('refuses %j with exit 2, naming the flag', async (extra, message) => {
    const args = [...base, '--remit-date', '2026-03-02', ...extra];
    const r = await explain([...args, '--json']);
    expect(r.code).toBe(2);
    const body = JSON.parse(r.stdout) as { ok: boolean; errors: string[] };
    expect(body.ok).toBe(false);
    expect(body.errors.join('\n')).toMatch(message);
    expect(r.stdout + r.stderr).not.toMatch(/ZodError|\bat .*\.ts:\d+/);
  });
});
