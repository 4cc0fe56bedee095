/**
 * The ledger's tables, written once for both databases: the denial ledger (101), the read models folded
 * from it with the prevention ledger (102), then the worklist's and the dashboard's columns and indexes
 * (103), open again when parked (104), the access log (105), the period KPIs' rollup (106), decided
 * outcomes (107), the search terms (108), silent money (109), denials per code and week (110) and the same
 * per procedure, with each remittance's claims per procedure (111). KPIs
 * filter on the indexed columns; `body` holds the whole record. Each filter index ends with
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
  /** A top-level integer field of `body`, as a number. */
  bodyInteger(field: string): string;
  /** Whether a top-level boolean field of `body` is true (NULL when it is absent). */
  bodyIsTrue(field: string): string;
  /** Whole days from one YYYY-MM-DD text to another. */
  daysBetween(from: string, to: string): string;
  /** The smaller and the larger of two numbers. */
  least(a: string, b: string): string;
  greatest(a: string, b: string): string;
  /** Ends a CREATE TABLE whose rows are read in ranges of its primary key: stored in that order where the database can. */
  storedByKey: string;
}

export const sqliteColumns: ColumnTypes = {
  text: 'TEXT',
  integer: 'INTEGER',
  json: 'TEXT',
  bodyText: (field) => `json_extract(body, '$.${field}')`,
  bodyInteger: (field) => `json_extract(body, '$.${field}')`,
  // json_extract gives JSON true as 1.
  bodyIsTrue: (field) => `json_extract(body, '$.${field}') = 1`,
  daysBetween: (from, to) => `CAST(round(julianday(${to}) - julianday(${from})) AS INTEGER)`,
  least: (a, b) => `min(${a}, ${b})`,
  greatest: (a, b) => `max(${a}, ${b})`,
  storedByKey: ' WITHOUT ROWID',
};

/** Byte order ("C") gives the order and range comparisons SQLite gives, whatever the database's locale;
 *  BIGINT because sums of cents outgrow 32 bits. */
export const postgresColumns: ColumnTypes = {
  text: 'TEXT COLLATE "C"',
  integer: 'BIGINT',
  json: 'JSONB',
  bodyText: (field) => `body->>'${field}'`,
  bodyInteger: (field) => `CAST(body->>'${field}' AS BIGINT)`,
  bodyIsTrue: (field) => `body->>'${field}' = 'true'`,
  daysBetween: (from, to) => `(CAST(${to} AS DATE) - CAST(${from} AS DATE))`,
  least: (a, b) => `least(${a}, ${b})`,
  greatest: (a, b) => `greatest(${a}, ${b})`,
  storedByKey: '',
};

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

/**
 * The period KPIs' rollup (see domain/kpis/denial-totals.ts): per remit day and group, the sums each denial
 * adds, and per resolved denial its days to resolve; built here from the denials already folded, then kept
 * by every append. `denialCounts` and `daysToResolve` written in SQL, as they were when this migration was
 * written: an applied migration must not change.
 */
function denialTotalsMigration(c: ColumnTypes): string {
  const { text, integer } = c;
  const int = (field: string) => c.bodyInteger(field);
  const resolved = 'remit_date, payer_id, owner_team, category, root_cause';
  const group = `${resolved}, underpaid`;
  const dayColumns = `
          remit_date ${text} NOT NULL,
          payer_id ${text} NOT NULL,
          owner_team ${text} NOT NULL,
          category ${text} NOT NULL,
          root_cause ${text} NOT NULL,`;
  const counts = [
    'denials',
    'charge_cents',
    'initial_at_risk_cents',
    'preventable',
    'touches',
    'recovered_cents',
    'written_off_cents',
    'appeals_decided',
    'appeals_decided_at_risk_cents',
    'appeals_overturned',
    'appeals_overturned_recovered_cents',
    'timely_filing_losses',
    'timely_filing_lost_cents',
    'underpaid_cents',
    'underpaid_recovered_cents',
    'disputes',
    'disputed_cents',
    'dispute_recovered_cents',
  ];
  const when = (condition: string, then: string) => `CASE WHEN ${condition} THEN ${then} ELSE 0 END`;
  // One row per denial with the flags and amounts its counts are made of.
  const perDenial = `
          SELECT remit_date, payer_id, owner_team, category, ${c.bodyText('rootCause')} AS root_cause,
            ${when(`${int('underpaidCents')} > 0`, '1')} AS underpaid,
            ${int('chargeCents')} AS charge, ${int('initialAtRiskCents')} AS initial, ${int('recoveredCents')} AS recovered,
            ${int('lostCents')} AS lost, ${int('underpaidCents')} AS shortfall, ${int('touches')} AS touches,
            ${when(c.bodyIsTrue('preventable'), '1')} AS preventable,
            ${when(`${c.bodyIsTrue('appealed')} AND stage IN ('resolved', 'written_off', 'timely_filing_loss')`, '1')} AS decided,
            ${when(c.bodyIsTrue('paymentDisputed'), '1')} AS disputed,
            coalesce(${c.bodyText('resolution')}, '') AS resolution,
            substr(${c.bodyText('closedAt')}, 1, 10) AS closed_on
          FROM denial_facts`;
  const overturned = "decided = 1 AND resolution IN ('recovered', 'partially_recovered')";
  const timelyFilingLost = "(resolution = 'timely_filing_loss' OR (category = 'timely_filing' AND resolution = 'written_off'))";
  const underpaidRecovered = when('underpaid = 1', c.least('recovered', 'shortfall'));
  const sums = [
    'count(*)',
    'sum(charge)',
    'sum(initial)',
    'sum(preventable)',
    'sum(touches)',
    'sum(recovered)',
    `sum(${when("resolution = 'written_off'", 'lost')})`,
    'sum(decided)',
    `sum(${when('decided = 1', 'initial')})`,
    `sum(${when(overturned, '1')})`,
    `sum(${when(overturned, 'recovered')})`,
    `sum(${when(timelyFilingLost, '1')})`,
    `sum(${when(timelyFilingLost, 'lost')})`,
    `sum(${when('underpaid = 1', 'shortfall')})`,
    `sum(${underpaidRecovered})`,
    `sum(${when('underpaid = 1 AND disputed = 1', '1')})`,
    `sum(${when('underpaid = 1 AND disputed = 1', 'shortfall')})`,
    `sum(${when('underpaid = 1 AND disputed = 1', c.least('recovered', 'shortfall'))})`,
  ];
  return `
        CREATE TABLE denial_day_totals (${dayColumns}
          underpaid ${integer} NOT NULL,
          ${counts.map((n) => `${n} ${integer} NOT NULL`).join(',\n          ')},
          PRIMARY KEY (${group})
        )${c.storedByKey};
        CREATE TABLE denial_resolution_days (${dayColumns}
          days ${integer} NOT NULL,
          denials ${integer} NOT NULL,
          PRIMARY KEY (${resolved}, days)
        )${c.storedByKey};
        INSERT INTO denial_day_totals (${group}, ${counts.join(', ')})
          SELECT ${group}, ${sums.join(', ')}
          FROM (${perDenial}) AS d
          GROUP BY ${group};
        INSERT INTO denial_resolution_days (${resolved}, days, denials)
          SELECT ${resolved}, days, count(*)
          FROM (SELECT ${resolved}, ${c.greatest('0', c.daysBetween('remit_date', 'closed_on'))} AS days FROM (${perDenial}) AS d WHERE closed_on IS NOT NULL) AS r
          GROUP BY ${resolved}, days;
      `;
}

