/**
 * The ledger's tables, written once for both databases: the denial ledger (101), the read models folded
 * from it with the prevention ledger (102), then the worklist's and the dashboard's columns and indexes
 * (103), open again when parked (104). KPIs filter on the indexed columns; `body` holds the whole record. Each filter index ends with
 * (remit_date, workflow_id), the order queries return, so no filtered query sorts.
 */
import type { Migration } from './sqlite';

export interface ColumnTypes {
  text: string;
  /** Cents and counts. */
  integer: string;
  json: string;
  /** The text of a top-level field of the `body` column. */
  bodyText(field: string): string;
}

export const sqliteColumns: ColumnTypes = { text: 'TEXT', integer: 'INTEGER', json: 'TEXT', bodyText: (field) => `json_extract(body, '$.${field}')` };

/** Byte order ("C") gives the order and range comparisons SQLite gives, whatever the database's locale;
 *  BIGINT because sums of cents outgrow 32 bits. */
export const postgresColumns: ColumnTypes = { text: 'TEXT COLLATE "C"', integer: 'BIGINT', json: 'JSONB', bodyText: (field) => `body->>'${field}'` };

/**
 * Open work is a small part of the ledger. The worklist pages it by deadline or dollars, for everyone, a
 * working team, a person, an owning team, a category or a payer; the dashboard sums it by remit date (its
 * age) and lists what falls due, for everyone, an owning team or a payer. Partial indexes over open
 * denials only, whose predicate and sort expressions are ledger-sql.ts's and worklist-sql.ts's, character
 * for character (a planner only uses a partial or expression index for the same text). Written out here,
 * not imported: an applied migration must not change. They replace the index on stage, which only served
 * `openOnly` and drew SQLite's planner away from them.
 */
function openWorkIndexes(open: string): string {
  const byDeadline = `(coalesce(due_date, '9999-12-31')), at_risk_cents DESC, workflow_id`;
  const byDollars = 'at_risk_cents DESC, workflow_id';
  const byRemitDate = 'remit_date, workflow_id, at_risk_cents';
  return `
    CREATE INDEX denial_worklist_deadline ON denial_facts (${byDeadline}) ${open};
    CREATE INDEX denial_worklist_dollars ON denial_facts (${byDollars}) ${open};
    CREATE INDEX denial_worklist_team_deadline ON denial_facts (work_team, ${byDeadline}) ${open};
    CREATE INDEX denial_worklist_team_dollars ON denial_facts (work_team, ${byDollars}) ${open};
    CREATE INDEX denial_worklist_assignee_deadline ON denial_facts (assignee, ${byDeadline}) ${open};
    CREATE INDEX denial_worklist_owner_deadline ON denial_facts (owner_team, ${byDeadline}) ${open};
    CREATE INDEX denial_worklist_category_deadline ON denial_facts (category, ${byDeadline}) ${open};
    CREATE INDEX denial_worklist_payer_deadline ON denial_facts (payer_id, ${byDeadline}) ${open};
    CREATE INDEX denial_open_remitted ON denial_facts (${byRemitDate}) ${open};
    CREATE INDEX denial_open_owner_remitted ON denial_facts (owner_team, ${byRemitDate}) ${open};
    CREATE INDEX denial_open_payer_remitted ON denial_facts (payer_id, ${byRemitDate}) ${open};
  `;
}

export function ledgerMigrations({ text, integer, json, bodyText }: ColumnTypes): Migration[] {
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
    {
      version: 103,
      name: 'dashboard and worklist: route, assignee, task kind and working team of each denial, prevention entry types, and their indexes',
      sql: `
        ALTER TABLE denial_facts ADD COLUMN route ${text};
        ALTER TABLE denial_facts ADD COLUMN assignee ${text};
        ALTER TABLE denial_facts ADD COLUMN task_kind ${text};
        ALTER TABLE denial_facts ADD COLUMN work_team ${text};
        UPDATE denial_facts SET route = ${bodyText('route')}, assignee = ${bodyText('assignee')}, task_kind = ${bodyText('taskKind')}, work_team = ${bodyText('workTeam')};
        DROP INDEX denial_facts_stage;
        ${openWorkIndexes(`WHERE stage IN ('intake', 'classified', 'routed', 'in_work', 'packet_ready', 'submitted', 'awaiting_payer')`)}
        ALTER TABLE prevention_events ADD COLUMN type ${text};
        UPDATE prevention_events SET type = ${bodyText('type')};
        CREATE INDEX prevention_events_tally ON prevention_events (at, owner_team, type);
      `,
    },
    {
      version: 104,
      name: 'open work includes denials parked as needs_attention',
      sql: `
        ${OPEN_WORK_INDEX_NAMES.map((name) => `DROP INDEX ${name};`).join('\n        ')}
        ${openWorkIndexes(`WHERE stage IN ('intake', 'classified', 'routed', 'in_work', 'packet_ready', 'submitted', 'awaiting_payer', 'needs_attention')`)}
      `,
    },
    {
      version: 105,
      name: 'access log: every decode of payloads for the Temporal Web UI',
      sql: `
        CREATE TABLE access_log (
          id ${text} PRIMARY KEY,
          at ${text} NOT NULL,
          actor_id ${text} NOT NULL,
          action ${text} NOT NULL,
          body ${json} NOT NULL
        );
        CREATE INDEX access_log_at ON access_log (at);
      `,
    },
  ];
}

const OPEN_WORK_INDEX_NAMES = [
  'denial_worklist_deadline',
  'denial_worklist_dollars',
  'denial_worklist_team_deadline',
  'denial_worklist_team_dollars',
  'denial_worklist_assignee_deadline',
  'denial_worklist_owner_deadline',
  'denial_worklist_category_deadline',
  'denial_worklist_payer_deadline',
  'denial_open_remitted',
  'denial_open_owner_remitted',
  'denial_open_payer_remitted',
];
