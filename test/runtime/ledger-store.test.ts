// The ledger store contract, run against the SQLite file and a real PostgreSQL server (a throwaway
// cluster, or DATABASE_URL_TEST): the same inputs must give the same answers from both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectDenialFacts, type DenialFacts } from '../../domain/kpis/denial-facts';
import type { LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import { denialsStorePath } from '../../runtime/store/schema';
import { denialEntry, preventionEntry, recoveredAppeal, specialist, volume } from '../fixtures/ledger';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../support/postgres';

/** Where a store keeps its data: a fresh temp folder or database per test. */
interface Backing {
  open(): LedgerStore;
  appliedMigrations(): Promise<number[]>;
}

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function sqliteBacking(): Backing {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-store-'));
  dataDirs.push(dataDir);
  return {
    open: () => openLedgerStore({ dataDir }),
    async appliedMigrations() {
      const db = new Database(denialsStorePath(dataDir), { readonly: true });
      try {
        return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
      } finally {
        db.close();
      }
    },
  };
}

async function postgresBacking(pg: TestPostgres): Promise<Backing> {
  const url = await pg.newDatabase();
  return {
    // No data folder: the URL alone must decide.
    open: () => openLedgerStore({ dataDir: '/nonexistent/ledger-store-test', databaseUrl: url }),
    async appliedMigrations() {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
      } finally {
        await client.end();
      }
    },
  };
}

const ids = (rows: { workflowId: string }[]) => rows.map((r) => r.workflowId);

/** Five denials spread over the edges of March 2026, with different payers, teams, categories and stages. */
function filterSeed(): LedgerEntry[] {
  const denial = (id: string, remitDate: string, payerId: string, ownerTeam: string, category: string, closed = false) => [
    denialEntry(id, 1, { facts: { remitDate, payerId, ownerTeam, category } }),
    ...(closed ? [denialEntry(id, 2, { stage: 'written_off', facts: { remitDate, payerId, ownerTeam, category, resolution: 'written_off' } })] : []),
  ];
  return [
    ...denial('d-feb', '2026-02-28', 'P1', 'billing', 'coding'),
    ...denial('d-mar-first', '2026-03-01', 'P1', 'billing', 'coding'),
    ...denial('d-mar-mid-b', '2026-03-15', 'P2', 'billing', 'eligibility', true),
    ...denial('d-mar-mid-a', '2026-03-15', 'P1', 'patient_access', 'eligibility'),
    ...denial('d-mar-last', '2026-03-31', 'P2', 'patient_access', 'coding'),
    ...denial('d-apr', '2026-04-01', 'P1', 'billing', 'coding'),
  ];
}

async function appendAll(store: LedgerStore, entries: LedgerEntry[]): Promise<void> {
  for (const e of entries) await store.append(e);
}

