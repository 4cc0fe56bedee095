import { describe, expect, it } from 'vitest';
import { dayOfWeek, federalHolidays, isBusinessDay, nextBusinessDay, nonWorkdayReason, observedHolidayOn } from '../../../domain/policy/business-days';
import { addDays } from '../../../domain/policy/dates';

const observed = (year: number) => federalHolidays(year).map((h) => h.observed);

// Expected days off from OPM's published federal holiday schedules for these years (opm.gov/policy-data-oversight/pay-leave/federal-holidays).
describe('federal holidays (5 U.S.C. 6103, observed days per E.O. 11582)', () => {
  it('2021: Juneteenth is observed the first year, on Friday June 18; July 4 and Christmas move off the weekend', () => {
    expect(observed(2021)).toEqual([
      '2021-01-01', '2021-01-18', '2021-02-15', '2021-05-31', '2021-06-18', '2021-07-05', '2021-09-06', '2021-10-11', '2021-11-11', '2021-11-25', '2021-12-24',
    ]);
  });

  it('2022: New Year on a Saturday is observed on 2021-12-31; Juneteenth on a Sunday on Monday 2022-06-20', () => {
    expect(observed(2022)).toEqual([
      '2021-12-31', '2022-01-17', '2022-02-21', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-10-10', '2022-11-11', '2022-11-24', '2022-12-26',
    ]);
    expect(observedHolidayOn('2021-12-31')).toMatchObject({ name: "New Year's Day", date: '2022-01-01', observed: '2021-12-31' });
    expect(observedHolidayOn('2022-06-20')).toMatchObject({ name: 'Juneteenth National Independence Day', date: '2022-06-19' });
  });

  it('2020 has no Juneteenth; 2023, 2026 and 2027 move the weekend holidays', () => {
    expect(observed(2020)).toEqual([
      '2020-01-01', '2020-01-20', '2020-02-17', '2020-05-25', '2020-07-03', '2020-09-07', '2020-10-12', '2020-11-11', '2020-11-26', '2020-12-25',
    ]);
    expect(observed(2023)).toEqual([
      '2023-01-02', '2023-01-16', '2023-02-20', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-10-09', '2023-11-10', '2023-11-23', '2023-12-25',
    ]);
    expect(observed(2026)).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
    ]);
    expect(observed(2027)).toEqual([
      '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24',
    ]);
    // New Year's Day 2028 is a Saturday: its day off is the last day of 2027.
    expect(observedHolidayOn('2027-12-31')?.date).toBe('2028-01-01');
  });

  it('holds for every year it computes, with no table to run out (1990–2150)', () => {
    for (let year = 1990; year <= 2150; year++) {
      const hs = federalHolidays(year);
      expect(hs.length).toBe(year >= 2021 ? 11 : 10);
      for (const h of hs) {
        const d = dayOfWeek(h.observed);
        expect(d >= 1 && d <= 5, `${h.name} ${year} observed on a weekday`).toBe(true);
        expect(Math.abs(Number(h.observed.slice(8)) - Number(h.date.slice(8))) <= 1 || h.observed.slice(5) === '12-31').toBe(true);
      }
      const byName = (n: string) => hs.find((h) => h.name.startsWith(n))!.date;
      expect(dayOfWeek(byName('Birthday of Martin'))).toBe(1);
      expect(Number(byName('Birthday of Martin').slice(8))).toBeGreaterThanOrEqual(15);
      expect(Number(byName('Birthday of Martin').slice(8))).toBeLessThanOrEqual(21);
      expect(addDays(byName('Memorial Day'), 7).slice(5, 7)).toBe('06'); // the last Monday of May
      expect(dayOfWeek(byName('Thanksgiving'))).toBe(4);
      expect(Number(byName('Thanksgiving').slice(8))).toBeGreaterThanOrEqual(22);
      expect(Number(byName('Thanksgiving').slice(8))).toBeLessThanOrEqual(28);
    }
  });
});

describe('business days', () => {
  it('says why a day is not a workday', () => {
    expect(nonWorkdayReason('2026-07-04')).toBe('a Saturday');
    expect(nonWorkdayReason('2026-07-03')).toBe('Independence Day (observed; the holiday falls on 2026-07-04)');
    expect(nonWorkdayReason('2026-11-26')).toBe('Thanksgiving Day');
    expect(isBusinessDay('2026-11-27')).toBe(true); // the day after Thanksgiving is not a federal holiday
    expect(isBusinessDay('2026-12-24', { extraNonWorkdays: ['2026-12-24'] })).toBe(false);
  });

  it('rolls a Saturday across a holiday Monday to the Tuesday: 2027-01-16 → 2027-01-19 (MLK Day)', () => {
    expect(nextBusinessDay('2027-01-16')).toEqual({
      date: '2027-01-19',
      skipped: [
        { date: '2027-01-16', reason: 'a Saturday' },
        { date: '2027-01-17', reason: 'a Sunday' },
        { date: '2027-01-18', reason: 'Birthday of Martin Luther King, Jr.' },
      ],
    });
    expect(nextBusinessDay('2027-01-19')).toEqual({ date: '2027-01-19', skipped: [] });
    // 2027-12-31 is New Year's Day 2028 observed, then a weekend: Monday 2028-01-03.
    expect(nextBusinessDay('2027-12-31').date).toBe('2028-01-03');
  });
});
