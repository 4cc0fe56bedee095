/**
 * The embedded event store: one SQLite file under the data folder (WAL, so the web app reads while the
 * worker and the intake write). Schema changes are numbered migrations applied once, in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makePrivateDir, OWNER_ONLY_FILE } from '../at-rest/private-files';

export type Sqlite = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function openSqlite(file: string, migrations: readonly Migration[]): Sqlite {
  makePrivateDir(path.dirname(file));
  // Created owner-only before SQLite opens it: its -wal and -shm files take the database file's mode.
  fs.closeSync(fs.openSync(file, 'a', OWNER_ONLY_FILE));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Sqlite, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const apply = db.transaction((m: Migration) => {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
  });
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (!applied.has(m.version)) apply(m);
  }
}
