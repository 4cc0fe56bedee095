/**
 * Lays blocks out on US Letter pages with pdf-lib and the standard Helvetica fonts: word wrap, headings
 * kept with what follows, tables that repeat their header on a new page. A dry run (no document pages)
 * counts the pages a section will take, so the document index can print page numbers before the pages
 * exist.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import type { Align, Block, Run, TableColumn } from './blocks';
import { PageCanvas } from './canvas';
import { createSanitizer, type TextSanitizer } from './text';

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

export interface PageStyle {
  width: number;
  height: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** US Letter, one-inch side margins; the bottom margin leaves room for the footer. */
export const LETTER_PAGE: PageStyle = { width: 612, height: 792, top: 60, bottom: 64, left: 72, right: 72 };

const INK = rgb(0.08, 0.08, 0.1);
const MUTED = rgb(0.35, 0.35, 0.4);
const LINE = rgb(0.72, 0.72, 0.76);
const HEADER_FILL = rgb(0.9, 0.91, 0.94);
const BODY = 10;
const LEADING = 1.36;

const HEADING = { 1: { size: 14, before: 12, after: 6 }, 2: { size: 11.5, before: 10, after: 4 }, 3: { size: BODY, before: 8, after: 2 } } as const;

interface Piece {
  text: string;
  font: PDFFont;
}
interface Word {
  pieces: Piece[];
  width: number;
  spaceBefore: boolean;
}
interface Segment {
  text: string;
  font: PDFFont;
  x: number;
}
interface TableRow {
  wrapped: TextLine[][];
  height: number;
}
export interface TextLine {
  segments: Segment[];
  width: number;
}

/** Line breaks and runs of spaces, kept by split() as separators. */
const TOKENS = /(\n|[ ]+)/;

/** Glyph widths by standard font name (they never change), shared by every packet. */
const WIDTHS = new Map<string, Float32Array>();
let SANITIZER: TextSanitizer | null = null;

/** Character widths of the standard fonts (no kerning: PDF viewers do not kern Tj text either). */
export class Metrics {
  readonly sanitize: TextSanitizer;
  /** Wrapped lines of one-run texts (table cells, labels) by width, size and style, then by text. */
  private readonly wrappedText = new Map<string, Map<string, TextLine[]>>();
  /** Wrapped lines of a block's runs (same array in the dry run, measure and the real run) by width and size. */
  private readonly wrappedRuns = new WeakMap<readonly Run[], Map<string, TextLine[]>>();

  constructor(readonly fonts: Fonts) {
    this.sanitize = SANITIZER ??= createSanitizer(fonts.regular.getCharacterSet());
  }

