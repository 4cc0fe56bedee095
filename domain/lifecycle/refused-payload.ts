/**
 * What a worker's codec puts in place of a payload it refuses (not encrypted, a key it does not have, a
 * failed authentication tag): a value every validator and signal handler recognizes, so the command is
 * refused with a sentence and nothing is applied, instead of a workflow task failing on it.
 */
export const REFUSED_PAYLOAD = 'refusedPayload';

export function refusalOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !(REFUSED_PAYLOAD in raw)) return null;
  const why = (raw as Record<string, unknown>)[REFUSED_PAYLOAD];
  return `Refused: the command did not come from the app (${typeof why === 'string' ? why : 'its payload was refused'}).`;
}
