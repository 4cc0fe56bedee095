/**
 * `npm run explain`: why the system classifies and routes a denial the way it does. Given adjustment and
 * remark codes, payer, every date the deadlines may be anchored on, the amount and the facts a person
 * knows, prints the classification, the route, the deadlines (ISO dates, each with its anchor and source)
 * and the rationale with the rule ids behind each step. Impossible input exits 2 naming the flag.
 * `--learned` adds the likelihood learned from this practice's decided denials in the ledger.
 */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import {
  daysBetween,
  DenialFactsSchema,
  describeRoute,
  explainDenial,
  isIsoDate,
  type DenialExplanation,
  type DenialFacts,
  type FilingDeadline,
} from '../../domain/policy';
import type { RecoveryEstimate } from '../../domain/policy/recovery-likelihood';
import { loadConfig } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { recoveryEstimateFor } from '../denials/recovery-estimate';
import { EXIT, runMain } from './output';

const FACT_KEYS = Object.keys(DenialFactsSchema.shape) as (keyof DenialFacts)[];

const USAGE = `Usage: npm run explain -- --adjustment GROUP-CARC[:AMOUNT] [--adjustment ...] [--remark RARC ...]
         --filing-indicator CODE [--payer ID] --service-date YYYY-MM-DD [--through-date YYYY-MM-DD]
         --remit-date YYYY-MM-DD [--original-remit-date YYYY-MM-DD] [--prior-decision-date YYYY-MM-DD]
         [--amount N] [--billed N] [--appeal-level N] [--next-payer CODE[:PAYER_ID]]
         [--fact KEY=true|false ...] [--today YYYY-MM-DD] [--learned] [--json]

Example:
  npm run explain -- --adjustment CO-50 --remark N115 --filing-indicator MB \\
    --service-date 2026-01-10 --remit-date 2026-03-02 --amount 240 --json

  --adjustment     group and CARC, e.g. CO-50 or CO-45:80.00 (repeat for several; amounts 0 or more)
  --remark         a RARC such as N115 or M127 (repeat for several)
  --filing-indicator  CLP06: MB Medicare Part B, MA Part A, MC Medicaid, 12..HM commercial, ...
  --payer          payer id, for per-payer rules
  --service-date   the line's "from" date of service
  --through-date   the statement "through" / discharge date (span and institutional claims)
  --remit-date     notice date of the determination acted on (835 BPR16 / EOB date)
  --original-remit-date  notice date of the claim's first determination (default: the remit date)
  --prior-decision-date  notice date of the prior appeal level's decision (needs --appeal-level 1+)
  --amount         amount at risk, 0 or more
  --billed         the claim's billed charge, 0 or more
  --appeal-level   the highest appeal level already decided (0 = none)
  --next-payer     the payer to bill next (bill_next_payer): its filing indicator, and its payer id
                   after a colon when known, e.g. MC or 12:BCBS01 (:BCBS01 when only the id is known)
  --fact           what a person knows that the remit cannot say, e.g. --fact correctable=true
                   (keys: ${FACT_KEYS.join(', ')})
  --today          the decision date (default: today)
  --learned        also the recovery likelihood learned from this practice's decided denials with
                   the payer, category and route (reads the ledger of DATA_DIR or DATABASE_URL;
                   needs --payer)

Exit codes: 0 explained, 2 the input is impossible or incomplete (the message names the flag).`;

/** Where each input field comes from on the command line, so a refusal names the flag to fix. */
const FLAG_OF: Readonly<Record<string, string>> = {
  adjustments: '--adjustment',
  remarks: '--remark',
  filingIndicator: '--filing-indicator',
  payerId: '--payer',
  serviceDate: '--service-date',
  serviceThroughDate: '--through-date',
  remitDate: '--remit-date',
  originalRemitDate: '--original-remit-date',
  priorDecisionDate: '--prior-decision-date',
  primaryPayerNoticeDate: '--remit-date',
  amount: '--amount',
  billedAmount: '--billed',
  currentAppealLevel: '--appeal-level',
  today: '--today',
  learned: '--learned',
  facts: '--fact',
  nextPayer: '--next-payer',
};

class FlagError extends Error {}

function number(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new FlagError(`${flag}: expected a number, got "${v}"`);
  if (n < 0) throw new FlagError(`${flag}: expected 0 or more, got ${v}`);
  return n;
}

/** `--fact correctable=true`: only DenialFacts keys, only true or false. */
function facts(args: string[] | undefined): DenialFacts {
  const out: DenialFacts = {};
  for (const arg of args ?? []) {
    const m = /^([A-Za-z]+)=(true|false)$/.exec(arg.trim());
    if (!m) throw new FlagError(`--fact: expected KEY=true or KEY=false, got "${arg}"`);
    const key = m[1] as keyof DenialFacts;
    if (!FACT_KEYS.includes(key)) throw new FlagError(`--fact: unknown fact "${m[1]}"; the facts are ${FACT_KEYS.join(', ')}`);
    out[key] = m[2] === 'true';
  }
  return out;
}

