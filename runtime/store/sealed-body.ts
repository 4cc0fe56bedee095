/**
 * The `body` column of a ledger row with the fields people type into (a note, a correction, a reason, a
 * file name) sealed into one `sealed` property (runtime/at-rest/sealed-text.ts), bound to the row. The
 * other fields stay plain JSON: the migrations and KPIs read ids, codes, amounts, dates and stages from
 * it. A body without `sealed` (written before encryption at rest) is read as it is.
 */
import type { CodecKeyring } from '../codec';
import { isSealedText, needsSealing, openText, sealText } from '../at-rest/sealed-text';
import { bodyOf } from './json-body';

export interface PrivateFields<T> {
  readonly fields: readonly (keyof T & string)[];
  /** The row, from the plain fields: what the seal is bound to. */
  context(record: T): string;
}

export function noPrivateFields<T>(): PrivateFields<T> {
  return { fields: [], context: () => '' };
}

export function sealBody<T extends object>(keyring: CodecKeyring, record: T, spec: PrivateFields<T>): string {
  const rest: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  const hidden: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (rest[f] === undefined) continue;
    hidden[f] = rest[f];
    delete rest[f];
  }
  if (Object.keys(hidden).length === 0) return JSON.stringify(record);
  return JSON.stringify({ ...rest, sealed: sealText(keyring, JSON.stringify(hidden), spec.context(record)) });
}

export function openBody<T>(keyring: CodecKeyring, value: unknown, spec: PrivateFields<T>): T {
  const body = bodyOf<Record<string, unknown>>(value);
  if (!isSealedText(body.sealed)) return body as T;
  const { sealed, ...rest } = body;
  return { ...rest, ...(JSON.parse(openText(keyring, sealed, spec.context(rest as T))) as object) } as T;
}

/** The plain fields of a body only: for reads that never show the private ones (KPIs over every row), which then cost no decryption. */
export function plainBody<T>(value: unknown): T {
  const { sealed: _sealed, ...rest } = bodyOf<Record<string, unknown>>(value);
  return rest as T;
}

/**
 * Whether a stored body must be sealed again: its private fields are in clear (written before encryption
 * at rest), or, with `rotate`, sealed with another key than the ring's first.
 */
export function needsResealing<T>(keyring: CodecKeyring, value: unknown, spec: PrivateFields<T>, rotate: boolean): boolean {
  const body = bodyOf<Record<string, unknown>>(value);
  if (typeof body.sealed === 'string') return needsSealing(keyring, body.sealed, rotate);
  return spec.fields.some((f) => body[f] !== undefined);
}
