/**
 * The ledger's tables, written once for both databases: the denial ledger (101), and the read models
 * folded from it with the prevention ledger (102). Worklists and KPIs filter on the indexed columns; `body`
 * holds the whole record. Each filter index ends with (remit_date, workflow_id), the order queries return,
 * so no filtered query sorts.
 */
import type { Migration } from './sqlite';

export interface ColumnTypes {
  text: string;
  /** Cents and counts. */
  integer: string;
  json: string;
}

export const sqliteColumns: ColumnTypes = { text: 'TEXT', integer: 'INTEGER', json: 'TEXT' };

/** Byte order ("C") gives the order and range comparisons SQLite gives, whatever the database's locale;
 *  BIGINT because sums of cents outgrow 32 bits. */
export const postgresColumns: ColumnTypes = { text: 'TEXT COLLATE "C"', integer: 'BIGINT', json: 'JSONB' };

export function ledgerMigrations({ text, integer, json }: ColumnTypes): Migration[] {
  return [
    {
      version: 101,
      name: 'denial ledger',
      sql: `
        CREATE TABLE ledger_events (
          workflow_id ${text} NOT NULL,
          seq INTEGER NOT NULL,
          at ${text} NOT NULL,
          type ${text} NOT NULL,
          stage ${text} NOT NULL,
          actor_id ${text} NOT NULL,
          actor_role ${text} NOT NULL,
          payer_id ${text} NOT NULL,
          category ${text},
          owner_team ${text},
          route ${text},
          at_risk_cents ${integer} NOT NULL,
          recovered_cents ${integer} NOT NULL,
          lost_cents ${integer} NOT NULL,
          due_date ${text},
          body ${json} NOT NULL,
          PRIMARY KEY (workflow_id, seq)
        );
        CREATE INDEX ledger_events_at ON ledger_events (at);
        CREATE INDEX ledger_events_stage ON ledger_events (stage);
      `,
    },
    {
      version: 102,
      name: 'ledger read models: denial facts, remittance volumes, prevention ledger and board',
      sql: `
        CREATE TABLE denial_facts (
          workflow_id ${text} PRIMARY KEY,
          remit_date ${text} NOT NULL,
          payer_id ${text} NOT NULL,
          owner_team ${text} NOT NULL,
          category ${text} NOT NULL,
          stage ${text} NOT NULL,
          due_date ${text},
          at_risk_cents ${integer} NOT NULL,
          body ${json} NOT NULL
        );
        CREATE INDEX denial_facts_period ON denial_facts (remit_date, workflow_id);
        CREATE INDEX denial_facts_payer ON denial_facts (payer_id, remit_date, workflow_id);
        CREATE INDEX denial_facts_team ON denial_facts (owner_team, remit_date, workflow_id);
        CREATE INDEX denial_facts_category ON denial_facts (category, remit_date, workflow_id);
        CREATE INDEX denial_facts_stage ON denial_facts (stage);
        CREATE INDEX denial_facts_due ON denial_facts (due_date);
        CREATE INDEX denial_facts_at_risk ON denial_facts (at_risk_cents);
        CREATE TABLE remittance_volumes (
          remittance_key ${text} PRIMARY KEY,
          payer_id ${text} NOT NULL,
          remit_date ${text} NOT NULL,
          claims ${integer} NOT NULL,
          charge_cents ${integer} NOT NULL,
          denied_claims ${integer} NOT NULL,
          denied_charge_cents ${integer} NOT NULL,
          recorded_at ${text} NOT NULL
        );
        CREATE INDEX remittance_volumes_period ON remittance_volumes (remit_date, remittance_key);
        CREATE TABLE prevention_events (
          prevention_id ${text} NOT NULL,
          seq INTEGER NOT NULL,
          at ${text} NOT NULL,
          owner_team ${text} NOT NULL,
          root_cause ${text} NOT NULL,
          body ${json} NOT NULL,
          PRIMARY KEY (prevention_id, seq)
        );
        CREATE INDEX prevention_events_at ON prevention_events (at);
        CREATE TABLE prevention_tasks (
          prevention_id ${text} PRIMARY KEY,
          owner_team ${text} NOT NULL,
          body ${json} NOT NULL
        );
      `,
    },
  ];
}
