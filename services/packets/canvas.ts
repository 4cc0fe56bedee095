/**
 * A page's drawing as one PDF content stream, written directly.
 *
 * pdf-lib's drawText builds an operator object per number, registers a font resource per call, and
 * deflates every stream with a JavaScript zlib when the document is saved; for text-heavy pages that is
 * most of a packet's cost. Here text, lines and rectangles are appended as content-stream text, each page
 * registers its fonts once, and the stream is stored as a raw stream that pdf-lib copies as is (deflated
 * with Node's zlib when it is large). Existing content (a merged attachment page) is wrapped in q/Q first,
 * so whatever graphics state it leaves behind cannot move or recolor what is drawn on top.
 */
import zlib from 'node:zlib';
import { PDFArray, PDFDict, PDFName, type PDFContext, type PDFDocument, type PDFFont, type PDFPage, type PDFRef, type RGB } from 'pdf-lib';

/** Unicode character → WinAnsi byte, learned from the standard font encoder (the same for all Helvetica faces). */
const WIN_ANSI = new Map<string, string>();

function winAnsiByte(font: PDFFont, ch: string): string {
  let b = WIN_ANSI.get(ch);
  if (b === undefined) {
    const hex = font.encodeText(ch).asString();
    b = String.fromCharCode(parseInt(hex.slice(0, 2), 16));
    WIN_ANSI.set(ch, b);
  }
  return b;
}

const PLAIN = /^[\x20-\x27\x2a-\x5b\x5d-\x7e]*$/;

/** A PDF literal string of WinAnsi bytes (as a latin1 JS string). Text must already be sanitized. */
function literal(font: PDFFont, text: string): string {
  if (PLAIN.test(text)) return `(${text})`;
  let out = '(';
  for (const ch of text) {
    const b = ch.charCodeAt(0) < 0x80 ? ch : winAnsiByte(font, ch);
    out += b === '(' || b === ')' || b === '\\' ? `\\${b}` : b;
  }
  return `${out})`;
}

/** Two decimals are plenty at 1/72 inch; String() of a rounded number never uses exponents here. */
const num = (n: number): string => String(Math.round(n * 100) / 100);

const COLORS = new WeakMap<RGB, string>();
const rgb3 = (c: RGB): string => {
  let s = COLORS.get(c);
  if (s === undefined) {
    s = `${num(c.red)} ${num(c.green)} ${num(c.blue)}`;
    COLORS.set(c, s);
  }
  return s;
};

const RESOURCES = PDFName.of('Resources');
const FONT = PDFName.of('Font');
const CONTENTS = PDFName.of('Contents');
const FONT_NAMES = new Map<string, PDFName>();
const nameOf = (key: string): PDFName => {
  let n = FONT_NAMES.get(key);
  if (!n) FONT_NAMES.set(key, (n = PDFName.of(key)));
  return n;
};

/**
 * Streams shorter than this are stored uncompressed. A page of letter text is 2-5 KB of operators; deflating
 * it saves about half of that but costs a fifth of the packet's build time (zlib handle per stream). The
 * packet's size is the attachments' anyway. Dense pages (long tables) are still compressed.
 */
const COMPRESS_FROM = 16 * 1024;

const WRAPPERS = new WeakMap<PDFContext, { push: PDFRef; pop: PDFRef }>();
function wrappers(doc: PDFDocument): { push: PDFRef; pop: PDFRef } {
  let w = WRAPPERS.get(doc.context);
  if (!w) {
    w = { push: doc.context.register(doc.context.stream('q\n')), pop: doc.context.register(doc.context.stream('\nQ\n')) };
    WRAPPERS.set(doc.context, w);
  }
  return w;
}

export class PageCanvas {
  private readonly ops: string[] = [];
  /** Font → its resource name on this page. */
  private readonly names = new Map<PDFFont, string>();

  /** Registers the fonts in the page's resources (possibly inherited), never shadowing a name the page has. */
  constructor(
    private readonly doc: PDFDocument,
    private readonly page: PDFPage,
    fonts: readonly PDFFont[],
  ) {
    const context = doc.context;
    const node = page.node;
    const resources = context.lookupMaybe(node.getInheritableAttribute(RESOURCES), PDFDict) ?? context.obj({});
    node.set(RESOURCES, resources);
    const fontDict = resources.lookupMaybe(FONT, PDFDict) ?? context.obj({});
    resources.set(FONT, fontDict);
    fonts.forEach((font, i) => {
      const taken = (key: string) => {
        const existing = fontDict.get(nameOf(key));
        return existing !== undefined && existing !== font.ref;
      };
      let name = `DnF${i + 1}`;
      for (let n = 1; taken(name); n++) name = `DnF${i + 1}_${n}`;
      fontDict.set(nameOf(name), font.ref);
      this.names.set(font, name);
    });
  }

  text(s: string, x: number, y: number, font: PDFFont, size: number, color: RGB, rotateDegrees = 0): void {
    if (!s) return;
    const name = this.names.get(font);
    if (!name) throw new Error(`font ${font.name} is not registered on this canvas`);
    let matrix = `1 0 0 1 ${num(x)} ${num(y)}`;
    if (rotateDegrees) {
      const r = (rotateDegrees * Math.PI) / 180;
      const [c, sn] = [Math.cos(r), Math.sin(r)];
      matrix = `${num(c)} ${num(sn)} ${num(-sn)} ${num(c)} ${num(x)} ${num(y)}`;
    }
    this.ops.push(`BT /${name} ${num(size)} Tf ${rgb3(color)} rg ${matrix} Tm ${literal(font, s)} Tj ET`);
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness: number, color: RGB): void {
    this.ops.push(`q ${rgb3(color)} RG ${num(thickness)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S Q`);
  }

  /** A filled rectangle with its lower-left corner at (x, y), rotated about that corner. */
  rect(x: number, y: number, width: number, height: number, color: RGB, rotateDegrees = 0): void {
    if (!rotateDegrees) {
      this.ops.push(`q ${rgb3(color)} rg ${num(x)} ${num(y)} ${num(width)} ${num(height)} re f Q`);
      return;
    }
    const r = (rotateDegrees * Math.PI) / 180;
    const [c, s] = [Math.cos(r), Math.sin(r)];
    this.ops.push(`q ${rgb3(color)} rg ${num(c)} ${num(s)} ${num(-s)} ${num(c)} ${num(x)} ${num(y)} cm 0 0 ${num(width)} ${num(height)} re f Q`);
  }

  get empty(): boolean {
    return this.ops.length === 0;
  }

  /** Adds the drawing to the page as one content stream (after the page's own content, inside q … Q). */
  flush(): void {
    if (!this.ops.length) return;
    const { doc, page } = this;
    const context = doc.context;
    const node = page.node;
    const content = Buffer.from(this.ops.join('\n'), 'latin1');
    this.ops.length = 0;
    const stream =
      content.length < COMPRESS_FROM ? context.stream(content) : context.stream(zlib.deflateSync(content, { level: 1, windowBits: 11, memLevel: 4 }), { Filter: 'FlateDecode' });
    const ref = context.register(stream);

    const existing = node.get(CONTENTS);
    const resolved = existing ? context.lookup(existing) : undefined;
    let contents: PDFArray;
    if (resolved instanceof PDFArray) contents = resolved;
    else {
      contents = context.obj([]);
      if (existing) contents.push(existing);
    }
    if (contents.size() > 0) {
      const { push, pop } = wrappers(doc);
      contents.insert(0, push);
      contents.push(pop);
    }
    contents.push(ref);
    node.set(CONTENTS, contents);
  }
}
