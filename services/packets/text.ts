/**
 * Text helpers for the packet: WinAnsi-safe text for the standard PDF fonts, money and dates as a US
 * payer expects them.
 */

/**
 * Characters the standard fonts (WinAnsi) cannot encode, mapped to something readable. Anything else that
 * is not encodable is first reduced to its base letter (NFKD without combining marks), then replaced by '?'.
 */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u00a0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u00ad': '',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2039': '<',
  '\u203a': '>',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2194': '<->',
  '\u21d2': '=>',
  '\u2713': 'v',
  '\u2714': 'v',
  '\u2717': 'x',
  '\u2718': 'x',
  '\u2022': '\u2022',
  '\u25cf': '\u2022',
  '\u25aa': '\u2022',
  '\u2043': '-',
  '\u2116': 'No.',
  '\u2105': 'c/o',
  '\u2153': '1/3',
  '\u2154': '2/3',
  '\u215b': '1/8',
  '\u2070': '0',
  '\u2074': '4',
  '\u00b5': '\u00b5',
  '\u03bc': '\u00b5',
  '\u2103': 'C',
  '\u2109': 'F',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0131': 'i',
  '\u0126': 'H',
  '\u0127': 'h',
  '\u2028': ' ',
  '\u2029': ' ',
};

export interface TextSanitizer {
  /** WinAnsi-safe text; control characters dropped (tabs become spaces, newlines are kept). */
  (text: string): string;
}

/** A sanitizer for fonts whose character set (code points) is given, e.g. `font.getCharacterSet()`. */
export function createSanitizer(characterSet: Iterable<number>): TextSanitizer {
  const allowed = new Set(characterSet);
  const cache = new Map<string, string>();
  const fix = (ch: string): string => {
    const hit = cache.get(ch);
    if (hit !== undefined) return hit;
    let out: string;
    const cp = ch.codePointAt(0) as number;
    if (ch === '\n') out = '\n';
    else if (ch === '\t') out = ' ';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out = '';
    else if (allowed.has(cp)) out = ch;
    else if (/^\p{M}$/u.test(ch)) out = '';
    else if (REPLACEMENTS[ch] !== undefined && [...(REPLACEMENTS[ch] as string)].every((c) => allowed.has(c.codePointAt(0) as number))) out = REPLACEMENTS[ch] as string;
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out = base && base !== ch && [...base].every((c) => allowed.has(c.codePointAt(0) as number)) ? base : '?';
    }
    cache.set(ch, out);
    return out;
  };
  return (text: string) => {
    // Fast path: plain printable ASCII is always encodable.
    if (/^[\x20-\x7e\n]*$/.test(text)) return text;
    let out = '';
    for (const ch of text.normalize('NFC')) out += fix(ch);
    return out;
  };
}

/** 123456 → "$1,234.56"; negative amounts with a leading minus (as Intl's en-US currency format). */
export function money(cents: number): string {
  const abs = Math.abs(Math.round(cents));
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${cents < 0 ? '-' : ''}$${dollars}.${rest < 10 ? '0' : ''}${rest}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-03-02" → "03/02/2026" (how claims and remits print dates). */
export function usDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}

/** "2026-03-02" → "March 2, 2026" (the date line of a letter). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[(m as number) - 1]} ${d}, ${y}`;
}

/** "03/02/2026" or "03/02/2026 - 03/04/2026". */
export function dateRange(from: string, to?: string): string {
  return to && to !== from ? `${usDate(from)} \u2013 ${usDate(to)}` : usDate(from);
}

/** The UTC calendar date of an instant. */
export function isoDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** "1 page", "3 pages". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
