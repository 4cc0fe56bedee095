/**
 * Letter templates: plain text, a little markdown, {{placeholders}}. The syntax (templates/letters/README.md):
 *
 *   # Heading / ## Subheading           headings
 *   a line\nnext line                   one paragraph (lines join); a blank line ends it
 *   - item                              bullet (lines indented by two spaces continue it)
 *   | line                              a line of a line block (address): kept as is; empty lines drop out
 *   Label:: value                       a field row (label/value table); rows with an empty value drop out
 *   ---                                 horizontal rule
 *   [[signature]]   [[pagebreak]]       signature line, page break
 *   **bold**                            bold (template text only; values are never parsed)
 *   &nbsp;                              a space that never breaks a line ("42&nbsp;CFR&nbsp;405.940")
 *   {{name}}                            a value; alone on a line, a list becomes bullets and a text with
 *                                       blank lines becomes paragraphs
 *   {{#name}} … {{/name}}               the lines in between only when name is set (non-empty / true)
 *   {{^name}} … {{/name}}               … only when it is not
 *   {{> _partial}}                      the lines of templates/letters/_partial.md
 *   {{! comment }}                      dropped
 *
 * Values are data, never syntax: a patient name with "**" or "# " in it is printed as written. An unknown
 * placeholder is a template bug and throws, so a typo cannot silently print an empty field to a payer.
 */
import { hasText, type Block, type Run } from './blocks';

export type TemplateValue = string | readonly string[] | boolean | undefined;
export type TemplateContext = Readonly<Record<string, TemplateValue>>;

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** Finds a partial's source by name (`_header` → templates/letters/_header.md). */
export type PartialLoader = (name: string) => string;

