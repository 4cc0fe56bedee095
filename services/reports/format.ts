/**
 * How the leakage report prints numbers: rates with their basis, money, days, week labels. A missing value
 * prints "n/a", so a null never reaches the page as "NaN" or "null".
 */
import type { Ratio } from '../../domain/kpis/kpis';
import { money, usDate } from '../packets/text';

export { money, usDate };

export const NOT_AVAILABLE = 'n/a';

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 1234 → "1,234"; 2.25 → "2.3". */
export function count(n: number | null): string {
  return n === null || !Number.isFinite(n) ? NOT_AVAILABLE : COUNT.format(n);
}

/** 0.125 → "12.5%". */
export function percent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? NOT_AVAILABLE : `${(value * 100).toFixed(1)}%`;
}

/** An axis tick: 0.05 → "5%", 0.025 → "2.5%". */
export function tickPercent(value: number): string {
  return `${Number((value * 100).toFixed(1))}%`;
}

/** "1 of 8 claims adjudicated", or with money "$100.00 of $800.00 charges". */
export function ratioBasis(r: Ratio, unit: string, asMoney = false): string {
  const show = asMoney ? money : count;
  return `${show(r.numerator)} of ${show(r.denominator)} ${unit}`;
}

export function days(n: number | null): string {
  return n === null ? NOT_AVAILABLE : `${count(n)} ${n === 1 ? 'day' : 'days'}`;
}

const COMPACT = [
  { from: 1e9, suffix: 'B' },
  { from: 1e6, suffix: 'M' },
  { from: 1e3, suffix: 'k' },
];

/** Money where room is short (chart axes and bar labels): 123456789 cents → "$1.2M", 95000 → "$950", 150 → "$1.50". */
export function compactMoney(cents: number): string {
  const dollars = cents / 100;
  const scale = COMPACT.find((s) => Math.abs(dollars) >= s.from);
  if (scale) return `$${Number((dollars / scale.from).toFixed(1))}${scale.suffix}`;
  return Number.isInteger(dollars) ? `$${dollars}` : money(cents);
}

/** "2026-03-07" → "03/07": a week on a trend chart, by the day it ends. */
export function weekEnding(iso: string): string {
  return usDate(iso).slice(0, 5);
}

/** "2026-03-09T06:00:00.000Z" → "03/09/2026 06:00 UTC"; anything else as given. */
export function usDateTime(instant: string): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return instant;
  const iso = new Date(t).toISOString();
  return `${usDate(iso.slice(0, 10))} ${iso.slice(11, 16)} UTC`;
}

/** Long workflow ids (prefix + UUID) cut to their start and their unique end, enough to search for. */
export function shortWorkflowId(id: string): string {
  return id.length <= 20 ? id : `${id.slice(0, 7)}\u2026${id.slice(-10)}`;
}
