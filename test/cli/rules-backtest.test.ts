// `npm run rules -- backtest|diff` run as CI runs them: candidates that shorten a window (reported, exit 0),
// lengthen a verified window or move an appeal to write-off (flagged, exit 3), or are invalid (exit 2,
// naming file and field); from 835 files and from a ledger written by the denial workflow's own code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessCase } from '../../domain/lifecycle/assess';
import { SystemActor } from '../../domain/lifecycle/ledger-entry';
import { loadKeyring } from '../../runtime/codec';
import { SqliteLedgerStore } from '../../runtime/store/sqlite-ledger';
import { DenialCaseState } from '../../workflows/denial/case-state';
import { caseFrom, remittance835 } from '../fixtures/remittances';
import { runCli } from '../support/cli';
import { repoRoot } from '../support/launcher';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-backtest-'));
const dataDir = path.join(tmp, 'data');
const CORPUS = '/work/shared/corpus/835';

interface RuleJson {
  id: string;
  version: string;
  appealLadder: { filing: { period: { amount: number } } | null }[];
  timelyFiling: { period: { amount: number } };
}

/** A candidate folder: the shipped rules with Part B's redetermination window set to `days` (as a new version). */
function candidate(name: string, opts: { redeterminationDays?: number; policy?: unknown; rules?: unknown } = {}): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const set = JSON.parse(fs.readFileSync(path.join(repoRoot, 'config/payer-rules.json'), 'utf8')) as { version: string; rules: RuleJson[] };
  set.version = `candidate-${name}`;
  if (opts.redeterminationDays !== undefined) {
    for (const rule of set.rules.filter((r) => r.id === 'medicare-ffs-part-b')) {
      rule.version = `${rule.version}-${name}`;
      (rule.appealLadder[0]?.filing as { period: { amount: number } }).period.amount = opts.redeterminationDays;
    }
  }
  fs.writeFileSync(path.join(dir, 'payer-rules.json'), JSON.stringify(opts.rules ?? set));
  if (opts.policy !== undefined) fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(opts.policy));
  return dir;
}

/** A Medicare Part B necessity denial (appeal) and a commercial one, remitted 2026-03-02. */
const remit = remittance835({
  remitDate: '2026-03-02',
  claims: [
    { account: 'ACCT-MB', icn: '2026061000111', status: '4', charge: 240, paid: 0, filing: 'MB', serviceDate: '2026-01-10', adjustments: [['CO', '50', 240]], remarks: ['N115'] },
    { account: 'ACCT-12', icn: '2026061000222', status: '4', charge: 500, paid: 0, filing: '12', serviceDate: '2026-01-12', adjustments: [['CO', '50', 500]] },
  ],
});
const file835 = path.join(tmp, 'denials.835');

const rules = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli('rules.ts', args, { DATA_DIR: dataDir, DATABASE_URL: '', ...env });

interface Report {
  replayed: number;
  flags: number;
  totals: { changed: number; deadlinesEarlier: number; deadlinesLater: number; dollarsAffectedCents: number };
  summary: { payerId: string; category: string; changed: number }[];
  changes: {
    id: string;
    current: { routeKind: string; deadline: { dueDate: string } | null };
    candidate: { routeKind: string; deadline: { dueDate: string } | null };
    deadlineShiftDays: number | null;
    flags: { code: string; daysLater?: number; source?: string }[];
    assumptions: string[];
  }[];
  notes: string[];
}

