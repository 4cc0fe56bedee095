/**
 * The schema of the denials store (SQLite by default): every migration of every table, numbered and
 * applied once in order, whichever process opens the file first.
 */
import path from 'node:path';
import { openSqlite, type Migration, type Sqlite } from './sqlite';

/** Intake journal: delivered remittance events, known workflows, run reports. */
const intakeMigrations: Migration[] = [
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

/** Ledger: every denial state change. */
const ledgerMigrations: Migration[] = [
  {
    version: 101,
    name: 'denial ledger',
    sql: `
      CREATE TABLE ledger_events (
        workflow_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        stage TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        payer_id TEXT NOT NULL,
        category TEXT,
        owner_team TEXT,
        route TEXT,
        at_risk_cents INTEGER NOT NULL,
        recovered_cents INTEGER NOT NULL,
        lost_cents INTEGER NOT NULL,
        due_date TEXT,
        body TEXT NOT NULL,
        PRIMARY KEY (workflow_id, seq)
      );
      CREATE INDEX ledger_events_at ON ledger_events (at);
      CREATE INDEX ledger_events_stage ON ledger_events (stage);
    `,
  },
];

export const denialsMigrations: readonly Migration[] = [...intakeMigrations, ...ledgerMigrations];

export function denialsStorePath(dataDir: string): string {
  return path.join(dataDir, 'denials.sqlite');
}

export function openDenialsStore(dataDir: string): Sqlite {
  return openSqlite(denialsStorePath(dataDir), denialsMigrations);
}
