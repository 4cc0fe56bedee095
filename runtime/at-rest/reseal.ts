/**
 * The one-off migration of files kept in clear by a release before encryption at rest (and, with
 * `rotate`, of files sealed with a key that is no longer the ring's first, so it can be retired): each is
 * sealed again in place, through a temporary file and a rename, keeping its modification time (the
 * retention sweep counts from it).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CodecKeyring } from '../codec';
import { tempFileBeside } from './private-files';
import { sealedKeyId } from './sealed-bytes';
import { createSealedWriteStream, openedChunks } from './sealed-stream';

async function head(file: string): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(300);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Seals `file` again when it is in clear (or, with `rotate`, under an older key); whether it did. */
export async function resealFile(file: string, keyring: CodecKeyring, rotate: boolean): Promise<boolean> {
  const keyId = sealedKeyId(await head(file));
  if (keyId !== undefined && (!rotate || keyId === keyring.active.id)) return false;
  const { mtime } = await fsp.stat(file);
  const tmp = tempFileBeside(file);
  try {
    await pipeline(Readable.from(openedChunks(file, keyring)), createSealedWriteStream(tmp, keyring));
    await fsp.utimes(tmp, mtime, mtime);
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  return true;
}

/** Every regular file below `dir` (none when it does not exist), skipping hidden names (work in progress). */
function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !path.relative(dir, e.parentPath).split(path.sep).some((p) => p.startsWith('.')))
    .map((e) => path.join(e.parentPath, e.name));
}

export async function resealFolders(dirs: readonly string[], keyring: CodecKeyring, rotate: boolean): Promise<{ checked: number; sealed: number }> {
  let checked = 0;
  let sealed = 0;
  for (const dir of dirs) {
    for (const file of filesBelow(dir)) {
      checked++;
      if (await resealFile(file, keyring, rotate)) sealed++;
    }
  }
  return { checked, sealed };
}
