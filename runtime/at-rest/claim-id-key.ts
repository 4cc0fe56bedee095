/**
 * The deployment's claim-id key: the root of the keyed hashes that name a claim's workflow and that make
 * the search index (search-index.ts). It never changes for a deployment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readOrCreateSecret } from '../secrets';

const keyFile = (dataDir: string) => path.join(dataDir, 'denial-id-key');

/** The deployment's key if there is one yet, without creating it (a dry run records nothing). */
export function existingClaimIdKey(opts: { configured?: string; dataDir: string }): Buffer | undefined {
  if (opts.configured) return Buffer.from(opts.configured, 'base64');
  const file = keyFile(opts.dataDir);
  return fs.existsSync(file) ? Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url') : undefined;
}

/**
 * The deployment's claim-id key: DENIAL_ID_KEY or the key file when there is one, else (embedded only) a
 * key generated once under the data folder. It must never change for a deployment: a new key maps every
 * claim to a new workflow id.
 */
export function loadClaimIdKey(opts: { configured?: string; dataDir: string; embedded: boolean; warn: (m: string) => void }): Buffer {
  const existing = existingClaimIdKey(opts);
  if (existing) return existing;
  if (!opts.embedded) {
    throw new Error('DENIAL_ID_KEY is required when joining a Temporal cluster: set it to a base64 key of 32 bytes or more, the same on every node, and never change it.');
  }
  const file = keyFile(opts.dataDir);
  const secret = readOrCreateSecret(file, 32, () =>
    opts.warn(`Generated the claim-id key in ${file}; keep it with the data: a new key would map every claim to a new workflow.`),
  );
  return Buffer.from(secret, 'base64url');
}
