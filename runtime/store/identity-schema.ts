/**
 * Sign-in tables: local users, browser sessions, API keys for automation, recent failed sign-ins.
 * The same SQL serves SQLite and PostgreSQL (times are ISO text, flags integers); secrets are stored as hashes only.
 */
import type { Migration } from './sqlite';

export const identityMigrations: Migration[] = [
  {
    version: 201,
    name: 'identity: users, sessions, api keys, login failures',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        team TEXT,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        role TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE TABLE login_failures (
        user_id TEXT NOT NULL,
        ip TEXT NOT NULL,
        failed_at TEXT NOT NULL
      );
      CREATE INDEX login_failures_key ON login_failures (user_id, ip, failed_at);
    `,
  },
];
