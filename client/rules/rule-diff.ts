/**
 * The rule rows that differ between two payer rule sets: versions added and removed, and for a version
 * kept or replaced (a new version of the same rule in force over the same dates) every field that
 * changed, old → new, with filing limits written the way a person reads them.
 */
import { describePeriod, PolicyConfigSchema, type FilingLimit, type PayerRule, type PayerRuleSet, type PolicyConfigInput } from '../../domain/policy';

export interface FieldChange {
  field: string;
  old: string;
  new: string;
}

export type RuleRowDiff =
  | { kind: 'added'; rule: string; name: string; effective: string; limits: FieldChange[] }
  | { kind: 'removed'; rule: string; name: string; effective: string }
  | { kind: 'changed'; rule: string; from: string; to: string; changes: FieldChange[] };

export interface RuleSetDiff {
  fromVersion: string;
  toVersion: string;
  rows: RuleRowDiff[];
  /** Policy settings (thresholds, priors, costs) that differ, after defaults. */
  policy: FieldChange[];
}

const key = (r: PayerRule) => `${r.id}@${r.version}`;
const effective = (r: PayerRule) => `${r.effectiveFrom} to ${r.effectiveTo ?? 'open'}`;

function isLimit(value: unknown): value is FilingLimit {
  return value !== null && typeof value === 'object' && 'period' in value && 'anchor' in value;
}

export function describeLimit(limit: FilingLimit): string {
  return `${describePeriod(limit.period)} from ${limit.anchor}${limit.verify ? ' (unverified)' : ''}${limit.source ? ` [${limit.source}]` : ''}`;
}

/** Field path → readable value; a filing limit is one value, appeal levels are keyed by their level. */
function flatten(value: unknown, at: string, out: Map<string, string>): void {
  if (isLimit(value)) {
    out.set(at, describeLimit(value));
    if (value.note !== undefined) out.set(`${at}.note`, value.note);
  } else if (Array.isArray(value)) {
    if (value.every((v) => v !== null && typeof v === 'object' && 'level' in v)) {
      for (const v of value as { level: number }[]) flatten(v, `${at}.${v.level}`, out);
    } else out.set(at, value.map(String).join(', ') || '(none)');
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, at ? `${at}.${k}` : k, out);
  } else out.set(at, value === null ? '(none)' : String(value));
}

function fields(rule: PayerRule): Map<string, string> {
  const out = new Map<string, string>();
  flatten({ ...rule, id: undefined, version: undefined }, '', out);
  out.delete('id');
  out.delete('version');
  return out;
}

function changesBetween(fa: Map<string, string>, fb: Map<string, string>): FieldChange[] {
  const names = [...new Set([...fa.keys(), ...fb.keys()])];
  return names
    .filter((n) => fa.get(n) !== fb.get(n))
    .map((n) => ({ field: n, old: fa.get(n) ?? '(absent)', new: fb.get(n) ?? '(absent)' }));
}

const fieldChanges = (a: PayerRule, b: PayerRule) => changesBetween(fields(a), fields(b));

function policyFields(policy: PolicyConfigInput): Map<string, string> {
  const out = new Map<string, string>();
  flatten(PolicyConfigSchema.parse(policy), '', out);
  return out;
}

function limitsOf(rule: PayerRule): FieldChange[] {
  return [...fields(rule)]
    .filter(([f]) => /^(timelyFiling|correctedClaim|reopening|secondaryClaim|appealLadder\.\d+\.filing)$/.test(f))
    .map(([field, value]) => ({ field, old: '(absent)', new: value }));
}

function overlap(a: PayerRule, b: PayerRule): boolean {
  const endA = a.effectiveTo ?? '9999-12-31';
  const endB = b.effectiveTo ?? '9999-12-31';
  return a.effectiveFrom <= endB && b.effectiveFrom <= endA;
}

export function diffRuleSets(current: PayerRuleSet, candidate: PayerRuleSet, policies: { current: PolicyConfigInput; candidate: PolicyConfigInput } = { current: {}, candidate: {} }): RuleSetDiff {
  const rows: RuleRowDiff[] = [];
  const before = new Map(current.rules.map((r) => [key(r), r]));
  const after = new Map(candidate.rules.map((r) => [key(r), r]));
  const onlyBefore = current.rules.filter((r) => !after.has(key(r)));
  const onlyAfter = candidate.rules.filter((r) => !before.has(key(r)));
  for (const r of candidate.rules) {
    const old = before.get(key(r));
    if (!old) continue;
    const changes = fieldChanges(old, r);
    if (changes.length > 0) rows.push({ kind: 'changed', rule: key(r), from: key(old), to: key(r), changes });
  }
  const replaced = new Set<PayerRule>();
  for (const r of onlyAfter) {
    const old = onlyBefore.find((o) => o.id === r.id && !replaced.has(o) && overlap(o, r));
    if (old) {
      replaced.add(old);
      rows.push({ kind: 'changed', rule: r.id, from: key(old), to: key(r), changes: fieldChanges(old, r) });
    } else rows.push({ kind: 'added', rule: key(r), name: r.name, effective: effective(r), limits: limitsOf(r) });
  }
  for (const o of onlyBefore) if (!replaced.has(o)) rows.push({ kind: 'removed', rule: key(o), name: o.name, effective: effective(o) });
  return { fromVersion: current.version, toVersion: candidate.version, rows, policy: changesBetween(policyFields(policies.current), policyFields(policies.candidate)) };
}

export function renderRuleDiff(diff: RuleSetDiff): string {
  const lines = [diff.rows.length === 0 ? `No rule rows differ (${diff.fromVersion} → ${diff.toVersion}).` : `Payer rules ${diff.fromVersion} → ${diff.toVersion}: ${diff.rows.length} rule rows differ`];
  for (const row of diff.rows) {
    if (row.kind === 'added') {
      lines.push(`+ ${row.rule}  ${row.name} (${row.effective})`);
      for (const l of row.limits) lines.push(`    ${l.field}: ${l.new}`);
    } else if (row.kind === 'removed') {
      lines.push(`- ${row.rule}  ${row.name} (${row.effective})`);
    } else {
      lines.push(`~ ${row.from === row.to ? row.to : `${row.from} → ${row.to}`}`);
      for (const c of row.changes) lines.push(`    ${c.field}: ${c.old} → ${c.new}`);
    }
  }
  if (diff.policy.length > 0) {
    lines.push(`Policy: ${diff.policy.length} settings differ`);
    for (const c of diff.policy) lines.push(`    ${c.field}: ${c.old} → ${c.new}`);
  }
  return lines.join('\n');
}
