/**
 * Refuses a mail whose text contains a value known to be PHI. Mail leaves the system in clear, so this is
 * checked after rendering, on exactly what would be sent.
 */
import { ApplicationFailure } from '@temporalio/common';

const normalize = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const compact = (s: string) => normalize(s).replace(/[^\p{L}\p{N}]+/gu, '');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Index of the first phiValue that occurs in one of the texts, or -1. Matching ignores case and runs of
 * whitespace, and a value only matches as a whole word (a short account number inside a hex workflow id is
 * not a hit). Values with punctuation or spaces and 6 or more letters/digits also match without them, so a
 * member id 1EG4-TE5-MK73 is found when printed as 1EG4TE5MK73.
 */
export function findPhi(texts: readonly string[], phiValues: readonly string[]): number {
  const haystack = texts.map(normalize).join('\n');
  const compactHaystack = texts.map(compact).join('\n');
  return phiValues.findIndex((value) => {
    const v = normalize(value);
    if (!v) return false;
    const boundary = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(v)}($|[^\\p{L}\\p{N}])`, 'u');
    if (boundary.test(haystack)) return true;
    // Punctuated values (member ids, dates, names) also match with the punctuation dropped.
    const c = compact(value);
    return c !== v && c.length >= 6 && compactHaystack.includes(c);
  });
}

/**
 * Throws a non-retryable ApplicationFailure (type `PhiInNotification`) when a value occurs in the texts.
 * The message names the position of the value in the list, never the value.
 */
export function assertNoPhi(texts: readonly string[], phiValues: readonly string[]): void {
  const hit = findPhi(texts, phiValues);
  if (hit >= 0) {
    throw ApplicationFailure.nonRetryable(`Notification refused: the rendered mail contains phiValues[${hit}]; no mail was sent`, 'PhiInNotification');
  }
}
