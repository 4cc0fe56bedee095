// X12 dates (CCYYMMDD). The reader keeps dates as sent; only a real calendar date becomes an ISO date in a
// case, judged by the same rule as the deadline schemas (policy/dates), which refuse any other: a
// workflow whose first step throws. '20261345' used to pass as '2026-13-45'.
import { isIsoDate } from '../policy/dates';

/** CCYYMMDD → YYYY-MM-DD; undefined when it is not a calendar date. */
export function isoDate(date: string | undefined): string | undefined {
  if (date === undefined || date.length !== 8) return undefined;
  const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  return isIsoDate(iso) ? iso : undefined;
}
