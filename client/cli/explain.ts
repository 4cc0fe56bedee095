/**
 * `npm run explain`: why the system classifies and routes a denial the way it does. Given adjustment and
 * remark codes, payer, dates and amount, prints the classification, the route, the deadlines (ISO dates)
 * and the rationale with the rule ids behind each step.
 */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { describeRoute, explainDenial, type DenialExplanation } from '../../domain/policy';
import { EXIT, runMain } from './output';

const USAGE = `Usage: npm run explain -- --adjustment GROUP-CARC[:AMOUNT] [--adjustment ...] [--remark RARC ...]
         --filing-indicator CODE [--payer ID] --service-date YYYY-MM-DD --remit-date YYYY-MM-DD
         [--amount N] [--billed N] [--appeal-level N] [--today YYYY-MM-DD] [--json]

Example:
  npm run explain -- --adjustment CO-50 --remark N115 --filing-indicator MB \\
    --service-date 2026-01-10 --remit-date 2026-03-02 --amount 240 --json

  --adjustment     group and CARC, e.g. CO-50 or CO-45:80.00 (repeat for several)
  --remark         a RARC such as N115 or M127 (repeat for several)
  --filing-indicator  CLP06: MB Medicare Part B, MA Part A, MC Medicaid, 12..HM commercial, ...
  --payer          payer id, for per-payer rules
  --appeal-level   the highest appeal level already decided (0 = none)
  --today          the decision date (default: today)`;

function number(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ZodError([{ code: 'custom', path: [flag], message: `expected a number, got "${v}"`, input: v }]);
  return n;
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
    `Route           ${describeRoute(d.route)}`,
    `Expected value  $${d.expectedRecovery.value.toFixed(2)} = $${d.expectedRecovery.amount.toFixed(2)} × ${d.expectedRecovery.probability} − $${d.expectedRecovery.cost.toFixed(2)} (${d.expectedRecovery.probabilitySource})`,
  );
  if (d.requiresConfirmation) lines.push(`Confirm         a person must confirm: ${d.confirmationReasons.map((r) => r.message).join(' ')}`);
  lines.push('Deadlines');
  if (e.deadlines.deadlines.length === 0) lines.push('  (none for this route)');
  for (const dl of e.deadlines.deadlines) {
    const left = dl.daysLeft === undefined ? '' : dl.daysLeft < 0 ? ` — missed ${-dl.daysLeft} days ago` : ` — ${dl.daysLeft} days left`;
    lines.push(`  ${dl.dueDate}  ${dl.description}${left}${dl.verify ? ' [verify]' : ''}  (${dl.limitId})`);
  }
  if (e.reminders) {
    lines.push(`Reminders       ${e.reminders.reminders.map((r) => `${r.date} (T-${r.offsetDays})`).join(', ')}`);
  }
  lines.push('Rationale');
  for (const r of d.rationale) lines.push(`  - ${r}`);
  lines.push(`Versions        CARC ${e.versions.carcRules}, RARC ${e.versions.rarcRules}, payer rules ${e.versions.payerRules}, policy ${e.versions.policy}`);
  return lines.join('\n');
}

export function main(argv: string[], today = new Date().toISOString().slice(0, 10)): number {
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
        'remit-date': { type: 'string' },
        amount: { type: 'string' },
        billed: { type: 'string' },
        'appeal-level': { type: 'string' },
        today: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    json = values.json ?? false;
    if (values.help) {
      console.log(USAGE);
      return EXIT.ok;
    }
    const explanation = explainDenial({
      adjustments: values.adjustment ?? [],
      remarks: values.remark ?? [],
      filingIndicator: values['filing-indicator'] ?? '',
      payerId: values.payer,
      serviceDate: values['service-date'] ?? '',
      remitDate: values['remit-date'] ?? '',
      amount: number('--amount', values.amount),
      billedAmount: number('--billed', values.billed),
      currentAppealLevel: number('--appeal-level', values['appeal-level']) ?? 0,
      today: values.today ?? today,
    });
    console.log(json ? JSON.stringify(explanation, null, 2) : render(explanation));
    return EXIT.ok;
  } catch (err) {
    const flag = (p: PropertyKey[]) =>
      `--${String(p[0] ?? '')
        .replace(/s$/, '')
        .replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)
        .replace(/^--?/, '')}${p.length > 1 ? ` #${Number(p[1]) + 1}` : ''}`;
    const problems =
      err instanceof ZodError
        ? err.issues.map((i) => `${flag(i.path)}: ${i.message}`)
        : [(err as Error).message];
    if (json) console.log(JSON.stringify({ ok: false, errors: problems }));
    else console.error(`${problems.join('\n')}\n\n${USAGE}`);
    return EXIT.usage;
  }
}

if (require.main === module) runMain(main, USAGE);
