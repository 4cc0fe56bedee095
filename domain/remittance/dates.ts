// X12 dates (CCYYMMDD). The reader keeps dates as sent; only a real calendar date becomes an ISO date in a
// case, judged by the same calendar as the deadline schemas (policy/dates), which refuse any other: a
// workflow whose first step throws. '20261345' used to pass as '2026-13-45'.
import { daysInMonth } from '../policy/dates';


/** Digit i of `text` as a number, or NaN. Read off character codes: the reader checks every DTM. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/** True for eight digits naming a day that exists: '20240229' yes, '20230229' and '20261345' no. */
export function isCalendarDate(ccyymmdd: string): boolean {
  if (ccyymmdd.length !== 8) return false;
  const year = digit(ccyymmdd, 0) * 1000 + digit(ccyymmdd, 1) * 100 + digit(ccyymmdd, 2) * 10 + digit(ccyymmdd, 3);
  const month = digit(ccyymmdd, 4) * 10 + digit(ccyymmdd, 5);
  const day = digit(ccyymmdd, 6) * 10 + digit(ccyymmdd, 7);
  // NaN fails every comparison, so a non-digit anywhere makes this false.
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && year >= 0;
}

/** CCYYMMDD → YYYY-MM-DD; undefined when it is not a calendar date. */
export function isoDate(date: string | undefined): string | undefined {
  if (date === undefined || !isCalendarDate(date)) return undefined;
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}
