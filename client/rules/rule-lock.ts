/**
 * Payer rule versions are immutable once used: a running denial, a recorded history or a past decision
 * names `id@version`, and must mean the same limits forever. The lock file records each version's content
 * hash; `check` fails when a locked version's content changed (or it disappeared) without a new version,
 * and `lock` adds new versions only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = path.join(__dirname, '../../config/payer-rules.lock.json');

export const RuleLockSchema = z.object({
  description: z.string().optional(),
  versions: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*@.+$/, 'keys are id@version'), z.string().regex(/^sha256:[0-9a-f]{64}$/)),
});
export type RuleLock = z.infer<typeof RuleLockSchema>;

/** JSON with keys sorted at every level: the same content always hashes the same, whatever its layout. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of each rule version as written in the file (not as parsed: a default the schema adds later does
 * not change what the file says, and must not look like an edit).
 */
export function ruleHashes(rawRuleSet: unknown): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const [key, rule] of rulesByKey(rawRuleSet)) hashes.set(key, hashOf(rule));
  return hashes;
}

const hashOf = (rule: unknown): string => `sha256:${crypto.createHash('sha256').update(canonical(rule)).digest('hex')}`;

function rulesByKey(rawRuleSet: unknown): Map<string, Record<string, unknown>> {
  const rules = (rawRuleSet as { rules?: Record<string, unknown>[] }).rules ?? [];
  return new Map(rules.map((rule) => [`${String(rule.id)}@${String(rule.version)}`, rule]));
}

/**
 * A locked version that was open-ended and now ends (effectiveTo set, nothing else changed): how a new
 * version takes over from a date on. Its limits still mean what they meant for every date it covered.
 */
function onlyClosed(rule: Record<string, unknown> | undefined, lockedHash: string): boolean {
  return !!rule && typeof rule.effectiveTo === 'string' && hashOf({ ...rule, effectiveTo: null }) === lockedHash;
}

export interface LockCheck {
  /** Locked versions whose content changed: each needs a new version instead. */
  changed: string[];
  /** Locked versions no longer in the rules: a decision that named them cannot be explained any more. */
  removed: string[];
  /** Versions not locked yet: `rules -- lock` records them. */
  unlocked: string[];
  locked: number;
}

export function checkLock(rawRuleSet: unknown, lock: RuleLock): LockCheck {
  const hashes = ruleHashes(rawRuleSet);
  const rules = rulesByKey(rawRuleSet);
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [key, hash] of Object.entries(lock.versions)) {
    const now = hashes.get(key);
    if (now === undefined) removed.push(key);
    else if (now !== hash && !onlyClosed(rules.get(key), hash)) changed.push(key);
  }
  const unlocked = [...hashes.keys()].filter((key) => !(key in lock.versions));
  return { changed, removed, unlocked, locked: Object.keys(lock.versions).length };
}

export function readLock(file = LOCK_FILE): RuleLock {
  if (!fs.existsSync(file)) return { versions: {} };
  const parsed = RuleLockSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${path.basename(file)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The lock with the new versions added; locked versions are never rewritten (a changed one stays an error). */
export function extendLock(rawRuleSet: unknown, lock: RuleLock): { lock: RuleLock; added: string[] } {
  const versions = { ...lock.versions };
  const added: string[] = [];
  for (const [key, hash] of ruleHashes(rawRuleSet)) {
    if (key in versions) continue;
    versions[key] = hash;
    added.push(key);
  }
  const sorted = Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
  return {
    lock: { description: 'Content hash of each payer rule version in config/payer-rules.json. A version is immutable once locked: change the rule by adding a new version. Updated by `npm run rules -- lock`.', versions: sorted },
    added,
  };
}

export function writeLock(lock: RuleLock, file = LOCK_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
