import { z } from 'zod';

/**
 * A string that matches `pattern`, for the schemas cached workflows share (workflows/shared-modules.ts).
 * zod's regex check resets the pattern's `lastIndex` before every test, which throws once the workflow
 * sandbox has frozen the shared schema and its RegExp; a refinement only reads the pattern. The pattern
 * still reaches the OpenAPI document as metadata.
 */
export function patternString(pattern: RegExp, error = `Invalid string: must match pattern ${String(pattern)}`) {
  // A global or sticky pattern keeps state between tests, which a shared schema must not.
  if (pattern.global || pattern.sticky) throw new Error(`patternString: ${String(pattern)} must not be global or sticky`);
  return z
    .string()
    .refine((value) => pattern.test(value), { error })
    .meta({ pattern: pattern.source });
}
