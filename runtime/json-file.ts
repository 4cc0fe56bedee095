/** Reads a JSON file named by a setting and validates it, so every error names the setting, the file and the field. */
import fs from 'node:fs';
import type { z } from 'zod';

export function readJsonFile<S extends z.ZodType>(
  setting: string,
  file: string,
  schema: S,
  pathLabel: (path: PropertyKey[]) => string = (p) => p.join('.'),
): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${setting} ${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new Error(`${setting} ${file}: ${r.error.issues.slice(0, 5).map((i) => `${pathLabel(i.path)}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}