describe('npm run rules -- backtest', () => {
  beforeAll(async () => {
    fs.writeFileSync(file835, remit);
    // The ledger as the denial workflow writes it: its own state object assesses the case and builds the entries.
    const store = SqliteLedgerStore.open(dataDir, loadKeyring({ dataDir, embedded: true, warn: () => undefined }));
    const denial = caseFrom(remit);
    const state = new DenialCaseState('denial-ledger-mb', denial, 'event-1');
    state.adopt(assessCase({ denial, today: '2026-03-04', appealLevel: 0, atRiskCents: denial.detection.amountAtRiskCents }));
    await store.append(state.ledgerEntry('transition', 'received', SystemActor, '2026-03-04T09:00:00.000Z'));
    state.moveTo('classified');
    await store.append(state.ledgerEntry('transition', 'classified', SystemActor, '2026-03-04T09:00:01.000Z'));
    state.moveTo('routed');
    await store.append(state.ledgerEntry('transition', 'routed', SystemActor, '2026-03-04T09:00:02.000Z'));
    await store.close();
  });

  it('reports a shortened window as deadlines earlier, with nothing flagged (exit 0)', async () => {
    const r = await rules(['backtest', '--candidate', candidate('shorter', { redeterminationDays: 90 }), '--json', file835]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.replayed).toBe(2);
    expect(report.flags).toBe(0);
    expect(report.totals).toMatchObject({ changed: 1, deadlinesEarlier: 1, deadlinesLater: 0, dollarsAffectedCents: 24_000 });
    const mb = report.changes.find((c) => c.id === 'denials.835:ACCT-MB');
    expect(mb).toMatchObject({ current: { routeKind: 'appeal', deadline: { dueDate: '2026-07-05' } }, candidate: { routeKind: 'appeal', deadline: { dueDate: '2026-06-05' } }, deadlineShiftDays: -30 });
    expect(report.summary).toEqual([expect.objectContaining({ payerId: '04412', category: 'medical_necessity', changed: 1 })]);
    expect(r.stderr).toMatch(/rules: read denials\.835: 2 claims, 2 denials to replay/);
  });

  it('flags a window longer than the verified source and exits 3', async () => {
    const r = await rules(['backtest', '--candidate', candidate('longer', { redeterminationDays: 150 }), file835]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/deadline {2}2026-07-05 → 2026-08-04 \(30 days later\)/);
    expect(r.stdout).toMatch(/FLAG {6}DEADLINE_LATER_THAN_SOURCE medicare-ffs-part-b@2026\.1-longer#appealLadder\.1 due 2026-08-04, 30 days after the verified medicare-ffs-part-b@2026\.1#appealLadder\.1 \(42 CFR 405\.942\)/);
    expect(r.stdout).toMatch(/^Flags {11}1 on 1 denials \(exit 3\)/m);
  });

  it('--as-of judges every denial on one date: a passed window the candidate reopens is flagged', async () => {
    const r = await rules(['backtest', '--candidate', candidate('as-of-longer', { redeterminationDays: 150 }), '--as-of', '2026-07-20', '--json', file835]);
    expect(r.code).toBe(3);
    const mb = (JSON.parse(r.stdout) as Report).changes.find((c) => c.id === 'denials.835:ACCT-MB');
    // The current 120 days ended 2026-07-05: written off. The candidate's 150 days would still appeal.
    expect(mb).toMatchObject({ current: { routeKind: 'write_off', deadline: null }, candidate: { routeKind: 'appeal', deadline: { dueDate: '2026-08-04' } } });
    expect(mb?.flags).toEqual([expect.objectContaining({ code: 'DEADLINE_LATER_THAN_SOURCE', currentDue: '2026-07-05', candidateDue: '2026-08-04' })]);
  });

  it('flags a policy that moves appeals to write-off and exits 3', async () => {
    const dir = candidate('write-off', { policy: { version: 'policy-candidate', recoveryPriors: { byCategory: { medical_necessity: 0 } } } });
    const r = await rules(['backtest', '--candidate', dir, '--json', file835]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.changes).toHaveLength(2);
    // Part B's necessity denial is appealed, the commercial one goes to the plan's reconsideration.
    expect(report.changes.map((c) => c.current.routeKind).sort()).toEqual(['appeal', 'reconsideration']);
    for (const c of report.changes) {
      expect(c.candidate.routeKind).toBe('write_off');
      expect(c.flags.map((f) => f.code)).toContain('MOVED_TO_WRITE_OFF');
    }
  });

  it('replays the denials of the ledger, saying what it had to assume', async () => {
    const r = await rules(['backtest', '--candidate', candidate('ledger-longer', { redeterminationDays: 150 }), '--from', '2026-03-01', '--to', '2026-03-31', '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.replayed).toBe(1);
    const c = report.changes[0];
    expect(c?.id).toBe('denial-ledger-mb');
    expect(c?.current.deadline?.dueDate).toBe('2026-07-05');
    expect(c?.flags[0]).toMatchObject({ code: 'DEADLINE_LATER_THAN_SOURCE', daysLater: 30 });
    // The deadline was anchored on the notice, so the ledger held no service date.
    expect(c?.assumptions.join(' ')).toMatch(/no service date in the ledger/);
    expect(report.notes.join(' ')).toMatch(/1 of 1 ledger denials were rebuilt with assumptions/);
    const outside = await rules(['backtest', '--candidate', candidate('ledger-shorter', { redeterminationDays: 90 }), '--from', '2026-04-01', '--json']);
    expect(outside.code).toBe(0);
    expect((JSON.parse(outside.stdout) as Report).replayed).toBe(0);
  });

  it.skipIf(!fs.existsSync(CORPUS))('replays the real 835 corpus: a shorter window is never flagged', async () => {
    const files = fs.readdirSync(CORPUS).filter((f) => !f.endsWith('.md')).map((f) => path.join(CORPUS, f));
    const r = await rules(['backtest', '--candidate', candidate('corpus-shorter', { redeterminationDays: 90 }), '--json', ...files]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.replayed).toBeGreaterThan(0);
    expect(report.flags).toBe(0);
    expect(report.totals.deadlinesLater).toBe(0);
  });
  if (!fs.existsSync(CORPUS)) console.log(`skipped the corpus backtest: ${CORPUS} is absent on this machine`);

  it('refuses an invalid candidate naming each file and field (exit 2)', async () => {
    const set = JSON.parse(fs.readFileSync(path.join(repoRoot, 'config/payer-rules.json'), 'utf8')) as { rules: RuleJson[] };
    (set.rules[0] as RuleJson).timelyFiling.period.amount = -1;
    const dir = candidate('invalid', { rules: set, policy: { minExpectedRecovry: 5, confidenceThreshold: 2 } });
    const r = await rules(['backtest', '--candidate', dir, '--json', file835]);
    expect(r.code).toBe(2);
    const errors = (JSON.parse(r.stdout) as { errors: string[] }).errors.join('\n');
    expect(errors).toMatch(/payer-rules\.json: rules\[0\]\.timelyFiling\.period\.amount \(rule medicare-ffs-part-a@2024\.1\): /);
    expect(errors).toMatch(/policy\.json: confidenceThreshold: /);
    expect(errors).toMatch(/policy\.json: .*minExpectedRecovry/);
    const missing = await rules(['backtest', '--candidate', path.join(tmp, 'nowhere'), file835]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--candidate: .*nowhere is not a folder/);
  });
});

describe('npm run rules -- diff', () => {
  it('shows the rule rows that changed, old → new', async () => {
    const r = await rules(['diff', '--candidate', candidate('diff-longer', { redeterminationDays: 150 })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^~ medicare-ffs-part-b@2026\.1 → medicare-ffs-part-b@2026\.1-diff-longer$/m);
    expect(r.stdout).toMatch(/appealLadder\.1\.filing: 120 days from notice_receipt \[42 CFR 405\.942\] → 150 days from notice_receipt \[42 CFR 405\.942\]/);
    const same = await rules(['diff', '--candidate', candidate('diff-same'), '--json']);
    expect(JSON.parse(same.stdout)).toMatchObject({ rows: [], policy: [] });
    const policy = await rules(['diff', '--candidate', candidate('diff-policy', { policy: { recoveryPriors: { byCategory: { medical_necessity: 0 } } } })]);
    expect(policy.stdout).toMatch(/^No rule rows differ/m);
    expect(policy.stdout).toMatch(/recoveryPriors\.byCategory\.medical_necessity: 0\.45 → 0/);
  });
});

describe('npm run rules -- check and --help', () => {
  it('check passes on the shipped rules and says which exit code a gate uses', async () => {
    const check = await rules(['check', '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ changed: [], removed: [], unlocked: [] });
    const help = await rules(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/a backtest exits 3 when any is raised/);
    const bad = await rules(['backtest', '--candidate', tmp, '--from', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--from: expected a calendar date/m);
  });
});