export function ledgerMigrations(columns: ColumnTypes): Migration[] {
  const { text, integer, json, bodyText } = columns;
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
    {
      version: 106,
      name: 'denial totals per remit day, payer, team, category and root cause, and days to resolve: the dashboard sums these instead of every denial of the period',
      sql: denialTotalsMigration(columns),
    },
    {
      version: 107,
      name: "decided outcomes per payer, category, route and appeal level (the learned recovery likelihood), and each denial's appeal level beside its route: the worklist's value sort joins the two",
      // Facts folded before this release hold no attemptedRoute, so there are no outcomes to carry over.
      sql: `
        CREATE TABLE recovery_outcomes (
          payer_id ${columns.text} NOT NULL,
          category ${columns.text} NOT NULL,
          route ${columns.text} NOT NULL,
          appeal_level ${columns.integer} NOT NULL,
          won ${columns.integer} NOT NULL,
          decided ${columns.integer} NOT NULL,
          PRIMARY KEY (payer_id, category, route, appeal_level)
        );
        ALTER TABLE denial_facts ADD COLUMN appeal_level ${columns.integer};
        UPDATE denial_facts SET appeal_level = coalesce(${columns.bodyInteger('appealLevel')}, 0);
      `,
    },
    {
      version: 108,
      name: "search terms: keyed hashes of the words each denial is found by (patient name, account, payer's claim number)",
      // Denials whose first entry predates subjects have no terms; they are found by reference or id.
      sql: `
        CREATE TABLE denial_search_terms (
          term ${columns.text} NOT NULL,
          workflow_id ${columns.text} NOT NULL,
          PRIMARY KEY (term, workflow_id)
        )${columns.storedByKey};
      `,
    },
    {
      version: 109,
      name: 'silent money: reversals, negative payments and PLB adjustments per payer and remittance week, linked to the claim they name',
      sql: `
        CREATE TABLE silent_money (
          entry_key ${columns.text} PRIMARY KEY,
          remit_week ${columns.text} NOT NULL,
          remit_date ${columns.text} NOT NULL,
          payer_id ${columns.text} NOT NULL,
          kind ${columns.text} NOT NULL,
          cents ${columns.integer} NOT NULL,
          claim_workflow_id ${columns.text},
          body ${columns.json} NOT NULL
        );
        CREATE INDEX silent_money_week ON silent_money (remit_week, payer_id);
        CREATE INDEX silent_money_claim ON silent_money (claim_workflow_id);
      `,
    },
    {
      version: 110,
      name: "denials per payer, adjustment code (group-CARC) and remittance week: the payer-behaviour change test's counts",
      // Kept from the first entry of each denial folded from now on; earlier denials are not counted.
      sql: `
        CREATE TABLE denial_code_weeks (
          payer_id ${columns.text} NOT NULL,
          code ${columns.text} NOT NULL,
          remit_week ${columns.text} NOT NULL,
          denials ${columns.integer} NOT NULL,
          PRIMARY KEY (remit_week, payer_id, code)
        )${columns.storedByKey};
      `,
    },
    {
      version: 111,
      name: "the payer-behaviour change test per procedure: each remittance's claims per procedure code, and denials per payer, code, procedure and week",
      // Remittances and denials recorded before this release have no procedure counts: their weeks test payer-wide only.
      sql: `
        ALTER TABLE remittance_volumes ADD COLUMN procedure_claims ${columns.json};
        CREATE TABLE denial_procedure_weeks (
          payer_id ${columns.text} NOT NULL,
          code ${columns.text} NOT NULL,
          procedure_code ${columns.text} NOT NULL,
          remit_week ${columns.text} NOT NULL,
          denials ${columns.integer} NOT NULL,
          PRIMARY KEY (remit_week, payer_id, code, procedure_code)
        )${columns.storedByKey};
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