/** `--next-payer MC`, `--next-payer 12:BCBS01` or `--next-payer :BCBS01`. */
function nextPayer(v: string | undefined): { filingIndicator: string; payerId?: string } | undefined {
  if (v === undefined) return undefined;
  const m = /^([A-Za-z0-9]{1,3})?(?::(\S+))?$/.exec(v.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) throw new FlagError(`--next-payer: expected CODE[:PAYER_ID] such as MC or 12:BCBS01, got "${v}"`);
  // Without an indicator, ZZ (mutually defined) lets a rule matched by payer id alone apply, as the intake does.
  return { filingIndicator: m[1] ?? 'ZZ', ...(m[2] ? { payerId: m[2] } : {}) };
}

/** Orderings the dates cannot have, beyond those the policy checks itself. */
function impossibleDates(v: Record<string, string | undefined>): string[] {
  const before = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && isIsoDate(a) && isIsoDate(b) && daysBetween(a, b) < 0;
  const problems: string[] = [];
  if (before(v['service-date'], v['original-remit-date'])) problems.push('--original-remit-date: the original remit date is before the date of service');
  if (before(v['service-date'], v['prior-decision-date'])) problems.push('--prior-decision-date: the prior decision date is before the date of service');
  if (before(v['original-remit-date'], v['prior-decision-date'])) problems.push('--prior-decision-date: the prior decision date is before the original remit date');
  if (v['prior-decision-date'] !== undefined && Number(v['appeal-level'] ?? 0) === 0) {
    problems.push('--prior-decision-date: a prior decision needs the level it decided: give --appeal-level 1 or more');
  }
  return problems;
}

function describeAnchor(dl: FilingDeadline): string {
  const a = dl.anchor;
  const receipt = a.presumedReceiptDays > 0 ? `, receipt presumed ${a.presumedReceiptDays} days after the notice of ${a.derivedFrom}` : ', no receipt presumption';
  return `anchor ${a.kind} ${a.date}${receipt}`;
}

function render(e: DenialExplanation): string {
  const c = e.classification.primary;
  const d = e.decision;
  const lines = [
    `Classification  ${c.code}: ${c.category} (root cause ${c.rootCause}, owner ${c.ownerTeam}, ${c.preventable ? 'preventable' : 'not preventable'})`,
    `                rule ${c.ruleId} [${c.ruleTrail.join(', ')}], confidence ${c.confidence}${c.needsHumanClassification ? ', NEEDS HUMAN CLASSIFICATION' : ''}`,
    `                ${c.explanation}`,
  ];
  for (const s of e.classification.secondary) lines.push(`  also          ${s.code}: ${s.category} (${s.ruleId})`);
  lines.push(
    `Payer rule      ${e.payerRule ? `${e.payerRule.id}@${e.payerRule.version} (${e.payerRule.name}, matched by ${e.payerRule.matchedBy})` : `none: ${e.payerRuleProblem}`}`,
    ...(e.nextPayerRule ? [`Next payer rule ${e.nextPayerRule.id}@${e.nextPayerRule.version} (${e.nextPayerRule.name}, matched by ${e.nextPayerRule.matchedBy})`] : []),
    ...(e.nextPayerRuleProblem ? [`Next payer rule none: ${e.nextPayerRuleProblem}`] : []),
    `Route           ${describeRoute(d.route)}`,
    `Expected value  $${d.expectedRecovery.value.toFixed(2)} = $${d.expectedRecovery.amount.toFixed(2)} × ${d.expectedRecovery.probability} − $${d.expectedRecovery.cost.toFixed(2)} (${d.expectedRecovery.probabilitySource})`,
  );
  if (d.requiresConfirmation) lines.push(`Confirm         a person must confirm: ${d.confirmationReasons.map((r) => r.message).join(' ')}`);
  lines.push('Deadlines');
  if (e.deadlines.deadlines.length === 0) lines.push('  (none for this route)');
  for (const dl of e.deadlines.deadlines) {
    const left = dl.daysLeft === undefined ? '' : dl.daysLeft < 0 ? ` — missed ${-dl.daysLeft} days ago` : ` — ${dl.daysLeft} days left`;
    lines.push(`  ${dl.dueDate}  ${dl.description}${left}${dl.verify ? ' [verify]' : ''}  (${dl.limitId})`);
    lines.push(`              ${describeAnchor(dl)}`);
    lines.push(`              source ${dl.source ?? 'none given in the rule'}${dl.verify ? ' (unverified)' : ''}`);
  }
  for (const note of e.deadlines.notes) lines.push(`  note: ${note}`);
  if (e.reminders) {
    lines.push(`Reminders       ${e.reminders.reminders.map((r) => `${r.date} (T-${r.offsetDays})`).join(', ')}`);
  }
  lines.push('Rationale');
  for (const r of d.rationale) lines.push(`  - ${r}`);
  lines.push(`Versions        CARC ${e.versions.carcRules}, RARC ${e.versions.rarcRules}, payer rules ${e.versions.payerRules}, policy ${e.versions.policy}`);
  return lines.join('\n');
}

