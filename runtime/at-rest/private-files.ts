/**
 * Owner-only modes for everything the app writes: its folders 0700, its files 0600. The umask covers
 * what libraries create (SQLite's -wal and -shm, the Temporal dev server's database); explicit modes
 * cover our own files also when the process runs with a permissive umask (tests, embedding).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/** Sets umask 077 for this process and what it spawns (a worker thread cannot: it keeps its process's). */
export function restrictUmask(): void {
  if (isMainThread) process.umask(0o077);
}

/** mkdir -p, every folder it creates owner-only. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
}

export async function makePrivateDirAsync(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: OWNER_ONLY_DIR });
}

/** Whether group or others may read, write or enter it. */
export function isShared(mode: number): boolean {
  return (mode & 0o077) !== 0;
}

/** A temporary name beside `file` (same folder, so a rename into place is atomic), hidden and unique. */
export function tempFileBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.part`);
}

/**
 * Writes `data` owner-only under a temporary name beside `file`, then renames it into place, with
 * synchronous calls: a crash leaves no half-written file under the final name, and no await lets other
 * work in between (a sent-marker is written the moment its mail was accepted).
 */
export function writePrivateFileSync(file: string, data: string | Uint8Array): void {
  const tmp = tempFileBeside(file);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx', mode: OWNER_ONLY_FILE });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
