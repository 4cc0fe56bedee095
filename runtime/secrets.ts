/**
 * Secrets that the embedded default generates for itself on first run (never for a cluster deployment,
 * which must supply its own): written once under the data folder, readable by the owner only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, OWNER_ONLY_FILE } from './at-rest/private-files';

/** Reads `file`, creating it (owner-only, exactly once across processes) with `create()` when absent. */
export function readOrCreateFile(file: string, create: () => string, onCreate: () => void): string {
  if (!fs.existsSync(file)) {
    makePrivateDir(path.dirname(file));
    try {
      fs.writeFileSync(file, create(), { mode: OWNER_ONLY_FILE, flag: 'wx' });
      onCreate();
    } catch (err) {
      // another process of this deployment created it first: use theirs
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return fs.readFileSync(file, 'utf8');
}

/** Reads the secret in `file`, creating it with `bytes` random bytes (base64url) when absent. */
export function readOrCreateSecret(file: string, bytes: number, onCreate: () => void): string {
  return readOrCreateFile(file, () => crypto.randomBytes(bytes).toString('base64url'), onCreate).trim();
}
