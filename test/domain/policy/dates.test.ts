import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addPeriod, compareIsoDates, daysBetween, isIsoDate, isLeapYear } from '../../../domain/policy/dates';

describe('ISO calendar-day arithmetic', () => {
  it('adds days across month ends, leap days and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    // Hand-worked: 2026-03-07 + 120 = Mar 24 + Apr 30 + May 31 + Jun 30 + 5 → 2026-07-05.
    expect(addDays('2026-03-07', 120)).toBe('2026-07-05');
  });

  it('adds months clamping to the end of the target month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
    // Medicare: a Feb 29 date of service must be filed by Feb 28 of the next year.
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addPeriod('2026-01-10', { amount: 12, unit: 'months' })).toBe('2027-01-10');
    expect(addPeriod('2026-01-10', { amount: 90, unit: 'days' })).toBe('2026-04-10');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2026-03-02', '2026-07-05')).toBe(125);
    expect(daysBetween('2026-07-05', '2026-03-02')).toBe(-125);
    expect(compareIsoDates('2026-01-02', '2026-01-01')).toBe(1);
    expect(compareIsoDates('2026-01-01', '2026-01-01')).toBe(0);
  });

  it('agrees with Date.UTC over three decades', () => {
    const start = Date.UTC(1999, 0, 1);
    for (let offset = 0; offset < 365 * 31; offset += 7) {
      const expected = new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
      expect(addDays('1999-01-01', offset)).toBe(expected);
      expect(daysBetween('1999-01-01', expected)).toBe(offset);
    }
  });

  it('rejects what is not a calendar date', () => {
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-05')).toBe(false);
    expect(isIsoDate('2026-01-05T00:00:00Z')).toBe(false);
    expect(isLeapYear(2100)).toBe(false);
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addMonths('2025-01-01', 1.5)).toThrow(RangeError);
  });
});
