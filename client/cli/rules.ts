/**
 * `npm run rules -- backtest|diff|check|lock|likelihood`: payer rule changes tested before they go live. A
 * backtest replays the ledger's denials (or given 835 files) through the current and a candidate's rules and
 * says what changes; `diff` shows the rule rows that differ; `check` and `lock` keep used rule versions
 * immutable; `likelihood` backtests the learned recovery likelihood against what was recovered.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { isIsoDate } from '../../domain/policy';
import { backtestLikelihood, type LikelihoodBacktest } from '../../domain/policy/likelihood-backtest';
import { DEFAULT_POLICY_CONFIG } from '../../domain/policy/policy-config';
import { loadConfig } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { runBacktest, type BacktestReport } from '../rules/backtest';
import { CandidateError, currentRules, loadCandidate, type RuleSource } from '../rules/candidate';
import { renderBacktest } from '../rules/render-backtest';
import { renderLikelihoodBacktest } from '../rules/render-likelihood';
import { casesFrom835, casesFromLedger, type ReplayCase, type Window } from '../rules/replay-cases';
import { diffRuleSets, renderRuleDiff } from '../rules/rule-diff';
import { checkLock, extendLock, readLock, writeLock, type LockCheck } from '../rules/rule-lock';
import { EXIT, runMain, UsageError } from './output';

/** Exit code of a gate that failed: a flagged backtest, or a rule version changed after it was locked. */
export const EXIT_GATE = 3;

const USAGE = `Usage: npm run rules -- backtest --candidate DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--as-of YYYY-MM-DD] [--json] [FILE.835 ...]
       npm run rules -- diff --candidate DIR [--json]
       npm run rules -- check [--json]
       npm run rules -- lock [--json]
       npm run rules -- likelihood [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

  backtest   replays every denial in the ledger (DATA_DIR, or DATABASE_URL), or the denials of the given
             835 files, through the current rules and the candidate's, and prints what changes per denial
             and per payer and category: route, appeal level, deadline (days earlier or later), expected
             recovery and the dollars at risk affected. Progress goes to stderr.
  diff       the payer rule rows that differ: versions added or removed, limits changed (old → new),
             and the policy settings the candidate's policy.json changes.
  check      fails when a locked rule version (config/payer-rules.lock.json) changed or disappeared, or
             a version is not locked yet. Rule versions are immutable once used: change a rule by adding
             a version with new effective dates.
  lock       records the content hash of rule versions not locked yet (never rewrites a locked one).
  likelihood how the learned recovery likelihood would have ranked the denials remitted in the period
             that their payers decided (each scored with what was decided before it arrived), against the
             configured prior alone: the share of the recovered dollars in the top fifth and the bottom
             half of each ranking, and the average likelihood against the share won.

  --candidate  a folder with payer-rules.json (the whole rule set, as config/payer-rules.json) and
               optionally policy.json (policy settings, as PolicyConfigInput)
  --from, --to only denials remitted in this period (both inclusive)
  --as-of      decide every denial as of this date (default: the day the workflow first assessed it,
               from the ledger; the remit date, for 835 files)

Flags (a backtest exits 3 when any is raised):
  DEADLINE_LATER_THAN_SOURCE  for the same denial, route and dates, a limit (timely filing, corrected
               claim, reopening, secondary claim, appeal level n) falls due later under the candidate than
               under the current rule, whose limit is verified (it states its source): the candidate
               allows more time than the source does.
  MOVED_TO_WRITE_OFF  the current rules work the denial (any route but write-off and post-only) and the
               candidate writes it off.

Exit codes: 0 done, nothing flagged; 1 could not run (ledger or file unreadable); 2 bad flags or an
invalid candidate (each problem names the file and field); 3 flagged (backtest) or a locked rule
version changed, disappeared or is unlocked (check, lock).`;

function window(values: { from?: string | undefined; to?: string | undefined }): Window {
  for (const flag of ['from', 'to'] as const) {
    const v = values[flag];
    if (v !== undefined && !isIsoDate(v)) throw new UsageError(`--${flag}: expected a calendar date YYYY-MM-DD, got "${v}"`);
  }
  if (values.from && values.to && values.from > values.to) throw new UsageError(`--to: ${values.to} is before --from ${values.from}`);
  return { ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) };
}

function candidateOf(dir: string | undefined): RuleSource {
  if (!dir) throw new UsageError('--candidate: give the folder holding the candidate payer-rules.json (and optionally policy.json)');
  return loadCandidate(dir);
}

const progress = (message: string) => process.stderr.write(`rules: ${message}\n`);

