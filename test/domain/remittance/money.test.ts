import { describe, expect, it } from 'vitest';
import { formatCents, isDecimal, parseCents, parseCentsRounded, parseDecimal } from '../../../domain/remittance/money';

describe('parseCents', () => {
  it.each([
    ['34', 3400],
    ['34.25', 3425],
    ['34.2', 3420],
    ['34.', 3400],
    ['.5', 50],
    ['0', 0],
    ['-0', 0],
    ['-42.58', -4258],
    ['000000000000000', 0],
    ['0.29', 29],
    ['1.10', 110],
    ['1.100', 110],
    ['90071992547408.99', 9007199254740899],
  ])('%s → %i cents', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(['', '-', '.', '-.', '1e5', '0x10', ' 12', '12 ', '+5', 'Infinity', 'NaN', '1,000.00', '12.3.4', 'ONE', '8O', '1.005', '999999999999999.99', '1234567890123456789'])(
    'rejects %j',
    (text) => {
      expect(parseCents(text)).toBeUndefined();
    },
  );

  it('sums exactly where floating point would not', () => {
    const texts = ['0.1', '0.2', '0.3'];
    const float = texts.reduce((n, t) => n + Number(t), 0);
    expect(float === 0.6).toBe(false);
    expect(texts.reduce((n, t) => n + (parseCents(t) ?? NaN), 0)).toBe(60);
  });
});

describe('parseCentsRounded', () => {
  it('rounds sub-cent amounts half away from zero', () => {
    expect(parseCentsRounded('1.005')).toBe(101);
    expect(parseCentsRounded('1.004')).toBe(100);
    expect(parseCentsRounded('-1.005')).toBe(-101);
    expect(parseCentsRounded('1.00499')).toBe(100);
    expect(parseCentsRounded('1.0x5')).toBeUndefined();
  });
});

describe('parseDecimal', () => {
  it.each([
    ['1', 1],
    ['1.9', 1.9],
    ['-4', -4],
    ['.5', 0.5],
    ['0.1', 0.1],
    ['99.999', 99.999],
    ['1234567890123456789', 1234567890123456789],
  ])('%s → %d (same as Number())', (text, n) => {
    expect(parseDecimal(text)).toBe(n);
    expect(parseDecimal(text)).toBe(Number(text));
  });

  it.each(['', 'X', '1e3', '1.2.3', '-', ' 1'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  it('rejects a number too large to be finite (the fuzzer made a 74,000-digit SVC05; Infinity broke the case schema)', () => {
    expect(parseDecimal('9'.repeat(308))).toBe(Number('9'.repeat(308)));
    expect(parseDecimal('9'.repeat(309))).toBeUndefined();
    expect(parseDecimal('-' + '9'.repeat(400))).toBeUndefined();
  });

  it('isDecimal agrees', () => {
    expect(isDecimal('12.5')).toBe(true);
    expect(isDecimal('12a')).toBe(false);
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [3425, '34.25'],
    [-4258, '-42.58'],
    [100000, '1000.00'],
  ])('%i → %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
});