function appealLevel(v: string | undefined): number {
  const n = number('--appeal-level', v) ?? 0;
  if (!Number.isInteger(n)) throw new FlagError(`--appeal-level: expected a whole number, got ${v}`);
  return n;
}

function renderLearned(l: RecoveryEstimate | undefined): string {
  if (!l) return 'Learned value   none: the route does not ask the payer to pay';
  return `Learned value   $${l.value.toFixed(2)} = $${l.amount.toFixed(2)} × ${l.probability} − $${l.cost.toFixed(2)} (${l.basis}); $${l.perHour.toFixed(2)} per hour of ${l.minutes} minutes' work`;
}

/** The explanation with the likelihood learned from the ledger's decided denials of the payer, category and route. */
async function withLearned(e: DenialExplanation, payerId: string, json: boolean): Promise<number> {
  const d = e.decision;
  const store = openConfiguredLedger(loadConfig());
  try {
    const learned = await recoveryEstimateFor(store, { payerId, category: e.classification.primary.category, route: d.route, atRiskCents: Math.round(d.expectedRecovery.amount * 100) });
    console.log(json ? JSON.stringify({ ...e, learnedRecovery: learned ?? null }, null, 2) : `${render(e)}\n${renderLearned(learned)}`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export function main(argv: string[], today = new Date().toISOString().slice(0, 10)): number | Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        adjustment: { type: 'string', multiple: true },
        remark: { type: 'string', multiple: true },
        'filing-indicator': { type: 'string' },
        payer: { type: 'string' },
        'service-date': { type: 'string' },
        'through-date': { type: 'string' },
        'remit-date': { type: 'string' },
        'original-remit-date': { type: 'string' },
        'prior-decision-date': { type: 'string' },
        'next-payer': { type: 'string' },
        fact: { type: 'string', multiple: true },
        amount: { type: 'string' },
        billed: { type: 'string' },
        'appeal-level': { type: 'string' },
        today: { type: 'string' },
        learned: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    json = values.json ?? false;
    if (values.help) {
      console.log(USAGE);
      return EXIT.ok;
    }
    const dateProblems = impossibleDates(values as Record<string, string | undefined>);
    if (dateProblems.length > 0) throw new FlagError(dateProblems.join('\n'));
    const next = nextPayer(values['next-payer']);
    const explanation = explainDenial({
      adjustments: values.adjustment ?? [],
      remarks: values.remark ?? [],
      filingIndicator: values['filing-indicator'] ?? '',
      payerId: values.payer,
      serviceDate: values['service-date'] ?? '',
      remitDate: values['remit-date'] ?? '',
      ...(values['through-date'] !== undefined ? { serviceThroughDate: values['through-date'] } : {}),
      ...(values['original-remit-date'] !== undefined ? { originalRemitDate: values['original-remit-date'] } : {}),
      ...(values['prior-decision-date'] !== undefined ? { priorDecisionDate: values['prior-decision-date'] } : {}),
      ...(next ? { nextPayer: next } : {}),
      facts: facts(values.fact),
      amount: number('--amount', values.amount),
      billedAmount: number('--billed', values.billed),
      currentAppealLevel: appealLevel(values['appeal-level']),
      today: values.today ?? today,
    });
    if (values.learned) {
      if (!values.payer) throw new FlagError('--learned: give --payer, since the likelihood is learned per payer');
      return withLearned(explanation, values.payer, json);
    }
    console.log(json ? JSON.stringify(explanation, null, 2) : render(explanation));
    return EXIT.ok;
  } catch (err) {
    const flag = (p: PropertyKey[]) => `${FLAG_OF[String(p[0] ?? '')] ?? `--${String(p[0] ?? 'input')}`}${p.length > 1 && typeof p[1] === 'number' ? ` #${p[1] + 1}` : ''}`;
    const problems =
      err instanceof ZodError
        ? err.issues.map((i) => `${flag(i.path)}: ${i.message}`)
        : (err as Error).message.split('\n');
    if (json) console.log(JSON.stringify({ ok: false, errors: problems }));
    else console.error(`${problems.join('\n')}\n\n${USAGE}`);
    return EXIT.usage;
  }
}

if (require.main === module) runMain(main, USAGE);
