import { addDays, daysBetween, type IsoDate } from './dates';

/**
 * US federal holidays and workdays, computed for any year (no table that runs out).
 *
 * Source: 5 U.S.C. 6103(a) names the legal public holidays; 6103(b) and Executive Order 11582 move a
 * holiday on a Saturday to the Friday before and one on a Sunday to the Monday after. Juneteenth is a
 * holiday from 2021 (Pub. L. 117-17, signed 2021-06-17: 2021-06-18 was its first observance).
 *
 * Not computed: Inauguration Day (a holiday only for employees in the Washington, DC area) and one-off
 * closures by executive order (such as the Christmas Eve closures of some years). Callers may pass those as
 * `extraNonWorkdays`; leaving them out can only make a rolled-over deadline earlier, never later.
 */

export interface FederalHoliday {
  name: string;
  /** The legal date (e.g. July 4). */
  date: IsoDate;
  /** The day federal employees have off (differs from `date` on weekends). */
  observed: IsoDate;
}

const iso = (year: number, month: number, day: number): IsoDate =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(date: IsoDate): number {
  return (((daysBetween('1970-01-01', date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/** The n-th given weekday of a month (n = 1 … 4), or the last one with n = -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): IsoDate {
  if (n > 0) {
    const first = iso(year, month, 1);
    return addDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + 7 * (n - 1));
  }
  const nextFirst = month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1);
  const last = addDays(nextFirst, -1);
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

/** Saturday → the Friday before, Sunday → the Monday after (5 U.S.C. 6103(b), E.O. 11582). */
function observedOn(date: IsoDate): IsoDate {
  const d = dayOfWeek(date);
  if (d === 6) return addDays(date, -1);
  if (d === 0) return addDays(date, 1);
  return date;
}

const MONDAY = 1;
const THURSDAY = 4;

/** The legal public holidays of `year` under 5 U.S.C. 6103(a) as it reads today (Juneteenth from 2021). */
export function federalHolidays(year: number): FederalHoliday[] {
  if (!Number.isInteger(year) || year < 1971) throw new RangeError(`federal holidays are computed from 1971 (Monday holidays act), got ${year}`);
  const fixed = (name: string, month: number, day: number): FederalHoliday => {
    const date = iso(year, month, day);
    return { name, date, observed: observedOn(date) };
  };
  const monday = (name: string, month: number, n: number): FederalHoliday => {
    const date = nthWeekday(year, month, MONDAY, n);
    return { name, date, observed: date };
  };
  const thanksgiving = nthWeekday(year, 11, THURSDAY, 4);
  return [
    fixed("New Year's Day", 1, 1),
    ...(year >= 1986 ? [monday('Birthday of Martin Luther King, Jr.', 1, 3)] : []),
    monday("Washington's Birthday", 2, 3),
    monday('Memorial Day', 5, -1),
    ...(year >= 2021 ? [fixed('Juneteenth National Independence Day', 6, 19)] : []),
    fixed('Independence Day', 7, 4),
    monday('Labor Day', 9, 1),
    monday('Columbus Day', 10, 2),
    fixed('Veterans Day', 11, 11),
    { name: 'Thanksgiving Day', date: thanksgiving, observed: thanksgiving },
    fixed('Christmas Day', 12, 25),
  ];
}

/**
 * The holiday observed on `date`, if any. Looks at the next year too: New Year's Day on a Saturday is
 * observed on December 31 of the year before (2021-12-31 for 2022).
 */
export function observedHolidayOn(date: IsoDate): FederalHoliday | null {
  const year = Number(date.slice(0, 4));
  for (const y of [year, year + 1]) {
    const hit = federalHolidays(y).find((h) => h.observed === date);
    if (hit) return hit;
  }
  return null;
}

export interface BusinessDayOptions {
  /** One-off federal closures (executive orders) to treat as non-workdays too. */
  extraNonWorkdays?: readonly IsoDate[];
}

/** Why `date` is not a federal workday, or null when it is one. */
export function nonWorkdayReason(date: IsoDate, options: BusinessDayOptions = {}): string | null {
  const d = dayOfWeek(date);
  if (d === 6) return 'a Saturday';
  if (d === 0) return 'a Sunday';
  const holiday = observedHolidayOn(date);
  if (holiday) return holiday.observed === holiday.date ? `${holiday.name}` : `${holiday.name} (observed; the holiday falls on ${holiday.date})`;
  if (options.extraNonWorkdays?.includes(date)) return 'a federal non-workday by executive order';
  return null;
}

export function isBusinessDay(date: IsoDate, options: BusinessDayOptions = {}): boolean {
  return nonWorkdayReason(date, options) === null;
}

export interface Rollover {
  /** The first business day on or after the input date. */
  date: IsoDate;
  /** Each skipped day and why (empty when the input date is a business day). */
  skipped: { date: IsoDate; reason: string }[];
}

/** The date itself when it is a federal workday, else the next one, with the days skipped and why. */
export function nextBusinessDay(date: IsoDate, options: BusinessDayOptions = {}): Rollover {
  const skipped: Rollover['skipped'] = [];
  let day = date;
  for (let reason = nonWorkdayReason(day, options); reason !== null; reason = nonWorkdayReason(day, options)) {
    skipped.push({ date: day, reason });
    day = addDays(day, 1);
  }
  return { date: day, skipped };
}
