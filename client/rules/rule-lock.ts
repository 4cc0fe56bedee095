/**
 * Payer rule versions are immutable once used: a running denial, a recorded history or a past decision
 * names `id@version`, and must mean the same limits forever. The lock file records each version's content
 * hash; `check` fails when a locked version's content changed (or it disappeared) without a new version,
 * and `lock` adds new versions only. Ending a version (`effectiveTo` from none to a date, when a new version
 * takes over) is how a rule changes, not an edit: the hash leaves `effectiveTo` out, and the lock keeps each
 * end once set, so moving an end later is refused like any other edit.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = path.join(__dirname, '../../config/payer-rules.lock.json');

export const RuleLockSchema = z.object({
  description: z.string().optional(),
  versions: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*@.+$/, 'keys are id@version'), z.string().regex(/^sha256:[0-9a-f]{64}$/)),
  /** The end (`effectiveTo`) of each locked version that has one: set once, never moved. */
  ends: z.record(z.string(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default({}),
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
  for (const [key, rule] of rulesByKey(rawRuleSet)) {
    const { effectiveTo: _end, ...content } = rule;
    hashes.set(key, `sha256:${crypto.createHash('sha256').update(canonical(content)).digest('hex')}`);
  }
  return hashes;
}

function rulesByKey(rawRuleSet: unknown): Map<string, Record<string, unknown>> {
  const rules = (rawRuleSet as { rules?: Record<string, unknown>[] }).rules ?? [];
  return new Map(rules.map((rule) => [`${String(rule.id)}@${String(rule.version)}`, rule]));
}

/** Each version's end as written, or undefined while it has none. */
function ruleEnds(rawRuleSet: unknown): Map<string, string | undefined> {
  const ends = new Map<string, string | undefined>();
  for (const [key, rule] of rulesByKey(rawRuleSet)) ends.set(key, typeof rule.effectiveTo === 'string' ? rule.effectiveTo : undefined);
  return ends;
}

export interface LockCheck {
  /** Locked versions whose content changed: each needs a new version instead. */
  changed: string[];
  /** Locked versions no longer in the rules: a decision that named them cannot be explained any more. */
  removed: string[];
  /** Versions not locked yet: `rules -- lock` records them. */
  unlocked: string[];
  /** Locked versions ended since they were locked (allowed: a new version took over); `rules -- lock` records the end. */
  ended: string[];
  locked: number;
}

export function checkLock(rawRuleSet: unknown, lock: RuleLock): LockCheck {
  const hashes = ruleHashes(rawRuleSet);
  const ends = ruleEnds(rawRuleSet);
  const changed: string[] = [];
  const removed: string[] = [];
  const ended: string[] = [];
  for (const [key, hash] of Object.entries(lock.versions)) {
    const now = hashes.get(key);
    const lockedEnd = lock.ends[key];
    if (now === undefined) removed.push(key);
    else if (now !== hash || (lockedEnd !== undefined && ends.get(key) !== lockedEnd)) changed.push(key);
    else if (lockedEnd === undefined && ends.get(key) !== undefined) ended.push(key);
  }
  const unlocked = [...hashes.keys()].filter((key) => !(key in lock.versions));
  return { changed, removed, unlocked, ended, locked: Object.keys(lock.versions).length };
}

export function readLock(file = LOCK_FILE): RuleLock {
  if (!fs.existsSync(file)) return { versions: {}, ends: {} };
  const parsed = RuleLockSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${path.basename(file)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The lock with the new versions added; locked versions are never rewritten (a changed one stays an error). */
export function extendLock(rawRuleSet: unknown, lock: RuleLock): { lock: RuleLock; added: string[] } {
  const versions = { ...lock.versions };
  const ends = { ...lock.ends };
  const added: string[] = [];
  for (const [key, hash] of ruleHashes(rawRuleSet)) {
    if (key in versions) continue;
    versions[key] = hash;
    added.push(key);
  }
  // An end is recorded once; a locked end that moved stays an error (checkLock).
  for (const [key, end] of ruleEnds(rawRuleSet)) if (end !== undefined && !(key in ends)) ends[key] = end;
  const sorted = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
  return {
    lock: {
      description:
        'Content hash of each payer rule version in config/payer-rules.json (without effectiveTo) and the end of each ended version. A version is immutable once locked: change the rule by ending it and adding a new version. Updated by `npm run rules -- lock`.',
      versions: sorted(versions),
      ends: sorted(ends),
    },
    added,
  };
}

export function writeLock(lock: RuleLock, file = LOCK_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