function ledgerStoreContract(backing: () => Promise<Backing>): void {
  let store: LedgerStore;
  let opened: LedgerStore[];
  let data: Backing;

  beforeEach(async () => {
    data = await backing();
    store = data.open();
    opened = [store];
  });

  afterEach(async () => {
    for (const s of opened) await s.close();
  });

  it('appends a (workflowId, seq) once: the second append returns false and keeps the first', async () => {
    expect(await store.append(denialEntry('d-1', 1, { summary: 'first' }))).toBe(true);
    expect(await store.append(denialEntry('d-1', 1, { summary: 'again' }))).toBe(false);
    const history = await store.history('d-1');
    expect(history).toHaveLength(1);
    expect(history[0]?.summary).toBe('first');
  });

  it('returns a denial’s history in seq order, whatever the order of the appends', async () => {
    await appendAll(store, [denialEntry('d-1', 3), denialEntry('d-2', 1), denialEntry('d-1', 1), denialEntry('d-1', 2)]);
    expect((await store.history('d-1')).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await store.history('d-unknown')).toEqual([]);
  });

  it('rejects an entry that is not valid, naming the field, and stores nothing', async () => {
    await expect(store.append({ ...denialEntry('d-1', 1), seq: -1 })).rejects.toThrow(/seq/);
    expect(await store.history('d-1')).toEqual([]);
    expect(await store.denialFacts()).toEqual([]);
  });

  it('folds received → classified → routed → task → submitted → recovered into the denial facts', async () => {
    const entries = recoveredAppeal('d-1');
    await appendAll(store, entries.slice(0, 4));
    expect((await store.denialFacts())[0]).toMatchObject({ stage: 'in_work', dueDate: '2026-08-29', taskKind: 'prepare_appeal', assignee: specialist.id, touches: 0 });

    await appendAll(store, entries.slice(4));
    const [facts] = await store.denialFacts();
    expect(facts).toMatchObject({
      workflowId: 'd-1',
      stage: 'resolved',
      resolution: 'recovered',
      category: 'medical_necessity',
      ownerTeam: 'clinical_documentation',
      route: 'appeal',
      touches: 1,
      appealed: true,
      appealSubmittedAt: entries[5]!.at,
      closedAt: entries[6]!.at,
      initialAtRiskCents: 24_000,
      atRiskCents: 0,
      recoveredCents: 24_000,
      lastSeq: 7,
    });
    expect(facts?.dueDate).toBeUndefined();
    // The store keeps exactly the pure fold.
    expect(facts).toEqual(entries.reduce<DenialFacts | undefined>(projectDenialFacts, undefined));
  });

  it('counts a late (lower seq) entry’s touch without letting it overwrite newer facts', async () => {
    const [received, classified, routed] = recoveredAppeal('d-1');
    await appendAll(store, [received!, routed!]);
    await store.append({ ...classified!, type: 'note', actor: specialist, facts: { ...classified!.facts, ownerTeam: 'billing' } });
    const [facts] = await store.denialFacts();
    expect(facts).toMatchObject({ stage: 'routed', ownerTeam: 'clinical_documentation', lastSeq: 3, touches: 1 });
  });

  it('folds concurrent appends of one denial without losing any', async () => {
    const notes = [1, 2, 3, 4, 5, 6].map((seq) => denialEntry('d-1', seq, { type: 'note', stage: 'in_work', actor: specialist }));
    expect(await Promise.all(notes.map((e) => store.append(e)))).toEqual(notes.map(() => true));
    expect((await store.denialFacts())[0]).toMatchObject({ touches: 6, lastSeq: 6 });
  });

  it('filters denial facts by period (both ends inclusive), payer, team, category and openness, ordered by remit date then id', async () => {
    await appendAll(store, filterSeed());
    const march = { from: '2026-03-01', to: '2026-03-31' };
    expect(ids(await store.denialFacts())).toEqual(['d-feb', 'd-mar-first', 'd-mar-mid-a', 'd-mar-mid-b', 'd-mar-last', 'd-apr']);
    expect(ids(await store.denialFacts(march))).toEqual(['d-mar-first', 'd-mar-mid-a', 'd-mar-mid-b', 'd-mar-last']);
    expect(ids(await store.denialFacts({ from: '2026-03-15' }))).toEqual(['d-mar-mid-a', 'd-mar-mid-b', 'd-mar-last', 'd-apr']);
    expect(ids(await store.denialFacts({ ...march, payerId: 'P2' }))).toEqual(['d-mar-mid-b', 'd-mar-last']);
    expect(ids(await store.denialFacts({ ownerTeam: 'patient_access' }))).toEqual(['d-mar-mid-a', 'd-mar-last']);
    expect(ids(await store.denialFacts({ ...march, category: 'coding' }))).toEqual(['d-mar-first', 'd-mar-last']);
    expect(ids(await store.denialFacts({ ...march, openOnly: true }))).toEqual(['d-mar-first', 'd-mar-mid-a', 'd-mar-last']);
    expect(ids(await store.denialFacts({ ...march, payerId: 'P1', ownerTeam: 'billing', category: 'coding', openOnly: true }))).toEqual(['d-mar-first']);
  });

  it('records a remittance volume once per key, and filters volumes by period and payer', async () => {
    expect(await store.recordRemittanceVolume(volume('P1:TRN-1', { remitDate: '2026-03-01', payerId: 'P1' }))).toBe(true);
    expect(await store.recordRemittanceVolume(volume('P1:TRN-1', { remitDate: '2026-03-01', payerId: 'P1', claims: 99 }))).toBe(false);
    await store.recordRemittanceVolume(volume('P2:TRN-2', { remitDate: '2026-03-31', payerId: 'P2' }));
    await store.recordRemittanceVolume(volume('P1:TRN-3', { remitDate: '2026-04-01', payerId: 'P1' }));
    await expect(store.recordRemittanceVolume(volume('', {}))).rejects.toThrow(/remittanceKey/);

    const march = await store.remittanceVolumes({ from: '2026-03-01', to: '2026-03-31' });
    expect(march).toEqual([volume('P1:TRN-1', { remitDate: '2026-03-01', payerId: 'P1' }), volume('P2:TRN-2', { remitDate: '2026-03-31', payerId: 'P2' })]);
    expect((await store.remittanceVolumes({ payerId: 'P1' })).map((v) => v.remittanceKey)).toEqual(['P1:TRN-1', 'P1:TRN-3']);
  });

  it('appends prevention entries once and folds them into the prevention board', async () => {
    const opened = preventionEntry('prev-1', 1, { type: 'opened' });
    expect(await store.appendPrevention(opened)).toBe(true);
    expect(await store.appendPrevention(opened)).toBe(false);
    await store.appendPrevention(preventionEntry('prev-1', 2, { type: 'occurrence' }));
    await store.appendPrevention(preventionEntry('prev-1', 3, { type: 'control_recorded', status: 'control_in_place', summary: 'Eligibility check added to scheduling', actor: specialist }));
    await store.appendPrevention(preventionEntry('prev-2', 1, { type: 'opened', ownerTeam: 'coding', rootCause: 'modifier_missing' }));

    const board = await store.preventionTasks();
    expect(board.map((t) => t.preventionId)).toEqual(['prev-1', 'prev-2']);
    expect(board[0]).toMatchObject({
      status: 'control_in_place',
      occurrences: 3,
      totalCents: 30_000,
      lastOccurrenceAt: preventionEntry('prev-1', 2).at,
      controlRecordedAt: preventionEntry('prev-1', 3).at,
      controlSummary: 'Eligibility check added to scheduling',
      lastSeq: 3,
    });
    expect((await store.preventionTasks({ ownerTeam: 'coding' })).map((t) => t.preventionId)).toEqual(['prev-2']);
  });

  it('filters prevention entries by the date of `at` (both ends inclusive), team and root cause, ordered by at, id, seq', async () => {
    const at = (day: string, time: string) => `${day}T${time}.000Z`;
    await store.appendPrevention(preventionEntry('prev-b', 1, { at: at('2026-03-01', '00:00:00') }));
    await store.appendPrevention(preventionEntry('prev-a', 1, { at: at('2026-03-01', '00:00:00') }));
    await store.appendPrevention(preventionEntry('prev-a', 2, { at: at('2026-03-31', '23:59:59') }));
    await store.appendPrevention(preventionEntry('prev-a', 3, { at: at('2026-04-01', '00:00:00') }));
    await store.appendPrevention(preventionEntry('prev-c', 1, { at: at('2026-02-28', '23:59:59'), ownerTeam: 'coding', rootCause: 'modifier_missing' }));
    await store.appendPrevention(preventionEntry('prev-c', 2, { at: at('2026-03-10', '12:00:00'), ownerTeam: 'coding', rootCause: 'modifier_missing' }));

    const keys = (entries: { preventionId: string; seq: number }[]) => entries.map((e) => `${e.preventionId}#${e.seq}`);
    expect(keys(await store.preventionEntries({ from: '2026-03-01', to: '2026-03-31' }))).toEqual(['prev-a#1', 'prev-b#1', 'prev-c#2', 'prev-a#2']);
    expect(keys(await store.preventionEntries({ from: '2026-03-01', to: '2026-03-31', ownerTeam: 'coding' }))).toEqual(['prev-c#2']);
    expect(keys(await store.preventionEntries({ rootCause: 'modifier_missing' }))).toEqual(['prev-c#1', 'prev-c#2']);
  });

  it('applies each migration once when two stores open the same data at the same time', async () => {
    const second = data.open();
    opened.push(second);
    await Promise.all([store.append(denialEntry('d-1', 1)), second.append(denialEntry('d-2', 1))]);
    expect(ids(await second.denialFacts())).toEqual(['d-1', 'd-2']);
    const versions = await data.appliedMigrations();
    expect(versions).toEqual([...new Set(versions)]);
    expect(versions).toEqual(expect.arrayContaining([101, 102]));
  });
}

