/**
 * Picks the ledger store: PostgreSQL when DATABASE_URL is set, else the SQLite file in the data folder.
 * Synchronous, so the worker can wire its activities synchronously; the PostgreSQL store migrates before
 * its first query.
 */
import type { LedgerStore } from './ledger-store';
import { PostgresLedgerStore } from './postgres-ledger';
import { SqliteLedgerStore } from './sqlite-ledger';

export function openLedgerStore(opts: { dataDir: string; databaseUrl?: string }): LedgerStore {
  return opts.databaseUrl ? new PostgresLedgerStore(opts.databaseUrl) : SqliteLedgerStore.open(opts.dataDir);
}

/** The deployment's ledger store, from its configuration (DATA_DIR, DATABASE_URL). */
export function openConfiguredLedger(config: { dataDir: string; DATABASE_URL?: string | undefined }): LedgerStore {
  return openLedgerStore({ dataDir: config.dataDir, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
}
