// A new version takes over from a date by ending the open-ended one: that alone is not an edit.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLock, extendLock } from '../../client/rules/rule-lock';
import { repoRoot } from '../support/launcher';

const shipped = (): { rules: Record<string, unknown>[] } => JSON.parse(fs.readFileSync(path.join(repoRoot, 'config/payer-rules.json'), 'utf8'));

describe('closing a locked rule version', () => {
  it('ending an open-ended version with effectiveTo passes; any other change to it, or reopening it, does not', () => {
    const rules = shipped();
    const open = rules.rules.findIndex((r) => r.effectiveTo === null);
    const { lock } = extendLock(rules, { versions: {} });
    const key = `${String(rules.rules[open]!.id)}@${String(rules.rules[open]!.version)}`;

    const closed = structuredClone(rules);
    closed.rules[open]!.effectiveTo = '2030-12-31';
    expect(checkLock(closed, lock).changed).toEqual([]);

    const closedAndEdited = structuredClone(closed);
    closedAndEdited.rules[open]!.name = 'something else';
    expect(checkLock(closedAndEdited, lock).changed).toEqual([key]);

    // A version locked with an end date cannot have that date moved.
    const { lock: closedLock } = extendLock(closed, { versions: {} });
    const moved = structuredClone(closed);
    moved.rules[open]!.effectiveTo = '2031-12-31';
    expect(checkLock(moved, closedLock).changed).toEqual([key]);
  });
});