describe('ledger store contract: SQLite', () => {
  ledgerStoreContract(async () => sqliteBacking());

  it('is the store openLedgerStore picks without a database URL', () => {
    const store = sqliteBacking().open();
    expect(store.kind).toBe('sqlite');
    return store.close();
  });
});

const postgresMissing = postgresUnavailable();
if (postgresMissing) console.log(`Skipping the PostgreSQL ledger store tests: ${postgresMissing}.`);

describe.skipIf(postgresMissing !== undefined)('ledger store contract: PostgreSQL', () => {
  let pg: TestPostgres;

  beforeAll(async () => {
    pg = await startTestPostgres();
  });

  afterAll(async () => {
    await pg?.stop();
  });

  ledgerStoreContract(() => postgresBacking(pg));

  it('answers every query as the SQLite store does, for the same input', async () => {
    const stores = [sqliteBacking().open(), (await postgresBacking(pg)).open()];
    expect(stores.map((s) => s.kind)).toEqual(['sqlite', 'postgres']);
    const answers = await Promise.all(
      stores.map(async (store) => {
        await appendAll(store, [...recoveredAppeal('d-appeal'), ...filterSeed()]);
        for (const v of [volume('P1:TRN-1'), volume('P2:TRN-2', { payerId: 'P2', remitDate: '2026-03-31' })]) await store.recordRemittanceVolume(v);
        for (const seq of [1, 2, 3]) await store.appendPrevention(preventionEntry('prev-1', seq));
        const answer = {
          history: await store.history('d-appeal'),
          facts: await store.denialFacts(),
          openMarch: await store.denialFacts({ from: '2026-03-01', to: '2026-03-31', openOnly: true }),
          volumes: await store.remittanceVolumes(),
          prevention: await store.preventionEntries({ from: '2026-03-02', to: '2026-03-02' }),
          board: await store.preventionTasks(),
        };
        await store.close();
        return answer;
      }),
    );
    expect(answers[0]!.facts).toHaveLength(7);
    expect(answers[1]).toEqual(answers[0]);
  });
});
