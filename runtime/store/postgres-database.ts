/**
 * One PostgreSQL connection pool per process and DATABASE_URL, shared by the stores that keep a
 * deployment's shared state there (ledger, identity, intake journal, documents, notification markers):
 * a pool per store would take several times the server's connections per node. Each store opens a handle with its own
 * migrations; its queries wait for them, so a store can be opened synchronously, and a migration failure
 * rejects every call with its cause. The pool ends when its last handle is closed.
 */
import { Pool, type PoolClient } from 'pg';
import type { SqlDatabase, SqlRow } from './sql-database';
import type { Migration } from './sqlite';
import { migratePostgres } from './postgres-schema';
import { inTransaction } from './postgres-transaction';

export type SqlQuery = Pick<SqlDatabase, 'query'>;

export interface PostgresDatabase extends SqlDatabase {
  readonly kind: 'postgres';
  /** `fn` runs in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
}

/** The shared SQL uses `?`; PostgreSQL wants `$1, $2, …` (no statement has a `?` inside a literal). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The server and database, never the password: for error messages. */
function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

const pools = new Map<string, { pool: Pool; handles: number }>();

function acquirePool(url: string): Pool {
  let entry = pools.get(url);
  if (!entry) {
    // Idle connections do not keep a finished command's process alive.
    const pool = new Pool({ connectionString: url, max: 10, allowExitOnIdle: true });
    // An idle connection that drops (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    entry = { pool, handles: 0 };
    pools.set(url, entry);
  }
  entry.handles++;
  return entry.pool;
}

async function releasePool(url: string): Promise<void> {
  const entry = pools.get(url);
  if (!entry || --entry.handles > 0) return;
  pools.delete(url);
  await entry.pool.end();
}

const on = (client: Pool | PoolClient): SqlQuery => ({
  async query(sql, params = []) {
    const r = await client.query(numbered(sql), params as unknown[]);
    return { rows: r.rows as SqlRow[], rowCount: r.rowCount ?? 0 };
  },
});

/** `what` names the store in the error a failed migration gives, e.g. "the identity store". */
export function openPostgres(url: string, migrations: readonly Migration[], what: string): PostgresDatabase {
  const pool = acquirePool(url);
  const migrated = migratePostgres(pool, migrations).catch((err: Error) => {
    throw new Error(`The database ${describeDatabaseUrl(url)} of ${what} could not be migrated (check DATABASE_URL and that the server is up): ${err.message}`);
  });
  // Surfaces through the next call instead of as an unhandled rejection.
  migrated.catch(() => undefined);
  let closed = false;
  const transaction: PostgresDatabase['transaction'] = async (fn) => {
    await migrated;
    return inTransaction(pool, (client) => fn(on(client)));
  };
  return {
    kind: 'postgres',
    async query(sql, params) {
      await migrated;
      return on(pool).query(sql, params);
    },
    transaction,
    async batch(statements) {
      await transaction(async (tx) => {
        for (const s of statements) await tx.query(s.sql, s.params);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await migrated.catch(() => undefined);
      await releasePool(url);
    },
  };
}
