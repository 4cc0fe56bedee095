/**
 * Files kept sealed under the data folder: written whole (reports), read whole, or moved in from
 * elsewhere (an 835 taken from the inbox). Each is written to a temporary name and renamed, so a crash
 * leaves no half-written file under its final name, and each is owner-only.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { CodecKeyring } from '../codec';
import { OWNER_ONLY_FILE, tempFileBeside, writePrivateFileSync } from './private-files';
import { isSealed, openBytes, sealBytes } from './sealed-bytes';
import { createSealedWriteStream } from './sealed-stream';

export function writeSealedFile(file: string, keyring: CodecKeyring, data: string | Uint8Array): void {
  writePrivateFileSync(file, sealBytes(keyring, typeof data === 'string' ? Buffer.from(data) : data));
}

/** The plaintext of a kept file, sealed or (kept by an older release) plain. */
export function readOpenedFile(file: string, keyring: CodecKeyring): Buffer {
  return openBytes(keyring, fs.readFileSync(file), file);
}

/** Moves `src` to `dest` sealed: streamed through the cipher when it is plain, renamed when it is sealed already. */
export async function moveSealed(src: string, dest: string, keyring: CodecKeyring): Promise<void> {
  const head = Buffer.alloc(8);
  const fh = await fsp.open(src, 'r');
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  if (isSealed(head)) {
    await fsp.rename(src, dest);
    await fsp.chmod(dest, OWNER_ONLY_FILE);
    // Its age is counted from now, the time it was kept (the retention sweep reads it), like a sealed copy's.
    const now = new Date();
    await fsp.utimes(dest, now, now);
    return;
  }
  const tmp = tempFileBeside(dest);
  try {
    await pipeline(fs.createReadStream(src), createSealedWriteStream(tmp, keyring));
    await fsp.rename(tmp, dest);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  await fsp.rm(src, { force: true });
}
