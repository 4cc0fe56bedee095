/**
 * Streams a request body into a new file, up to a size limit. Whatever stops it (the body is too large,
 * the client goes away, the disk fills up, the folder is gone) the partial file is removed before the
 * error leaves, and the error says what happened: 413, 507 for a full disk, 400 for a body cut short;
 * anything else is rethrown as is (a 500, logged by the router).
 */
import fs from 'node:fs';
import type http from 'node:http';
import type { Writable } from 'node:stream';
import { HttpError } from './errors';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

class TooLarge extends Error {}
class CutShort extends Error {}

function writeBody(req: http.IncomingMessage, out: Writable, maxBytes: number): Promise<number> {
  let bytes = 0;
  return new Promise<number>((resolve, reject) => {
    out.on('error', reject);
    out.on('finish', () => resolve(bytes));
    req.on('error', () => reject(new CutShort()));
    req.on('aborted', () => reject(new CutShort()));
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) return reject(new TooLarge());
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('end', () => out.end());
  });
}

/**
 * The bytes written to `file` (created here; it must not exist), through `open`: a plain file by default,
 * or a writer that seals what it writes.
 */
export async function saveUpload(
  req: http.IncomingMessage,
  file: string,
  opts: { maxBytes: number; tooLarge: () => HttpError; open?: (file: string) => Writable },
): Promise<number> {
  const out = opts.open ? opts.open(file) : fs.createWriteStream(file, { flags: 'wx' });
  try {
    return await writeBody(req, out, opts.maxBytes);
  } catch (err) {
    req.removeAllListeners('data');
    out.destroy();
    // Removed once closed: a stream still opening its file would otherwise create it after the removal.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    fs.rmSync(file, { force: true });
    if (err instanceof TooLarge) throw opts.tooLarge();
    if (err instanceof CutShort) throw new HttpError(400, 'upload_incomplete', 'The upload ended before the whole body arrived: nothing was kept; send the file again.');
    if (DISK_FULL.has((err as NodeJS.ErrnoException).code ?? '')) {
      throw new HttpError(507, 'insufficient_storage', 'The disk of the upload folder on the server is full: nothing was kept. An admin must free space in DATA_DIR; then send the file again.');
    }
    throw err;
  }
}
