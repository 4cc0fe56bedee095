/**
 * The text drawn on each page of a PDF, read back from its content streams: enough to check what pdf-lib
 * wrote (hex or literal strings shown with Tj/TJ, WinAnsi), without a PDF text extractor.
 */
import zlib from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib';

const CP1252_HIGH: Record<number, string> = { 0x91: '\u2018', 0x92: '\u2019', 0x93: '\u201c', 0x94: '\u201d', 0x95: '\u2022', 0x96: '\u2013', 0x97: '\u2014' };

function decodeWinAnsi(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += CP1252_HIGH[b] ?? String.fromCharCode(b);
  return out;
}

function streamText(doc: PDFDocument, obj: PDFObject | undefined): string {
  const stream = obj ? doc.context.lookup(obj) : undefined;
  if (!(stream instanceof PDFRawStream)) return '';
  const filter = stream.dict.get(PDFName.of('Filter'));
  const raw = Buffer.from(stream.contents);
  return (filter ? zlib.inflateSync(raw) : raw).toString('latin1');
}

/** Strings shown on a page, one entry per Tj, in drawing order. */
export function showStrings(content: string): string[] {
  const out: string[] = [];
  for (const m of content.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\((?:[^()\\]|\\.)*\)\s*Tj/g)) {
    if (m[1] !== undefined) out.push(decodeWinAnsi(Buffer.from(m[1].replace(/\s+/g, ''), 'hex')));
    else out.push(decodeWinAnsi(Buffer.from(m[0].replace(/^\(|\)\s*Tj$/g, '').replace(/\\([()\\])/g, '$1'), 'latin1')));
  }
  return out;
}

export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const parts = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    return parts.map((p) => showStrings(streamText(doc, p)).join('\n')).join('\n');
  });
}