  /** Width of sanitized text (every character encodable, so all in the Basic Multilingual Plane). */
  width(text: string, font: PDFFont, size: number): number {
    let table = WIDTHS.get(font.name);
    if (!table) {
      table = new Float32Array(0x10000).fill(-1);
      WIDTHS.set(font.name, table);
    }
    let total = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let w = table[code] as number;
      if (w < 0) {
        w = font.widthOfTextAtSize(text.charAt(i), 1000);
        table[code] = w;
      }
      total += w;
    }
    return (total * size) / 1000;
  }

  fontOf(run: Run): PDFFont {
    return run.bold ? this.fonts.bold : run.italic ? this.fonts.italic : this.fonts.regular;
  }

  /** Wraps styled runs to lines no wider than `width`; '\n' in a run forces a line break. */
  wrap(runs: readonly Run[], width: number, size: number, forceBold = false): TextLine[] {
    let cache: Map<string, TextLine[]> | undefined;
    let key: string;
    if (runs.length === 1) {
      // One-run texts (cells, labels): keyed by the text itself, whose hash V8 keeps on the string.
      const r = runs[0] as Run;
      const shape = `${width}|${size}|${forceBold || r.bold ? 'b' : ''}${r.italic ? 'i' : ''}`;
      cache = this.wrappedText.get(shape);
      if (!cache) this.wrappedText.set(shape, (cache = new Map()));
      key = r.text;
    } else {
      cache = this.wrappedRuns.get(runs);
      if (!cache) this.wrappedRuns.set(runs, (cache = new Map()));
      key = `${width}|${size}|${forceBold ? 1 : 0}`;
    }
    let lines = cache.get(key);
    if (!lines) {
      lines = this.wrapUncached(runs, width, size, forceBold);
      cache.set(key, lines);
    }
    return lines;
  }

  private wrapUncached(runs: readonly Run[], width: number, size: number, forceBold: boolean): TextLine[] {
    // Words (runs of non-space text, possibly in several fonts), grouped by forced line breaks.
    const paragraphs: Word[][] = [];
    let words: Word[] = [];
    let pendingSpace = false;
    let current: Word | null = null;
    for (const run of runs) {
      const font = forceBold ? this.fonts.bold : this.fontOf(run);
      const tokens = this.sanitize(run.text).split(TOKENS);
      for (const token of tokens) {
        if (token === '') continue;
        if (token === '\n') {
          paragraphs.push(words);
          words = [];
          current = null;
          pendingSpace = false;
        } else if (token.charCodeAt(0) === 32) {
          pendingSpace = true;
          current = null;
        } else if (current && !pendingSpace) {
          current.pieces.push({ text: token, font });
          current.width += this.width(token, font, size);
        } else {
          current = { pieces: [{ text: token, font }], width: this.width(token, font, size), spaceBefore: pendingSpace && words.length > 0 };
          words.push(current);
          pendingSpace = false;
        }
      }
    }
    paragraphs.push(words);

    const lines: TextLine[] = [];
    for (const para of paragraphs) {
      let line: TextLine = { segments: [], width: 0 };
      for (const word of para) {
        const parts = word.width > width ? this.splitWord(word, width, size) : [word];
        for (const part of parts) {
          const first = part.pieces[0] as Piece;
          let space = part.spaceBefore && line.segments.length ? this.width(' ', first.font, size) : 0;
          if (line.segments.length && line.width + space + part.width > width) {
            lines.push(line);
            line = { segments: [], width: 0 };
            space = 0;
          }
          let x = line.width + space;
          for (let i = 0; i < part.pieces.length; i++) {
            const piece = part.pieces[i] as Piece;
            const last = line.segments[line.segments.length - 1];
            if (last && last.font === piece.font) last.text += (i === 0 && space ? ' ' : '') + piece.text;
            else line.segments.push({ text: piece.text, font: piece.font, x });
            x += this.width(piece.text, piece.font, size);
          }
          line.width = x;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  /** A word wider than the line (a long URL or reference) broken between characters. */
  private splitWord(word: Word, width: number, size: number): Word[] {
    const parts: Word[] = [];
    let part: Word = { pieces: [], width: 0, spaceBefore: word.spaceBefore };
    for (const piece of word.pieces) {
      for (const ch of piece.text) {
        const w = this.width(ch, piece.font, size);
        if (part.width + w > width && part.pieces.length) {
          parts.push(part);
          part = { pieces: [], width: 0, spaceBefore: false };
        }
        const last = part.pieces[part.pieces.length - 1];
        if (last && last.font === piece.font) last.text += ch;
        else part.pieces.push({ text: ch, font: piece.font });
        part.width += w;
      }
    }
    if (part.pieces.length) parts.push(part);
    return parts;
  }
}

/**
 * Flows blocks onto pages. In a dry run nothing is drawn and no page is added; `pages` still counts
 * the pages the blocks take.
 */
export class Flow {
  pages = 0;
  /** The pages drawn, with their drawing (flushed into the document later, together with the footer). */
  readonly drawn: { page: PDFPage; canvas: PageCanvas }[] = [];
  private canvas: PageCanvas | null = null;
  private y = 0;
  private atTop = true;

  constructor(
    private readonly doc: PDFDocument,
    readonly metrics: Metrics,
    private readonly style: PageStyle = LETTER_PAGE,
    private readonly dryRun = false,
  ) {}

  get textWidth(): number {
    return this.style.width - this.style.left - this.style.right;
  }

  private get fullHeight(): number {
    return this.style.height - this.style.top - this.style.bottom;
  }

  private get room(): number {
    return this.y - this.style.bottom;
  }

  newPage(): void {
    this.pages += 1;
    if (!this.dryRun) {
      const page = this.doc.addPage([this.style.width, this.style.height]);
      const { regular, bold, italic } = this.metrics.fonts;
      this.canvas = new PageCanvas(this.doc, page, [regular, bold, italic]);
      this.drawn.push({ page, canvas: this.canvas });
    }
    this.y = this.style.height - this.style.top;
    this.atTop = true;
  }

  /** Moves to a new page unless `height` still fits (or the page is fresh). */
  private ensure(height: number): void {
    if (this.pages === 0 || (height > this.room && !this.atTop)) this.newPage();
  }

  private gap(points: number): void {
    if (!this.atTop) this.y -= points;
  }

  private drawLine(line: TextLine, x: number, baseline: number, size: number, color: RGB = INK): void {
    if (!this.canvas) return;
    for (const seg of line.segments) this.canvas.text(seg.text, x + seg.x, baseline, seg.font, size, color);
  }

  /**
   * Draws wrapped lines from the current position, breaking pages between lines. With `tail`, the last
   * `tail.lines` lines stay on one page with `tail.extra` points of what follows (a letter's closing).
   */
  private textLines(
    lines: TextLine[],
    x: number,
    size: number,
    leading: number,
    align: Align = 'left',
    width = this.textWidth,
    color: RGB = INK,
    tail?: { lines: number; extra: number },
  ): void {
    lines.forEach((line, i) => {
      if (tail && lines.length - i === Math.min(tail.lines, lines.length)) {
        const need = (lines.length - i) * leading + tail.extra;
        if (need <= this.fullHeight) this.ensure(need);
      }
      this.ensure(leading);
      const dx = align === 'right' ? width - line.width : align === 'center' ? (width - line.width) / 2 : 0;
      this.drawLine(line, x + dx, this.y - size, size, color);
      this.y -= leading;
      this.atTop = false;
    });
  }

  render(blocks: readonly Block[]): void {
    if (this.pages === 0) this.newPage();
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i] as Block;
      const [next, sig, after] = [blocks[i + 1], blocks[i + 2], blocks[i + 3]];
      const keep = this.keepHeight(block, next, sig);
      if (keep > 0 && keep <= this.fullHeight) this.ensure(keep);
      // The paragraph before a closing ("Sincerely," + signature) keeps two lines with it.
      const closing = block.kind === 'paragraph' && next?.kind === 'paragraph' && sig?.kind === 'signature';
      this.block(block, closing ? { lines: 2, extra: this.measure(next) + this.measure(sig) + (after ? this.measure(after) : 0) } : undefined);
    }
  }

  /** Height that must fit on the current page together: a heading with the start of what follows, a closing line with the signature. */
  private keepHeight(block: Block, next: Block | undefined, after: Block | undefined): number {
    if (block.kind === 'heading') {
      const h = HEADING[block.level];
      return h.before + h.size * LEADING * 2 + h.after + (next ? Math.min(this.measure(next), BODY * LEADING * 3) : 0);
    }
    if (block.kind === 'paragraph' && next?.kind === 'signature') {
      return this.measure(block) + this.measure(next) + (after ? this.measure(after) : 0);
    }
    if (block.kind === 'fields' || block.kind === 'lines') return Math.min(this.measure(block), this.fullHeight);
    return 0;
  }

  /** The height a block takes (ignoring page breaks). */
  measure(block: Block): number {
    const w = this.textWidth;
    switch (block.kind) {
      case 'heading': {
        const h = HEADING[block.level];
        return h.before + this.metrics.wrap(block.runs, w, h.size, true).length * h.size * LEADING + h.after;
      }
      case 'paragraph': {
        const size = block.size ?? BODY;
        return this.metrics.wrap(block.runs, w, size).length * size * LEADING + 8;
      }
      case 'lines': {
        const size = block.size ?? BODY;
        return block.lines.reduce((n, l) => n + this.metrics.wrap(l, w, size).length, 0) * size * 1.25 + 8;
      }
      case 'bullets':
        return block.items.reduce((n, item) => n + this.metrics.wrap(item, w - 16, BODY).length * BODY * LEADING + 3, 0) + 6;
      case 'fields': {
        const { labelWidth } = this.fieldColumns(block.rows);
        return block.rows.reduce((n, r) => n + Math.max(1, this.metrics.wrap(r.value, w - labelWidth, BODY).length) * BODY * LEADING + 1, 0) + 8;
      }
      case 'signature':
        return 44;
      case 'rule':
        return 14;
      case 'space':
        return block.points;
      case 'table':
        return 40;
      case 'pagebreak':
        return 0;
    }
  }

  private block(block: Block, tail?: { lines: number; extra: number }): void {
    const m = this.metrics;
    const left = this.style.left;
    switch (block.kind) {
      case 'heading': {
        const h = HEADING[block.level];
        this.gap(h.before);
        this.textLines(m.wrap(block.runs, this.textWidth, h.size, true), left, h.size, h.size * LEADING);
        this.y -= h.after;
        break;
      }
      case 'paragraph': {
        const size = block.size ?? BODY;
        this.textLines(m.wrap(block.runs, this.textWidth, size), left, size, size * LEADING, 'left', this.textWidth, INK, tail);
        this.y -= 8;
        break;
      }
      case 'lines': {
        const size = block.size ?? BODY;
        for (const line of block.lines) this.textLines(m.wrap(line, this.textWidth, size), left, size, size * 1.25);
        this.y -= 8;
        break;
      }
      case 'bullets': {
        for (const item of block.items) {
          const lines = m.wrap(item, this.textWidth - 16, BODY);
          this.ensure(BODY * LEADING);
          this.canvas?.text('\u2022', left + 4, this.y - BODY, m.fonts.regular, BODY, INK);
          this.textLines(lines, left + 16, BODY, BODY * LEADING, 'left', this.textWidth - 16);
          this.y -= 3;
        }
        this.y -= 6;
        break;
      }
      case 'fields': {
        const { labelWidth } = this.fieldColumns(block.rows);
        for (const row of block.rows) {
          const label = m.wrap([{ text: row.label, bold: true }], labelWidth - 10, BODY);
          const value = m.wrap(row.value, this.textWidth - labelWidth, BODY);
          const lines = Math.max(label.length, value.length);
          this.ensure(lines * BODY * LEADING);
          const top = this.y;
          label.forEach((l, i) => this.drawLine(l, left, top - BODY - i * BODY * LEADING, BODY, MUTED));
          value.forEach((l, i) => this.drawLine(l, left + labelWidth, top - BODY - i * BODY * LEADING, BODY));
          this.y = top - lines * BODY * LEADING - 1;
          this.atTop = false;
        }
        this.y -= 8;
        break;
      }
      case 'rule': {
        this.ensure(14);
        this.canvas?.line(left, this.y - 4, left + this.textWidth, this.y - 4, 0.75, LINE);
        this.y -= 14;
        this.atTop = false;
        break;
      }
      case 'signature': {
        this.ensure(44);
        this.y -= 36;
        this.canvas?.line(left, this.y, left + 200, this.y, 0.6, INK);
        this.y -= 8;
        this.atTop = false;
        break;
      }
      case 'space':
        this.gap(block.points);
        break;
      case 'pagebreak':
        this.newPage();
        break;
      case 'table':
        this.table(block.columns, block.rows, block.footer, block.size ?? 8.5);
        break;
    }
  }

  private fieldColumns(rows: readonly { label: string }[]): { labelWidth: number } {
    const widest = Math.max(0, ...rows.map((r) => this.metrics.width(this.metrics.sanitize(r.label), this.metrics.fonts.bold, BODY)));
    return { labelWidth: Math.min(widest + 14, this.textWidth * 0.42) };
  }

  private tableRow(cells: readonly string[], bold: boolean, widths: readonly number[], pad: number, size: number, leading: number): TableRow {
    const wrapped: TextLine[][] = [];
    let lines = 1;
    for (let i = 0; i < widths.length; i++) {
      const w = this.metrics.wrap([{ text: cells[i] ?? '', bold }], (widths[i] as number) - 2 * pad, size);
      wrapped.push(w);
      if (w.length > lines) lines = w.length;
    }
    return { wrapped, height: lines * leading + 2 * pad };
  }

  private drawTableRow(row: TableRow, columns: readonly TableColumn[], widths: readonly number[], pad: number, size: number, leading: number, fill?: RGB): void {
    const left = this.style.left;
    const top = this.y;
    if (fill) this.canvas?.rect(left, top - row.height, this.textWidth, row.height, fill);
    let x = left;
    for (let i = 0; i < row.wrapped.length; i++) {
      const w = widths[i] as number;
      const align = columns[i]?.align ?? 'left';
      const lines = row.wrapped[i] as TextLine[];
      for (let j = 0; j < lines.length; j++) {
        const line = lines[j] as TextLine;
        const dx = align === 'right' ? w - 2 * pad - line.width : align === 'center' ? (w - 2 * pad - line.width) / 2 : 0;
        this.drawLine(line, x + pad + dx, top - pad - size - j * leading + 1.5, size);
      }
      x += w;
    }
    this.y = top - row.height;
    this.canvas?.line(left, this.y, left + this.textWidth, this.y, 0.4, LINE);
    this.atTop = false;
  }

  private table(columns: readonly TableColumn[], rows: readonly string[][], footer: readonly string[] | undefined, size: number): void {
    const total = columns.reduce((n, c) => n + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * this.textWidth);
    const pad = 3;
    const leading = size * 1.28;
    const header = this.tableRow(
      columns.map((c) => c.header),
      true,
      widths,
      pad,
      size,
      leading,
    );
    const first = rows[0] ? this.tableRow(rows[0], false, widths, pad, size, leading) : null;
    this.ensure(header.height + (first?.height ?? 0));
    this.drawTableRow(header, columns, widths, pad, size, leading, HEADER_FILL);
    const all = footer ? [...rows, footer] : rows;
    for (let i = 0; i < all.length; i++) {
      const isFooter = footer !== undefined && i === all.length - 1;
      const row = i === 0 && first && !isFooter ? first : this.tableRow(all[i] as string[], isFooter, widths, pad, size, leading);
      if (row.height > this.room) {
        // A new page repeats the header.
        this.newPage();
        this.drawTableRow(header, columns, widths, pad, size, leading, HEADER_FILL);
      }
      this.drawTableRow(row, columns, widths, pad, size, leading);
    }
    this.y -= 12;
  }
}
