// Issue #12, PHI at rest: what people type into a denial (notes, corrections, reasons, attachment names)
// reaches the ledger's `summary` and `rationale`; a prevention control's description its `summary`. Those
// are encrypted in the database, SQLite and PostgreSQL, and read back in clear by the store. Ids, codes,
// amounts, dates and stages stay plain: worklists and KPIs filter on them in SQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import { denialsStorePath } from '../../runtime/store/schema';
import { denialEntry, preventionEntry, specialist } from '../fixtures/ledger';
import { keyringWith, randomKey } from '../support/codec-keys';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../support/postgres';

const PHI = ['JANE DOE', '1EG4TE5MK72', 'DOE_JANE', '1948-07-19'];

function typedByPeople(workflowId: string): LedgerEntry[] {
  return [
    denialEntry(workflowId, 1, { type: 'note', actor: specialist, summary: 'Called JANE DOE (DOB 1948-07-19) about the referral' }),
    denialEntry(workflowId, 2, { type: 'task_completed', actor: specialist, stage: 'in_work', summary: 'Corrections supplied: memberId → 1EG4TE5MK72' }),
    denialEntry(workflowId, 3, { type: 'command', actor: specialist, stage: 'in_work', summary: 'Attached 1 document(s): DOE_JANE_progress_note.pdf' }),
    denialEntry(workflowId, 4, { stage: 'routed', rationale: ['Route overridden by ar.alex: JANE DOE has secondary coverage'], facts: { route: 'bill_next_payer', category: 'coordination_of_benefits' } }),
  ];
}

/** Every table's rows as text, as someone with a copy of the database would read them. */
type Dump = () => Promise<string>;

function atRestContract(open: () => LedgerStore, dump: Dump) {
  let store: LedgerStore;
  beforeAll(() => {
    store = open();
  });
  afterAll(() => store.close());

  it('keeps free text out of every column, and the store reads it back in clear', async () => {
    const entries = typedByPeople('denial-at-rest');
    for (const e of entries) expect(await store.append(e)).toBe(true);
    await store.appendPrevention(preventionEntry('prev-at-rest', 1, { type: 'control_recorded', status: 'control_in_place', actor: specialist, summary: 'Control in place (checklist): after JANE DOE, check member ids' }));

    const dumped = await dump();
    expect(PHI.filter((v) => dumped.includes(v))).toEqual([]);

    const history = await store.history('denial-at-rest');
    expect(history.map((e) => e.summary)).toEqual(entries.map((e) => e.summary));
    expect(history[3]!.rationale).toEqual(entries[3]!.rationale);
    expect((await store.preventionEntries())[0]!.summary).toContain('JANE DOE');
    expect((await store.preventionTasks())[0]!.controlSummary).toContain('JANE DOE');
  });

  it('keeps ids, stages, codes and amounts plain for worklists and KPIs', async () => {
    const dumped = await dump();
    for (const plain of ['denial-at-rest', 'bill_next_payer', 'MEDICARE-A', 'CO-50', 'ar.alex']) expect(dumped).toContain(plain);
    const [facts] = await store.denialFacts();
    expect(facts).toMatchObject({ workflowId: 'denial-at-rest', route: 'bill_next_payer', stage: 'routed', touches: 3 });
  });

  it('still treats a re-append of the same (workflowId, seq) as a no-op, though each encryption differs', async () => {
    const [first] = typedByPeople('denial-at-rest');
    expect(await store.append(first!)).toBe(false);
    expect(await store.append({ ...first!, summary: 'something else' })).toBe(false);
    expect((await store.history('denial-at-rest')).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.history('denial-at-rest'))[0]!.summary).toBe(first!.summary);
  });
}

describe('ledger free text at rest: SQLite', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-at-rest-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const keyring = keyringWith(randomKey('k-2026'));

  atRestContract(
    () => openLedgerStore({ dataDir, keyring }),
    async () => {
      const db = new Database(denialsStorePath(dataDir), { readonly: true });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
        return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t}"`).all()));
      } finally {
        db.close();
      }
    },
  );
});

const postgresMissing = postgresUnavailable();

describe.skipIf(postgresMissing !== undefined)('ledger free text at rest: PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });
  const keyring = keyringWith(randomKey('k-2026'));

  atRestContract(
    () => openLedgerStore({ dataDir: '/nonexistent/ledger-at-rest', databaseUrl: pg.url, keyring }),
    async () => {
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        const tables = (await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows;
        const rows = await Promise.all(tables.map(async (t) => (await client.query(`SELECT * FROM "${t.table_name}"`)).rows));
        return JSON.stringify(rows);
      } finally {
        await client.end();
      }
    },
  );
});
