/**
 * Server-rendered HTML without a template engine: a tagged template that escapes every interpolated value
 * unless it is already `Html` (built by this same tag), so a payer name or a note can never inject markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

/** Markup we produced ourselves (an SVG chart, for example); never user input. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** Query string for a link, dropping empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const usd = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const percent = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const WORDS: Record<string, string> = { ar: 'AR', cdi: 'CDI', edi: 'EDI', pos: 'POS', cob: 'COB' };

/** "snake_case" → "Snake case", with the trade's abbreviations kept ("ar_follow_up" → "AR follow up"). */
export const humanize = (id: string) => {
  const words = id.replace(/[_-]+/g, ' ').trim().split(' ').map((w) => WORDS[w.toLowerCase()] ?? w);
  const s = words.join(' ');
  return WORDS[words[0]?.toLowerCase() ?? ''] ? s : s.charAt(0).toUpperCase() + s.slice(1);
};
