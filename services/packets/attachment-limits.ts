/**
 * Limits an attachment must keep before pdf-lib parses it. pdf-lib inflates object and cross-reference
 * streams while it loads a document, without a cap, in the worker's process (which may also serve the web
 * app): a small file that inflates to gigabytes (a decompression bomb) would exhaust it. So the raw bytes
 * are scanned first: every FlateDecode stream is inflated chunk by chunk against one byte budget (nothing
 * is kept), object streams may use no other filter (pdf-lib would decode LZW and the rest unchecked), and
 * page objects are counted in the file and inside its object streams.
 */
import zlib from 'node:zlib';

export interface AttachmentLimits {
  /** Pages one attachment may bring into a packet. */
  maxPages: number;
  /** Bytes all of an attachment's FlateDecode streams may inflate to, together. */
  maxInflatedBytes: number;
}

/** A 20 MB upload of scans inflates to well under this; a bomb passes it by orders of magnitude. */
export const ATTACHMENT_LIMITS: AttachmentLimits = { maxPages: 1000, maxInflatedBytes: 256 * 1024 * 1024 };

const STREAM = />>\s*stream(?:\r\n|\n|\r)?/g;
/** `/Type /Page`, not `/Pages`. */
const PAGE = /\/Type\s*\/Page(?![A-Za-z])/g;
const LOADED_BY_PDF_LIB = /\/Type\s*\/(?:ObjStm|XRef)(?![A-Za-z])/;
const OTHER_DECODERS = /\/(?:LZWDecode|ASCII85Decode|ASCIIHexDecode|RunLengthDecode)(?![A-Za-z])/;

export const pageLimitReason = (limits: AttachmentLimits) => `has more than ${limits.maxPages} pages: split it into parts of ${limits.maxPages} pages or fewer.`;
const inflateReason = (limits: AttachmentLimits) =>
  `inflates to more than ${limits.maxInflatedBytes / 1024 / 1024} MiB: it cannot be merged into a packet safely. Attach a copy saved without compression, or split it.`;

function count(pattern: RegExp, text: string): number {
  return text.match(pattern)?.length ?? 0;
}

interface Inflated {
  bytes: number;
  pages: number;
}

/**
 * Inflates the zlib stream at the start of `data` up to its own end marker (as pdf-lib's inflater does),
 * while it stays within `budget` bytes; undefined past it. Data that is not zlib, or is damaged, counts
 * what came out.
 */
function inflateWithin(data: Uint8Array, budget: number, countPages: boolean): Promise<Inflated | undefined> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const seen: Inflated = { bytes: 0, pages: 0 };
    let tail = '';
    inflate.on('data', (chunk: Buffer) => {
      seen.bytes += chunk.length;
      if (seen.bytes > budget) {
        inflate.destroy();
        return resolve(undefined);
      }
      if (!countPages) return;
      // A page object split across two chunks is still counted once: the tail is too short to hold one.
      const text = tail + chunk.toString('latin1');
      seen.pages += count(PAGE, text) - count(PAGE, tail);
      tail = text.slice(-16);
    });
    inflate.on('end', () => resolve(seen));
    inflate.on('error', () => resolve(seen));
    inflate.end(data);
  });
}

/** Why the attachment must not reach pdf-lib (a sentence about "it"), or undefined when it is within the limits. */
export async function attachmentLimitProblem(bytes: Uint8Array, limits: AttachmentLimits = ATTACHMENT_LIMITS): Promise<string | undefined> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let pages = count(PAGE, text);
  let budget = limits.maxInflatedBytes;
  let previousEnd = 0;
  for (const m of text.matchAll(STREAM)) {
    // Everything since the previous stream, so no string or comment in the dictionary can hide its /Type
    // or /Filter from this check (a stray one only makes the check stricter).
    const before = text.slice(previousEnd, m.index + 2);
    const start = m.index + m[0].length;
    previousEnd = start;
    const loadedByPdfLib = LOADED_BY_PDF_LIB.test(before);
    if (loadedByPdfLib && OTHER_DECODERS.test(before)) return 'has an object stream in an encoding other than FlateDecode; attach a copy saved again by a PDF tool.';
    if (!before.includes('FlateDecode')) continue;
    const inflated = await inflateWithin(bytes.subarray(start), budget, loadedByPdfLib);
    if (!inflated) return inflateReason(limits);
    budget -= inflated.bytes;
    pages += inflated.pages;
  }
  return pages > limits.maxPages ? pageLimitReason(limits) : undefined;
}
