// The domain modules every cached workflow shares (workflows/shared-modules.ts) must hold no state and must
// keep working once the SDK deep-freezes them. The workflow tests run them for real in the reused V8
// context; this file checks the two properties over every shared module and every schema they export.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DOMAIN_MODULES } from '../../workflows/shared-modules';

const ROOT = path.join(__dirname, '..', '..');

/** The SDK's deepFreeze (reusable-vm.js): own properties, getters read, functions frozen with their prototype object. */
function deepFreeze(object: unknown, visited = new WeakSet<object>()): void {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function') || visited.has(object)) return;
  visited.add(object);
  if (Object.isFrozen(object)) return;
  for (const name of Reflect.ownKeys(object)) {
    try {
      deepFreeze((object as Record<PropertyKey, unknown>)[name], visited);
    } catch {
      // as the SDK: some objects cannot be frozen
    }
  }
  Object.freeze(object);
}

/** The shared modules' files: workflows/shared-modules.ts's imports and everything they import. */
function sharedFiles(): string[] {
  const start = fs.readFileSync(path.join(ROOT, 'workflows', 'shared-modules.ts'), 'utf8');
  const pending = [...start.matchAll(/from '(\.\.\/domain\/[^']+)'/g)].map((m) => path.join(ROOT, 'workflows', `${m[1]}.ts`));
  const files = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)(?! type)[^;]*? from '(\.[^']+)'/gms)) pending.push(path.join(path.dirname(file), `${m[1]}.ts`));
  }
  return [...files];
}

describe('the domain modules shared by cached workflows', () => {
  it('import nothing but zod and each other, keep no module-level variables, and never use .regex()', () => {
    const files = sharedFiles();
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(SHARED_DOMAIN_MODULES).length);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const name = path.relative(ROOT, file);
      expect(name, 'a shared module lives in domain/').toMatch(/^domain\//);
      for (const m of text.matchAll(/^(?:import|export)(?! type)[^;]*? from '([^']+)'/gms)) {
        expect([name, m[1]]).toEqual([name, expect.stringMatching(/^(?:zod|\.{1,2}\/.*)$/)]);
      }
      expect(text.match(/^(?:export )?(?:let|var) /m), `${name} declares module-level state`).toBeNull();
      // zod's .regex() writes the frozen RegExp's lastIndex; domain/pattern-string.ts only reads it.
      expect(text.includes('.regex('), `${name} uses zod's .regex(): use patternString`).toBe(false);
    }
  });

  it('parse with every exported schema once frozen, as the SDK freezes them', () => {
    const schemas = Object.entries(SHARED_DOMAIN_MODULES).flatMap(([module, exports]) =>
      Object.entries(exports)
        .filter(([, value]) => typeof value === 'object' && value !== null && '_zod' in value && 'safeParse' in value)
        .map(([name, schema]) => [`${module}.${name}`, schema as { safeParse(input: unknown): { success: boolean } }] as const),
    );
    expect(schemas.length).toBeGreaterThan(30);
    deepFreeze(SHARED_DOMAIN_MODULES);
    const inputs: unknown[] = [undefined, null, {}, [], 'x', 1, { kind: 'x', at: '2026-01-01T00:00:00.000Z' }];
    for (const [name, schema] of schemas) {
      for (const input of inputs) expect(() => schema.safeParse(input), name).not.toThrow();
    }
  });
});
