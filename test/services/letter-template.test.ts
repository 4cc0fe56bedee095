import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../services/packets/blocks';
import { TemplateError, renderTemplate, type TemplateContext } from '../../services/packets/template';
import { createSanitizer } from '../../services/packets/text';
import { StandardFonts, PDFDocument } from 'pdf-lib';

const noPartials = (name: string): string => {
  throw new Error(`no partial ${name}`);
};
const plain = (blocks: Block[]) =>
  blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
      case 'paragraph':
        return `${b.kind}:${b.runs.map((r) => (r.bold ? `*${r.text}*` : r.text)).join('')}`;
      case 'bullets':
        return `bullets:${b.items.map((i) => i.map((r) => r.text).join('')).join('|')}`;
      case 'lines':
        return `lines:${b.lines.map((l) => l.map((r) => r.text).join('')).join('|')}`;
      case 'fields':
        return `fields:${b.rows.map((r) => `${r.label}=${r.value.map((v) => v.text).join('')}`).join('|')}`;
      default:
        return b.kind;
    }
  });

describe('letter template renderer', () => {
  it('renders headings, joined paragraphs, bullets, line blocks, fields, rules and the signature', () => {
    const source = [
      '# Title {{name}}',
      'First line',
      'continues **here**.',
      '',
      '- one',
      '- two',
      '  continued',
      '| {{address}}',
      '| {{empty}}',
      'Label:: {{name}}',
      'Dropped:: {{empty}}',
      '---',
      '[[signature]]',
    ].join('\n');
    const ctx: TemplateContext = { name: 'Ann', address: 'PO Box 1\nTown, ST 12345', empty: '' };
    expect(plain(renderTemplate(source, ctx, noPartials))).toEqual([
      'heading:Title Ann',
      'paragraph:First line continues *here*.',
      'bullets:one|two continued',
      'lines:PO Box 1|Town, ST 12345',
      'fields:Label=Ann',
      'rule',
      'signature',
    ]);
  });

  it('includes sections by value, nests them, and expands partials', () => {
    const partials: Record<string, string> = { _part: 'From the partial {{name}}.' };
    const source = ['{{#flag}}', 'Shown.', '{{^other}}', 'Also shown.', '{{/other}}', '{{/flag}}', '{{#other}}', 'Hidden.', '{{/other}}', '', '{{> _part}}'].join('\n');
    const blocks = renderTemplate(source, { flag: true, other: [], name: 'N' }, (n) => partials[n] as string);
    expect(plain(blocks)).toEqual(['paragraph:Shown. Also shown.', 'paragraph:From the partial N.']);
  });

  it('turns a standalone list into bullets and a multi-paragraph value into paragraphs', () => {
    const blocks = renderTemplate('{{items}}\n\n{{text}}', { items: ['a', '', 'b'], text: 'one\ntwo\n\nthree' }, noPartials);
    expect(plain(blocks)).toEqual(['bullets:a|b', 'paragraph:one two', 'paragraph:three']);
  });

  it('prints values as data: markup in a value is not interpreted', () => {
    const blocks = renderTemplate('Dear {{name}}:\n\n{{text}}', { name: '**Bob** {{x}}', text: '# not a heading\n- not a bullet' }, noPartials);
    expect(plain(blocks)).toEqual(['paragraph:Dear **Bob** {{x}}:', 'paragraph:# not a heading - not a bullet']);
  });

  it('fails loudly on an unknown placeholder or an unbalanced section', () => {
    expect(() => renderTemplate('Hello {{nmae}}', { name: 'x' }, noPartials)).toThrow(TemplateError);
    expect(() => renderTemplate('{{#name}}\nx', { name: 'x' }, noPartials)).toThrow(/never closed/);
    expect(() => renderTemplate('{{#a}}\n{{/b}}', { a: 'x', b: 'y' }, noPartials)).toThrow(/closes/);
  });

  it('every letter template and partial renders with the context keys the activity provides', () => {
    // Unknown keys throw; the packet tests render every template with full data. Here: no stray syntax.
    const dir = path.resolve(__dirname, '../../templates/letters');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md') && !f.startsWith('README'))) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      const stray = source.replace(/\{\{[#^/>!]?\s*[\w.-]+\s*\}\}|\{\{![\s\S]*?\}\}/g, '').match(/\{\{|\}\}/);
      expect(stray, file).toBeNull();
    }
  });
});

describe('WinAnsi sanitizer', () => {
  it('keeps what Helvetica can encode and replaces the rest', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const clean = createSanitizer(font.getCharacterSet());
    expect(clean('Café – “quoted” • €5 ©')).toBe('Café – “quoted” • €5 ©');
    expect(clean('Zoë\u0301 Łukasz Dvořák')).toBe('Zoë Lukasz Dvorák');
    expect(clean('x\u2192y \u2264 3 \u00a0a\tb\u0007c')).toBe('x->y <= 3 \u00a0a bc');
    expect(clean('王 🙂')).toBe('? ?');
    // The result always encodes.
    expect(() => font.encodeText(clean('Ω ≠ ∞ 𝔸 \u200b\ufeff'))).not.toThrow();
  });
});
