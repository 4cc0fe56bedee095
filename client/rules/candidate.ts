/**
 * Rule sets to compare: the product's current payer rules and policy, and a candidate folder holding
 * `payer-rules.json` (required) and `policy.json` (optional, a PolicyConfigInput). Each file is checked
 * with the product's own schemas; a problem names the file, the rule and the field to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  DEFAULT_PAYER_RULES,
  PayerRuleSetSchema,
  PolicyConfigSchema,
  type PayerRuleSet,
  type PolicyConfigInput,
} from '../../domain/policy';

export interface RuleSource {
  /** Where the rules come from: 'current' or the candidate folder. */
  label: string;
  payerRules: PayerRuleSet;
  /** The raw JSON of payer-rules.json, for hashing and row diffs. */
  rawPayerRules: unknown;
  policy: PolicyConfigInput;
  /** The policy version the rules decide with. */
  policyVersion: string;
}

/** A candidate that cannot be used: every problem found, each naming its file and field. */
export class CandidateError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export const CURRENT_PAYER_RULES_FILE = path.join(__dirname, '../../config/payer-rules.json');

export function currentRules(): RuleSource {
  const raw: unknown = JSON.parse(fs.readFileSync(CURRENT_PAYER_RULES_FILE, 'utf8'));
  return { label: 'current', payerRules: DEFAULT_PAYER_RULES, rawPayerRules: raw, policy: {}, policyVersion: PolicyConfigSchema.parse({}).version };
}

/** `rules[3].timelyFiling.period.amount` (rule medicare-ffs-part-b@2026.1), from a zod issue path. */
function fieldOf(issuePath: PropertyKey[], raw: unknown): string {
  const field = issuePath.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
  if (issuePath[0] === 'rules' && typeof issuePath[1] === 'number') {
    const rule = (raw as { rules?: { id?: unknown; version?: unknown }[] }).rules?.[issuePath[1]];
    if (rule && typeof rule.id === 'string') return `${field || '(top level)'} (rule ${rule.id}@${String(rule.version ?? '?')})`;
  }
  return field || '(top level)';
}

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    problems.push(`${path.basename(file)}: ${e.code === 'ENOENT' ? 'not found in the candidate folder' : `not valid JSON (${e.message})`}`);
    return undefined;
  }
}

function check<T extends z.ZodType>(schema: T, raw: unknown, file: string, problems: string[]): z.output<T> | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(`${file}: ${fieldOf(issue.path, raw)}: ${issue.message}`);
  return undefined;
}

export function loadCandidate(dir: string): RuleSource {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CandidateError([`--candidate: ${dir} is not a folder (it must hold payer-rules.json and optionally policy.json)`]);
  const problems: string[] = [];
  const rawRules = readJson(path.join(dir, 'payer-rules.json'), problems);
  const payerRules = rawRules === undefined ? undefined : check(PayerRuleSetSchema, rawRules, 'payer-rules.json', problems);
  const policyFile = path.join(dir, 'policy.json');
  const rawPolicy = fs.existsSync(policyFile) ? readJson(policyFile, problems) : {};
  // Strict at the top level: a misspelt setting would otherwise be dropped and the default used silently.
  const policy = rawPolicy === undefined ? undefined : check(PolicyConfigSchema.strict(), rawPolicy, 'policy.json', problems);
  if (problems.length > 0 || !payerRules || !policy) throw new CandidateError(problems);
  return { label: dir, payerRules, rawPayerRules: rawRules, policy: rawPolicy as PolicyConfigInput, policyVersion: policy.version };
}
