/**
 * zod computes some fields of a schema on first read (an object's property values, an optional's `optin`, a
 * union's pattern) and stores them on the schema then. The workflow sandbox deep-freezes shared modules, so
 * a shared schema must have them all before the freeze: this reads every accessor zod put on the
 * prototypes of each schema and of its internals, for every schema reachable from `root`.
 */
export function settleLazySchemas(root: unknown): void {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    // Functions and prototypes are left alone: a method getter zod reads with a prototype as receiver binds
    // to that prototype, and an instance reached later would inherit that binding.
    if (typeof value !== 'object' || value === null || seen.has(value) || isPrototype(value)) continue;
    seen.add(value);
    const internals = (value as { _zod?: unknown })._zod;
    if (typeof internals === 'object' && internals !== null) {
      readInheritedAccessors(value);
      readInheritedAccessors(internals);
      settleParse(internals);
    }
    // Every own property, getters too (a module's exports are getters), as the SDK's freeze reads them.
    for (const key of Reflect.ownKeys(value)) {
      try {
        pending.push(Reflect.get(value, key));
      } catch {
        // as the SDK's freeze, which skips what it cannot read
      }
    }
  }
}

/**
 * zod's memoizer replaces a schema's parse on its first runs (it asks once, sometimes twice, whether the
 * schema can recurse, then unwraps itself): two runs of every schema let it settle before the freeze.
 */
function settleParse(internals: object): void {
  const run = (internals as { run?: unknown }).run;
  if (typeof run !== 'function') return;
  for (let i = 0; i < 2; i++) {
    try {
      run.call(internals, { value: undefined, issues: [] }, { async: false });
    } catch {
      // a schema that refuses undefined by throwing (a transform, a refinement) settles on its first real use
    }
  }
}

function isPrototype(value: object): boolean {
  const constructor = Object.getOwnPropertyDescriptor(value, 'constructor')?.value as unknown;
  return typeof constructor === 'function' && constructor.prototype === value;
}

function readInheritedAccessors(target: object): void {
  for (let proto = Object.getPrototypeOf(target) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Reflect.ownKeys(proto)) {
      if (Object.getOwnPropertyDescriptor(proto, key)?.get === undefined) continue;
      try {
        Reflect.get(target, key);
      } catch {
        // A field zod cannot compute for this schema memoizes nothing and throws the same way at first use.
      }
    }
  }
}
