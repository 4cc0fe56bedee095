/**
 * The ledger store on PostgreSQL (DATABASE_URL): same tables and semantics as the SQLite store, for
 * deployments with several workers. It shares the process's pool for the URL (postgres-database.ts), whose
 * queries wait for the ledger's migrations; a migration failure rejects every call with its cause.
 */
import type { CodecKeyring } from '../codec';
import type { FoldedStream, Statement } from './ledger-sql';
import { openPostgres, type PostgresDatabase, type SqlQuery } from './postgres-database';
import { postgresLedgerMigrations } from './postgres-schema';
import { SqlLedgerStore, type Row } from './sql-ledger-store';

export class PostgresLedgerStore extends SqlLedgerStore {
  readonly kind = 'postgres' as const;
  private readonly db: PostgresDatabase;

  constructor(url: string, keyring: CodecKeyring) {
    super(keyring);
    this.db = openPostgres(url, postgresLedgerMigrations, 'the ledger');
  }

  private async query(s: Statement, on: SqlQuery = this.db): Promise<{ rows: Row[]; rowCount: number }> {
    return on.query(s.sql, s.params);
  }

  protected async rows(s: Statement): Promise<Row[]> {
    return (await this.query(s)).rows;
  }

  protected async changes(s: Statement): Promise<number> {
    return (await this.query(s)).rowCount;
  }

  /** The read model row, locked until commit. A row that does not exist yet cannot be locked, so the first
   *  event of a subject takes an advisory lock on its key instead, and reads again once it holds it. */
  private async lockedCurrent<E, F>(tx: SqlQuery, stream: FoldedStream<E, F>, e: E): Promise<unknown> {
    const current = stream.current(e);
    const read = async () => (await this.query({ ...current, sql: `${current.sql} FOR UPDATE` }, tx)).rows[0]?.body;
    const row = await read();
    if (row !== undefined) return row;
    await this.query({ sql: 'SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', params: [`${stream.name}:${stream.key(e)}`] }, tx);
    return read();
  }

  protected async appendFolded<E extends object, F extends object>(stream: FoldedStream<E, F>, e: E): Promise<boolean> {
    // (id, seq) alone decides whether the event is new: its sealed body differs on every append.
    const body = this.eventBody(stream, e);
    return this.db.transaction(async (tx) => {
      if ((await this.query(stream.insertEvent(e, body), tx)).rowCount === 0) return false;
      const prev = await this.lockedCurrent(tx, stream, e);
      for (const s of this.saveFolded(stream, prev, e)) await this.query(s, tx);
      return true;
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
