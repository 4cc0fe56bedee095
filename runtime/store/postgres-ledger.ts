/**
 * The ledger store on PostgreSQL (DATABASE_URL): same tables and semantics as the SQLite store, for
 * deployments with several workers. The pool connects lazily and the schema is migrated before the first
 * query, so the store can be opened synchronously; a migration failure rejects every call with its cause.
 */
import { Pool, type PoolClient } from 'pg';
import type { CodecKeyring } from '../codec';
import type { FoldedStream, Statement } from './ledger-sql';
import { describeDatabaseUrl, numbered } from './postgres-database';
import { migratePostgres } from './postgres-schema';
import { inTransaction } from './postgres-transaction';
import { SqlLedgerStore, type Row } from './sql-ledger-store';

export class PostgresLedgerStore extends SqlLedgerStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly migrated: Promise<void>;

  constructor(url: string, keyring: CodecKeyring) {
    super(keyring);
    this.pool = new Pool({ connectionString: url, max: 10 });
    // An idle connection that drops (server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.migrated = migratePostgres(this.pool).catch((err: Error) => {
      throw new Error(`The ledger database ${describeDatabaseUrl(url)} could not be migrated (check DATABASE_URL and that the server is up): ${err.message}`);
    });
    // Surfaces through the next call instead of as an unhandled rejection.
    this.migrated.catch(() => undefined);
  }

  private async query(s: Statement, client?: PoolClient): Promise<{ rows: Row[]; rowCount: number }> {
    await this.migrated;
    const result = await (client ?? this.pool).query(numbered(s.sql), s.params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  protected async rows(s: Statement): Promise<Row[]> {
    return (await this.query(s)).rows;
  }

  protected async changes(s: Statement): Promise<number> {
    return (await this.query(s)).rowCount;
  }

  /** The read model row, locked until commit. A row that does not exist yet cannot be locked, so the first
   *  event of a subject takes an advisory lock on its key instead, and reads again once it holds it. */
  private async lockedCurrent<E, F>(client: PoolClient, stream: FoldedStream<E, F>, e: E): Promise<unknown> {
    const current = stream.current(e);
    const read = async () => (await this.query({ ...current, sql: `${current.sql} FOR UPDATE` }, client)).rows[0]?.body;
    const row = await read();
    if (row !== undefined) return row;
    await this.query({ sql: 'SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', params: [`${stream.name}:${stream.key(e)}`] }, client);
    return read();
  }

  protected async appendFolded<E extends object, F extends object>(stream: FoldedStream<E, F>, e: E): Promise<boolean> {
    await this.migrated;
    // (id, seq) alone decides whether the event is new: its sealed body differs on every append.
    const body = this.eventBody(stream, e);
    return inTransaction(this.pool, async (client) => {
      if ((await this.query(stream.insertEvent(e, body), client)).rowCount === 0) return false;
      const prev = await this.lockedCurrent(client, stream, e);
      for (const s of this.saveFolded(stream, prev, e)) await this.query(s, client);
      return true;
    });
  }

  async close(): Promise<void> {
    await this.migrated.catch(() => undefined);
    await this.pool.end();
  }
}
