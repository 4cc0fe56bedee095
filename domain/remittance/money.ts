// X12 decimal ("R") parsing. Money is kept as integer cents so balancing sums are exact;
// going through Number() and floats would let 0.1 + 0.2 style error break equality checks.

const MAX_WHOLE = Math.floor(Number.MAX_SAFE_INTEGER / 100) - 1;

/**
 * Parses an X12 decimal (optional leading '-', digits, optional '.' and digits) into integer cents.
 * Returns undefined for anything else (empty, exponent, spaces, '+', hex, beyond exact integer cents)
 * and for values with non-zero digits beyond the cents, so the caller can decide how to report them.
 */
export function parseCents(text: string): number | undefined {
  const len = text.length;
  if (len === 0) return undefined;
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let intDigits = 0;
  let c = 0;
  for (; i < len; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    intDigits++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < len) {
    if (c !== 46) return undefined;
    for (i++; i < len; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      if (fracDigits < 2) frac = frac * 10 + (c - 48);
      else if (c !== 48) return undefined; // sub-cent precision: see parseCentsRounded
      fracDigits++;
    }
  }
  // Cents must stay exact integers (below 2^53); no real remittance comes near $90 trillion.
  if (intDigits + fracDigits === 0 || whole > MAX_WHOLE) return undefined;
  if (fracDigits === 1) frac *= 10;
  const cents = whole * 100 + frac;
  return negative && cents !== 0 ? -cents : cents;
}

/** Slow path for amounts with more than two decimals: rounds half away from zero. */
export function parseCentsRounded(text: string): number | undefined {
  const dot = text.indexOf('.');
  if (dot < 0 || text.length - dot - 1 <= 2) return parseCents(text);
  const head = parseCents(text.slice(0, dot + 3));
  const next = text.charCodeAt(dot + 3);
  if (head === undefined || next < 48 || next > 57 || !isDecimal(text)) return undefined;
  if (next < 53) return head;
  return text.charCodeAt(0) === 45 ? head - 1 : head + 1;
}

/** True when text is an X12 decimal number (quantities, rates, DRG weights). */
export function isDecimal(text: string): boolean {
  const len = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/**
 * Parses a non-money decimal; undefined when empty, not a plain decimal, or too large for a finite number
 * (over 309 digits: Infinity would break every later sum, and the case schemas refuse it). Small values
 * are computed from their digits (an exact integer divided by a power of ten rounds exactly like Number(text)).
 */
export function parseDecimal(text: string): number | undefined {
  const len = text.length;
  if (len === 0) return undefined;
  if (len > 15) {
    const n = isDecimal(text) ? Number(text) : Number.NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  let i = 0;
  const negative = text.charCodeAt(0) === 45;
  if (negative) i = 1;
  let value = 0;
  let scale = 1;
  let digits = 0;
  let dot = false;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (dot) scale *= 10;
      digits++;
    } else if (c === 46 && !dot) dot = true;
    else return undefined;
  }
  if (digits === 0) return undefined;
  const n = value / scale;
  return negative && n !== 0 ? -n : n;
}

/** 1234 → "12.34", -5 → "-0.05". For messages and canonical text, never for arithmetic. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${whole}.${rest < 10 ? '0' : ''}${rest}`;
}