async function backtest(values: Record<string, string | boolean | undefined>, files: string[], today: string): Promise<BacktestReport> {
  const win = window(values as { from?: string; to?: string });
  const asOf = values['as-of'] as string | undefined;
  if (asOf !== undefined && !isIsoDate(asOf)) throw new UsageError(`--as-of: expected a calendar date YYYY-MM-DD, got "${asOf}"`);
  const candidate = candidateOf(values.candidate as string | undefined);
  const current = currentRules();
  const missing = files.filter((f) => !fs.existsSync(f) || !fs.statSync(f).isFile());
  if (missing.length > 0) throw new UsageError(`${missing.map((f) => `${f}: no such file`).join('\n')}`);
  const notes: string[] = [];
  let cases: ReplayCase[];
  if (files.length > 0) {
    const read = await casesFrom835(files, { window: win, ...(asOf ? { asOf } : {}), today, progress });
    cases = read.cases;
    notes.push(...read.skipped);
  } else {
    const store = openConfiguredLedger(loadConfig());
    try {
      cases = await casesFromLedger(store, { window: win, ...(asOf ? { asOf } : {}), currentRules: current.payerRules, progress });
    } finally {
      await store.close();
    }
    const assumed = cases.filter((c) => c.assumptions.length > 0).length;
    if (assumed > 0) {
      notes.push(
        `${assumed} of ${cases.length} ledger denials were rebuilt with assumptions: the ledger keeps codes, amounts, remit date and the deadline's rule and anchor, not the filing indicator, service dates or per-adjustment amounts (--json lists each case's). For exact replays, pass the kept 835 files.`,
      );
    }
  }
  return runBacktest(cases, current, candidate, { source: files.length > 0 ? '835' : 'ledger', window: win, notes, progress });
}

function renderCheck(c: LockCheck): string {
  const lines = [`Payer rule lock: ${c.locked} versions locked`];
  for (const k of c.changed) lines.push(`  CHANGED   ${k}: its content differs from the locked hash; restore it and add a new version instead`);
  for (const k of c.removed) lines.push(`  REMOVED   ${k}: a used version must stay (end it with effectiveTo and add a new version)`);
  for (const k of c.unlocked) lines.push(`  UNLOCKED  ${k}: run \`npm run rules -- lock\` to record it`);
  for (const k of c.ended) lines.push(`  ENDED     ${k}: ended since it was locked (a new version takes over); run \`npm run rules -- lock\` to record the end`);
  if (c.changed.length + c.removed.length + c.unlocked.length + c.ended.length === 0) lines.push('  every rule version matches its lock');
  return lines.join('\n');
}

export async function main(argv: string[], today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const [command, ...rest] = argv;
  const json = argv.includes('--json');
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: command === 'backtest',
    options: {
      candidate: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  try {
    switch (command) {
      case 'backtest': {
        const report = await backtest(values, positionals, today);
        console.log(json ? JSON.stringify(report, null, 2) : renderBacktest(report));
        return report.flags > 0 ? EXIT_GATE : EXIT.ok;
      }
      case 'diff': {
        const current = currentRules();
        const candidate = candidateOf(values.candidate);
        const diff = diffRuleSets(current.payerRules, candidate.payerRules, { current: current.policy, candidate: candidate.policy });
        console.log(json ? JSON.stringify(diff, null, 2) : renderRuleDiff(diff));
        return EXIT.ok;
      }
      case 'check': {
        const result = checkLock(currentRules().rawPayerRules, readLock());
        console.log(json ? JSON.stringify(result, null, 2) : renderCheck(result));
        return result.changed.length + result.removed.length + result.unlocked.length + result.ended.length > 0 ? EXIT_GATE : EXIT.ok;
      }
      case 'lock': {
        const raw = currentRules().rawPayerRules;
        const lock = readLock();
        const result = checkLock(raw, lock);
        if (result.changed.length + result.removed.length > 0) {
          console.log(json ? JSON.stringify({ ok: false, ...result }, null, 2) : `${renderCheck(result)}\nNothing locked: locked versions are never rewritten.`);
          return EXIT_GATE;
        }
        const { lock: next, added } = extendLock(raw, lock);
        if (added.length + result.ended.length > 0) writeLock(next);
        const said = [
          ...(added.length ? [`Locked ${added.length} new rule versions: ${added.join(', ')}`] : []),
          ...(result.ended.length ? [`Recorded the end of ${result.ended.length} versions: ${result.ended.join(', ')}`] : []),
        ];
        console.log(json ? JSON.stringify({ ok: true, added, ended: result.ended }, null, 2) : said.length ? said.join('\n') : 'Every rule version is already locked.');
        return EXIT.ok;
      }
      case 'likelihood': {
        const win = window(values);
        progress("reading the ledger's denials");
        const store = openConfiguredLedger(loadConfig());
        let report: LikelihoodBacktest;
        try {
          report = backtestLikelihood(await store.denialFacts(), win, DEFAULT_POLICY_CONFIG);
        } finally {
          await store.close();
        }
        console.log(json ? JSON.stringify(report, null, 2) : renderLikelihoodBacktest(report));
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown command "${command}": use backtest, diff, check, lock or likelihood`);
    }
  } catch (err) {
    if (!(err instanceof CandidateError)) throw err;
    if (json) console.log(JSON.stringify({ ok: false, errors: err.problems }));
    else console.error(`The candidate cannot be used:\n${err.problems.map((p) => `  ${p}`).join('\n')}`);
    return EXIT.usage;
  }
}

if (require.main === module) runMain(main, USAGE);
