/**
 * Picks the ledger store: PostgreSQL when DATABASE_URL is set, else the SQLite file in the data folder.
 * Synchronous, so the worker can wire its activities synchronously; the PostgreSQL store migrates before
 * its first query. Either seals the free text of its rows with the deployment's key ring.
 */
import type { CodecKeyring } from '../codec';
import { deploymentKeyring, type KeyringConfig } from '../at-rest/keyring';
import type { LedgerStore } from './ledger-store';
import { PostgresLedgerStore } from './postgres-ledger';
import { SqliteLedgerStore } from './sqlite-ledger';

export function openLedgerStore(opts: { dataDir: string; databaseUrl?: string; keyring: CodecKeyring }): LedgerStore {
  return opts.databaseUrl ? new PostgresLedgerStore(opts.databaseUrl, opts.keyring) : SqliteLedgerStore.open(opts.dataDir, opts.keyring);
}

/** The deployment's ledger store, from its configuration (DATA_DIR, DATABASE_URL, CODEC_KEYS). */
export function openConfiguredLedger(config: KeyringConfig & { DATABASE_URL?: string | undefined }): LedgerStore {
  return openLedgerStore({ dataDir: config.dataDir, keyring: deploymentKeyring(config), ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
}
