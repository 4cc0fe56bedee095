/**
 * First start of a deployment: with no users yet, an `admin` whose generated password is written to
 * DATA_DIR/admin-password (owner-only), like the other generated secrets. The configured intake keys
 * become automation API keys so `POST /api/remittances` keeps accepting them.
 */
import path from 'node:path';
import { readOrCreateFile } from '../../../runtime/secrets';
import { AccountError } from './accounts';
import type { Identity } from './identity';
import { generatePassword } from './passwords';

export const FIRST_ADMIN_ID = 'admin';

export function adminPasswordFile(dataDir: string): string {
  return path.join(dataDir, 'admin-password');
}

export async function bootstrapIdentity(identity: Identity, opts: { dataDir: string; legacyIntakeKeys: readonly string[]; warn: (m: string) => void }): Promise<void> {
  await identity.apiKeys.syncLegacyIntakeKeys(opts.legacyIntakeKeys);
  if ((await identity.store.countUsers()) > 0) return;
  const file = adminPasswordFile(opts.dataDir);
  const password = readOrCreateFile(file, generatePassword, () => undefined).trim();
  const added = await identity.accounts.add({ id: FIRST_ADMIN_ID, displayName: 'Administrator', role: 'admin', password }).then(
    () => true,
    (err: unknown) => {
      if (err instanceof AccountError) return false; // another process of this deployment created it first
      throw err;
    },
  );
  if (added) {
    opts.warn(`Created the first user "${FIRST_ADMIN_ID}"; its password is in ${file}. Sign in at /login, then add people with \`npm run users -- add\` and change it with \`npm run users -- set-password ${FIRST_ADMIN_ID}\`.`);
  }
}
