// Rule versions are immutable once used: the shipped rules match their lock, and an edit to a locked
// version (without a new version) is caught, while a new version is only "unlocked" until `rules -- lock`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLock, extendLock, readLock, ruleHashes } from '../../client/rules/rule-lock';
import { repoRoot } from '../support/launcher';

const shipped = (): { version: string; rules: Record<string, unknown>[] } => JSON.parse(fs.readFileSync(path.join(repoRoot, 'config/payer-rules.json'), 'utf8'));

describe('payer rule lock', () => {
  it('every locked version of config/payer-rules.json still has its locked content', () => {
    const result = checkLock(shipped(), readLock());
    expect(result.changed, 'a locked rule version was edited in place: restore it and add a new version').toEqual([]);
    expect(result.removed, 'a locked rule version was removed: end it with effectiveTo instead').toEqual([]);
    expect(result.ended, 'a locked version was ended: run `npm run rules -- lock` to record the end').toEqual([]);
    expect(result.unlocked, 'a rule version is not locked: run `npm run rules -- lock`').toEqual([]);
    expect(result.locked).toBeGreaterThan(0);
  });

  it('an edit to a locked version is a change; the same content laid out differently is not', () => {
    const rules = shipped();
    const { lock } = extendLock(rules, { versions: {}, ends: {} });
    const reordered = { ...rules, rules: rules.rules.map((r) => Object.fromEntries(Object.entries(r).reverse())) };
    expect(checkLock(reordered, lock)).toMatchObject({ changed: [], removed: [], unlocked: [] });

    const edited = structuredClone(rules);
    const first = edited.rules[0] as { id: string; version: string; timelyFiling: { period: { amount: number } } };
    first.timelyFiling.period.amount += 1;
    expect(checkLock(edited, lock).changed).toEqual([`${first.id}@${first.version}`]);
  });

  it('a new version is unlocked until locked, and locking never rewrites a locked hash', () => {
    const rules = shipped();
    const { lock } = extendLock(rules, { versions: {}, ends: {} });
    const next = structuredClone(rules);
    next.rules.push({ ...(next.rules[0] as object), version: '2099.1' });
    const key = `${String(next.rules[0]?.id)}@2099.1`;
    expect(checkLock(next, lock).unlocked).toEqual([key]);
    const extended = extendLock(next, lock);
    expect(extended.added).toEqual([key]);
    for (const [k, hash] of Object.entries(lock.versions)) expect(extended.lock.versions[k]).toBe(hash);
    expect(ruleHashes(next).get(key)).toBe(extended.lock.versions[key]);
  });

  it('ending a version when a new one takes over is allowed and recorded once; moving a recorded end is an edit', () => {
    const rules = shipped();
    const open = structuredClone(rules);
    const first = open.rules[0] as { id: string; version: string; effectiveTo?: string | null };
    first.effectiveTo = null;
    const key = `${first.id}@${first.version}`;
    const { lock } = extendLock(open, { versions: {}, ends: {} });
    expect(lock.ends[key]).toBeUndefined();

    const ended = structuredClone(open);
    (ended.rules[0] as { effectiveTo: string }).effectiveTo = '2030-06-30';
    expect(checkLock(ended, lock)).toMatchObject({ changed: [], ended: [key] });
    const recorded = extendLock(ended, lock).lock;
    expect(recorded.ends[key]).toBe('2030-06-30');
    expect(checkLock(ended, recorded)).toMatchObject({ changed: [], ended: [] });

    const moved = structuredClone(ended);
    (moved.rules[0] as { effectiveTo: string }).effectiveTo = '2031-06-30';
    expect(checkLock(moved, recorded).changed).toEqual([key]);
    expect(extendLock(moved, recorded).lock.ends[key]).toBe('2030-06-30');
  });
});
