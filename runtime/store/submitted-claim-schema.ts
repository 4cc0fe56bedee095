/**
 * The submitted claim store's tables, the same version on SQLite (in denials.sqlite) and PostgreSQL:
 * each claim the practice sent (837P/837I), keyed by a keyed hash of its identity, and each denial's
 * reference to the claim it answers. Patient control numbers and the claim's X12 segments are only in the
 * sealed `body`; `match_key` is a keyed hash of payer + patient control number, so a denial finds its
 * claims (and a claim its denials) without either number in clear.
 */
import { postgresColumns, sqliteColumns, type ColumnTypes } from './ledger-schema';
import type { Migration } from './sqlite';

function submittedClaimMigrations(c: ColumnTypes): Migration[] {
  return [
    {
      version: 501,
      name: 'submitted claims and the denials that name them',
      sql: `
        CREATE TABLE submitted_claims (
          claim_id ${c.text} PRIMARY KEY,
          match_key ${c.text} NOT NULL,
          payer_id ${c.text} NOT NULL,
          kind ${c.text} NOT NULL,
          frequency ${c.text} NOT NULL,
          service_from ${c.text},
          service_to ${c.text},
          charge_cents ${c.integer} NOT NULL,
          source_file ${c.text} NOT NULL,
          report_id ${c.text} NOT NULL,
          received_at ${c.text} NOT NULL,
          body ${c.text} NOT NULL
        );
        CREATE INDEX submitted_claims_match ON submitted_claims (match_key);
        CREATE TABLE denial_claim_refs (
          workflow_id ${c.text} PRIMARY KEY,
          match_key ${c.text} NOT NULL,
          payer_id ${c.text} NOT NULL,
          service_from ${c.text},
          service_to ${c.text},
          body ${c.text} NOT NULL
        );
        CREATE INDEX denial_claim_refs_match ON denial_claim_refs (match_key);
      `,
    },
    {
      version: 502,
      name: 'control numbers of the corrected claims written',
      // One row a counter: ISA13/GS06/ST02 of each corrected or void claim must not repeat.
      sql: `CREATE TABLE claim_control_numbers (name ${c.text} PRIMARY KEY, value ${c.integer} NOT NULL)`,
    },
    {
      version: 503,
      name: 'the claim files sent for denials',
      // What a 999 or 277CA names (the control number) leads back to the denial that sent the file.
      sql: `
        CREATE TABLE sent_claim_files (
          file_name ${c.text} PRIMARY KEY,
          workflow_id ${c.text} NOT NULL,
          kind ${c.text} NOT NULL,
          control_number ${c.integer} NOT NULL,
          sha256 ${c.text} NOT NULL,
          sent_at ${c.text} NOT NULL
        );
        CREATE INDEX sent_claim_files_control ON sent_claim_files (kind, control_number);
        CREATE INDEX sent_claim_files_workflow ON sent_claim_files (workflow_id);
      `,
    },
  ];
}

export const sqliteSubmittedClaimMigrations = submittedClaimMigrations(sqliteColumns);
export const postgresSubmittedClaimMigrations = submittedClaimMigrations(postgresColumns);
