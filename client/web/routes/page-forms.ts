/**
 * What every page form route shares: the posted form, one value per field, and the "done" message a
 * successful post redirects to.
 */
import { z } from 'zod';
import type { FormValues } from '../work/forms';

/** An HTML form body: a field posted twice arrives as a list. */
export const Form = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
/** The query a successful post redirects to. */
export const Flash = z.object({ done: z.string().max(300).optional() });

/** The form with one value per field (the first of a repeated one). */
export const single = (f: Record<string, string | string[]>): FormValues => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
export const okFlash = (done: string | undefined) => (done ? { kind: 'ok' as const, text: done } : undefined);
