/**
 * The schema of the denials store (SQLite by default): every migration of every table, numbered and
 * applied once in order, whichever process opens the file first.
 */
import path from 'node:path';
import { identityMigrations } from './identity-schema';
import { ledgerMigrations, sqliteColumns } from './ledger-schema';
import { openSqlite, type Migration, type Sqlite } from './sqlite';
import { sqliteSubmittedClaimMigrations } from './submitted-claim-schema';

/** Intake journal: delivered remittance events, known workflows, run reports. */
export const intakeMigrations: Migration[] = [
  {
    version: 1,
    name: 'intake journal',
    sql: `
      CREATE TABLE intake_workflows (
        workflow_id TEXT PRIMARY KEY,
        payer_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        report_id TEXT NOT NULL
      );
      CREATE TABLE intake_events (
        event_key TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        delivered_at TEXT NOT NULL,
        report_id TEXT NOT NULL
      );
      CREATE TABLE intake_reports (
        report_id TEXT PRIMARY KEY,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL,
        verdict TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX intake_reports_sha ON intake_reports (sha256);
    `,
  },
];

/** Ledger: every denial state change, and the read models folded from it. */
const ledger = ledgerMigrations(sqliteColumns);

export const denialsMigrations: readonly Migration[] = [...intakeMigrations, ...ledger, ...identityMigrations, ...sqliteSubmittedClaimMigrations];

export function denialsStorePath(dataDir: string): string {
  return path.join(dataDir, 'denials.sqlite');
}

export function openDenialsStore(dataDir: string): Sqlite {
  return openSqlite(denialsStorePath(dataDir), denialsMigrations);
}
