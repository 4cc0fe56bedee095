/**
 * The ledger store on the embedded SQLite file (`data/denials.sqlite`, shared with the intake journal).
 * better-sqlite3 is synchronous; the async interface lets callers switch to PostgreSQL unchanged.
 */
import type { Statement as Prepared } from 'better-sqlite3';
import type { CodecKeyring } from '../codec';
import type { FoldedStream, Statement } from './ledger-sql';
import { openDenialsStore } from './schema';
import { SqlLedgerStore, type Row } from './sql-ledger-store';
import type { Sqlite } from './sqlite';
import { preparedStatements } from './sql-database';

export class SqliteLedgerStore extends SqlLedgerStore {
  readonly kind = 'sqlite' as const;
  private readonly statement: (sql: string) => Prepared;

  /** `db` must carry the denials migrations (openDenialsStore applies them); the store closes it. */
  constructor(
    private readonly db: Sqlite,
    keyring: CodecKeyring,
  ) {
    super(keyring);
    this.statement = preparedStatements(db);
  }

  static open(dataDir: string, keyring: CodecKeyring): SqliteLedgerStore {
    return new SqliteLedgerStore(openDenialsStore(dataDir), keyring);
  }

  private all(s: Statement): Row[] {
    return this.statement(s.sql).all(...s.params) as Row[];
  }

  private run(s: Statement): number {
    return this.statement(s.sql).run(...s.params).changes;
  }

  protected async rows(s: Statement): Promise<Row[]> {
    return this.all(s);
  }

  protected async changes(s: Statement): Promise<number> {
    return this.run(s);
  }

  protected async appendFolded<E extends object, F extends object>(stream: FoldedStream<E, F>, e: E): Promise<boolean> {
    // Sealed before the transaction: its random IV makes each body different, and (id, seq) alone decides
    // whether the event is new, so a re-append is still a no-op.
    const body = this.eventBody(stream, e);
    // IMMEDIATE takes the write lock up front, so another process cannot change the row read below.
    return this.db
      .transaction(() => {
        if (this.run(stream.insertEvent(e, body)) === 0) return false;
        const [prev] = this.all(stream.current(e));
        for (const s of this.saveFolded(stream, prev?.body, e)) this.run(s);
        return true;
      })
      .immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
