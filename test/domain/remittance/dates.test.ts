// CCYYMMDD dates (domain/remittance/dates.ts): the reader's allocation-free check must agree with the
// calendar the deadline rules use, or a date it passes would fail the workflow's assessment.
import { describe, expect, it } from 'vitest';
import { isCalendarDate, isoDate } from '../../../domain/remittance/dates';
import { isIsoDate } from '../../../domain/policy/dates';

describe('CCYYMMDD dates', () => {
  it('agree with the deadline rules on every month and day around the edges, in leap and common years', () => {
    const years = ['1900', '2000', '2023', '2024', '2100', '0000'];
    const pad = (n: number) => String(n).padStart(2, '0');
    let valid = 0;
    for (const y of years) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${y}${pad(m)}${pad(d)}`;
          const iso = `${y}-${pad(m)}-${pad(d)}`;
          expect(isCalendarDate(text), text).toBe(isIsoDate(iso));
          if (isCalendarDate(text)) valid++;
        }
      }
    }
    expect(valid).toBe(365 * 3 + 366 * 3); // 1900, 2023 and 2100 are common years; 2000, 2024 and year 0 leap years
  });

  it.each(['', '2026021', '202602100', '2026O210', '2026-2-1', ' 20260210', '２０２６０２１０'])('%j is not a date', (text) => {
    expect(isCalendarDate(text)).toBe(false);
    expect(isoDate(text)).toBeUndefined();
  });

  it('becomes an ISO date only when it is one', () => {
    expect(isoDate('20240229')).toBe('2024-02-29');
    expect(isoDate('20230229')).toBeUndefined();
    expect(isoDate(undefined)).toBeUndefined();
  });
});