const SECTION = /^\{\{([#^/])\s*([A-Za-z][\w.]*)\s*\}\}$/;
const PARTIAL = /^\{\{>\s*([\w-]+)\s*\}\}$/;
const STANDALONE = /^\{\{\s*([A-Za-z][\w.]*)\s*\}\}$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;
const COMMENT = /\{\{![\s\S]*?\}\}/g;
const FIELD = /^([^:|#\-{][^:]{0,48}?)::\s?(.*)$/;

function lookup(ctx: TemplateContext, key: string, where: string): TemplateValue {
  if (!Object.prototype.hasOwnProperty.call(ctx, key)) throw new TemplateError(`${where}: unknown placeholder {{${key}}}`);
  return ctx[key];
}

function isSet(value: TemplateValue): boolean {
  if (value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'string') return value.trim() !== '';
  return value.some((v) => v.trim() !== '');
}

function asText(value: TemplateValue): string {
  if (value === undefined || value === false) return '';
  if (value === true) return 'yes';
  if (typeof value === 'string') return value;
  return value.filter((v) => v.trim() !== '').join(', ');
}

/** Expands partials and sections and drops comments: the lines that remain are block syntax. */
function expand(source: string, ctx: TemplateContext, partial: PartialLoader, where: string, depth = 0): string[] {
  if (depth > 5) throw new TemplateError(`${where}: partials nested too deeply`);
  const out: string[] = [];
  const stack: { key: string; show: boolean; line: number }[] = [];
  const lines = source.replace(/\r\n?/g, '\n').replace(COMMENT, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    const section = SECTION.exec(trimmed);
    if (section) {
      const [, op, key] = section as unknown as [string, string, string];
      if (op === '/') {
        const open = stack.pop();
        if (!open || open.key !== key) throw new TemplateError(`${where}:${i + 1}: {{/${key}}} closes ${open ? `{{#${open.key}}}` : 'nothing'}`);
      } else {
        const set = isSet(lookup(ctx, key, `${where}:${i + 1}`));
        stack.push({ key, show: op === '#' ? set : !set, line: i + 1 });
      }
      return;
    }
    if (!stack.every((s) => s.show)) return;
    const inc = PARTIAL.exec(trimmed);
    if (inc) {
      const name = inc[1] as string;
      out.push(...expand(partial(name), ctx, partial, name, depth + 1));
      return;
    }
    out.push(line);
  });
  const open = stack.pop();
  if (open) throw new TemplateError(`${where}:${open.line}: {{#${open.key}}} is never closed`);
  return out;
}

/**
 * Inline text: `**` toggles bold in the template's own text; placeholders are replaced by their values
 * as plain runs that keep the surrounding style. `newlines` keeps line breaks of values (line blocks and
 * fields), otherwise they become spaces.
 */
function inline(template: string, ctx: TemplateContext, where: string, newlines: boolean): Run[] {
  const runs: Run[] = [];
  template.replace(/&nbsp;/g, '\u00a0').split('**').forEach((piece, i) => {
    const bold = i % 2 === 1;
    let last = 0;
    for (const m of piece.matchAll(PLACEHOLDER)) {
      if (m.index > last) runs.push({ text: piece.slice(last, m.index), bold });
      let value = asText(lookup(ctx, m[1] as string, where));
      if (!newlines) value = value.replace(/\s*\n\s*/g, ' ');
      if (value) runs.push({ text: value, bold });
      last = m.index + m[0].length;
    }
    if (last < piece.length) runs.push({ text: piece.slice(last), bold });
  });
  return runs.filter((r) => r.text !== '');
}

/** Whether a line of template text has a placeholder and all its placeholders are empty. */
function onlyEmptyPlaceholders(template: string, ctx: TemplateContext, where: string): boolean {
  const keys = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  return keys.length > 0 && keys.every((k) => !isSet(lookup(ctx, k, where)));
}

/** Renders a template to blocks. */
export function renderTemplate(source: string, ctx: TemplateContext, partial: PartialLoader, name = 'template'): Block[] {
  const lines = expand(source, ctx, partial, name);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let bullets: string[] | null = null;
  let lineBlock: Run[][] | null = null;
  let fields: { label: string; value: Run[] }[] | null = null;

  const flushParagraph = () => {
    if (paragraph.length) {
      const runs = inline(paragraph.join(' '), ctx, name, false);
      if (hasText(runs)) blocks.push({ kind: 'paragraph', runs });
    }
    paragraph = [];
  };
  const flushBullets = () => {
    if (bullets) {
      const items = bullets.filter((b) => !onlyEmptyPlaceholders(b, ctx, name)).map((b) => inline(b, ctx, name, false)).filter(hasText);
      if (items.length) blocks.push({ kind: 'bullets', items });
    }
    bullets = null;
  };
  const flushLines = () => {
    if (lineBlock?.length) blocks.push({ kind: 'lines', lines: lineBlock });
    lineBlock = null;
  };
  const flushFields = () => {
    if (fields?.length) blocks.push({ kind: 'fields', rows: fields });
    fields = null;
  };
  const flush = () => {
    flushParagraph();
    flushBullets();
    flushLines();
    flushFields();
  };

  for (const line of lines) {
    const trimmed = line.trim();
    if (bullets && /^ {2,}\S/.test(line) && !trimmed.startsWith('- ')) {
      bullets[bullets.length - 1] += ` ${trimmed}`;
      continue;
    }
    if (trimmed === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(trimmed);
    if (heading) {
      flush();
      const runs = inline(heading[2] as string, ctx, name, false);
      if (hasText(runs)) blocks.push({ kind: 'heading', level: (heading[1] as string).length as 1 | 2 | 3, runs });
      continue;
    }
    if (trimmed === '---') {
      flush();
      blocks.push({ kind: 'rule' });
      continue;
    }
    if (trimmed === '[[signature]]' || trimmed === '[[pagebreak]]') {
      flush();
      blocks.push(trimmed === '[[signature]]' ? { kind: 'signature' } : { kind: 'pagebreak' });
      continue;
    }
    if (trimmed.startsWith('- ')) {
      flushParagraph();
      flushLines();
      flushFields();
      (bullets ??= []).push(trimmed.slice(2));
      continue;
    }
    if (trimmed === '|' || trimmed.startsWith('| ')) {
      flushParagraph();
      flushBullets();
      flushFields();
      lineBlock ??= [];
      const content = trimmed.slice(2);
      if (onlyEmptyPlaceholders(content, ctx, name)) continue;
      // A value with line breaks (an address) gives several lines.
      let current: Run[] = [];
      for (const run of inline(content, ctx, name, true)) {
        const parts = run.text.split('\n');
        parts.forEach((part, i) => {
          if (i > 0) {
            if (hasText(current)) lineBlock!.push(current);
            current = [];
          }
          if (part) current.push({ ...run, text: part });
        });
      }
      if (hasText(current)) lineBlock.push(current);
      continue;
    }
    const standalone = STANDALONE.exec(trimmed);
    if (standalone) {
      flush();
      const value = lookup(ctx, standalone[1] as string, name);
      if (Array.isArray(value)) {
        const items = value.filter((v) => v.trim() !== '').map((v) => [{ text: v.replace(/\s*\n\s*/g, ' ') }]);
        if (items.length) blocks.push({ kind: 'bullets', items });
      } else {
        for (const para of asText(value).split(/\n\s*\n/)) {
          const t = para.replace(/\s*\n\s*/g, ' ').trim();
          if (t) blocks.push({ kind: 'paragraph', runs: [{ text: t }] });
        }
      }
      continue;
    }
    const field = FIELD.exec(trimmed);
    if (field) {
      flushParagraph();
      flushBullets();
      flushLines();
      const value = field[2] as string;
      if (onlyEmptyPlaceholders(value, ctx, name)) continue;
      const runs = inline(value, ctx, name, true);
      if (hasText(runs)) (fields ??= []).push({ label: (field[1] as string).trim(), value: runs });
      continue;
    }
    flushBullets();
    flushLines();
    flushFields();
    paragraph.push(trimmed);
  }
  flush();
  return blocks;
}
