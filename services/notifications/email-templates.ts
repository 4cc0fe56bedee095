/**
 * Email texts (templates/email/<kind>.txt): a "Subject:" line, a blank line, then the plain-text body.
 * {{name}} inserts a value, {{#name}}…{{/name}} keeps its content only when the value is set,
 * {{^name}}…{{/name}} only when it is not. An unknown name throws: a typo never mails an empty field.
 */
import fs from 'node:fs';
import path from 'node:path';

export type MailContext = Readonly<Record<string, string | boolean | undefined>>;

export class MailTemplateError extends Error {
  override readonly name = 'MailTemplateError';
}

const SECTION = /\{\{([#^])([A-Za-z]\w*)\}\}([\s\S]*?)\{\{\/\2\}\}/;

function value(ctx: MailContext, key: string, where: string): string | boolean | undefined {
  if (!Object.prototype.hasOwnProperty.call(ctx, key)) throw new MailTemplateError(`${where}: unknown placeholder {{${key}}}`);
  return ctx[key];
}

export function fill(template: string, ctx: MailContext, where = 'template'): string {
  let out = template;
  for (let m = SECTION.exec(out); m; m = SECTION.exec(out)) {
    const [whole, op, key, inner] = m as unknown as [string, string, string, string];
    const v = value(ctx, key, where);
    const set = v !== undefined && v !== false && v !== '';
    const keep = op === '#' ? set : !set;
    out = out.slice(0, m.index) + (keep ? inner : '') + out.slice(m.index + whole.length);
  }
  out = out.replace(/\{\{\s*([A-Za-z]\w*)\s*\}\}/g, (_, key: string) => {
    const v = value(ctx, key, where);
    return v === undefined || v === false ? '' : v === true ? 'yes' : v;
  });
  if (/\{\{|\}\}/.test(out)) throw new MailTemplateError(`${where}: unbalanced or malformed placeholder`);
  return out;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

export function renderMail(source: string, ctx: MailContext, where: string): RenderedMail {
  const filled = fill(source.replace(/\r\n?/g, '\n'), ctx, where);
  const m = /^Subject:[ \t]*(.*)\n\n([\s\S]*)$/.exec(filled);
  if (!m) throw new MailTemplateError(`${where}: expected a "Subject:" line and a blank line before the body`);
  const subject = (m[1] as string).replace(/\s+/g, ' ').trim();
  const text = (m[2] as string)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n')
    .map((line) => wrapLine(line, 72))
    .join('\n');
  return { subject, text: `${text}\n` };
}

/**
 * Wraps prose at word boundaries so that plain ASCII mail stays 7bit (no quoted-printable soft breaks in
 * the .eml). Indented lines (the key/value block) and words longer than the width (links) are kept whole.
 */
export function wrapLine(line: string, width: number): string {
  if (line.length <= width || /^\s/.test(line)) return line;
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/ +/)) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out.join('\n');
}

export function createMailTemplates(dir: string, reload = false): (name: string) => string {
  const cache = new Map<string, string>();
  return (name: string) => {
    const hit = reload ? undefined : cache.get(name);
    if (hit !== undefined) return hit;
    const file = path.join(dir, `${name}.txt`);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new MailTemplateError(`email template ${name} cannot be read from ${file}: ${(err as Error).message}`);
    }
    cache.set(name, source);
    return source;
  };
}
