/**
 * The few calls a store needs from its database, the same on the embedded SQLite file and on PostgreSQL,
 * so a store is written once: `?` placeholders, async answers, a batch of statements in one transaction.
 */
import type { Statement as Prepared } from 'better-sqlite3';
import type { Sqlite } from './sqlite';
import type { Statement } from './sql-statement';

export type SqlRow = Record<string, unknown>;

export interface SqlDatabase {
  readonly kind: 'sqlite' | 'postgres';
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: SqlRow[]; rowCount: number }>;
  /** The statements in one transaction: all applied, or none. */
  batch(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}

/** Each SQL text prepared once per connection: better-sqlite3 compiles it again on every prepare(). */
export function preparedStatements(db: Sqlite): (sql: string) => Prepared {
  const prepared = new Map<string, Prepared>();
  return (sql) => {
    let s = prepared.get(sql);
    if (!s) prepared.set(sql, (s = db.prepare(sql)));
    return s;
  };
}

/** Over an open SQLite connection, which it closes on close(). */
export function sqliteDatabase(db: Sqlite): SqlDatabase {
  const statement = preparedStatements(db);
  const run = (sql: string, params: readonly unknown[]) => {
    const s = statement(sql);
    return s.reader ? { rows: s.all(...params) as SqlRow[], rowCount: 0 } : { rows: [], rowCount: s.run(...params).changes };
  };
  const inTransaction = db.transaction((statements: readonly Statement[]) => {
    for (const s of statements) run(s.sql, s.params);
  });
  return {
    kind: 'sqlite',
    query: async (sql, params = []) => run(sql, params),
    batch: async (statements) => inTransaction(statements),
    close: async () => {
      db.close();
    },
  };
}
