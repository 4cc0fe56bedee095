/**
 * The ledger store's schema on PostgreSQL: the same tables and version numbers as the SQLite file
 * (ledger-schema.ts), with BIGINT cents and JSONB bodies. Migrations are applied once, in order, in one
 * transaction under an advisory lock, so two processes starting at once apply them once.
 */
import type { Pool } from 'pg';
import { ledgerMigrations, postgresColumns } from './ledger-schema';
import type { Migration } from './sqlite';
import { inTransaction } from './postgres-transaction';

export const postgresLedgerMigrations: readonly Migration[] = ledgerMigrations(postgresColumns);

/** Any constant works; it only has to differ from other advisory locks on the same database. */
const MIGRATION_LOCK = 7_310_101;

export async function migratePostgres(pool: Pool, migrations: readonly Migration[] = postgresLedgerMigrations): Promise<void> {
  await inTransaction(pool, async (client) => {
    // A second process waits here until the first commits, then finds every version applied.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
  });
}
