// The period KPIs' rollup (migration 106), on the SQLite file and a real PostgreSQL server: kept by every
// append, and built from the denials an older release folded, it must sum to what every denial's facts
// give, and the dashboard's KPIs from it must equal those from the facts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectDenialFacts, type DenialFacts } from '../../domain/kpis/denial-facts';
import { totalDenials, type DenialTotals, type DenialTotalsQuery } from '../../domain/kpis/denial-totals';
import { computeKpis, type KpiFilter } from '../../domain/kpis/kpis';
import type { LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import { addDays } from '../../domain/policy/dates';
import { denialHistory, seededRandom } from '../../bench/denial-mix';
import { loadDashboardInputs } from '../../runtime/store/dashboard-inputs';
import { loadKpiInputs } from '../../runtime/store/kpi-inputs';
import { denialFactsColumns, type Statement } from '../../runtime/store/ledger-sql';
import { upsert } from '../../runtime/store/sql-statement';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import { migratePostgres, postgresLedgerMigrations } from '../../runtime/store/postgres-schema';
import { denialsMigrations, denialsStorePath } from '../../runtime/store/schema';
import { openSqlite } from '../../runtime/store/sqlite';
import { denialEntry } from '../fixtures/ledger';
import { keyringWith, randomKey } from '../support/codec-keys';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../support/postgres';

const keyring = keyringWith(randomKey('totals-test'));
const AS_OF = '2026-11-30';
const DENIALS = 400;

interface Backing {
  open(): LedgerStore;
  /** Rows written by the release before migration 106. */
  olderRelease(statements: Statement[]): Promise<void>;
}

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const BEFORE_TOTALS = 105;

function sqliteBacking(): Backing {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denial-totals-'));
  dataDirs.push(dataDir);
  return {
    open: () => openLedgerStore({ dataDir, keyring }),
    async olderRelease(statements) {
      const db = openSqlite(denialsStorePath(dataDir), denialsMigrations.filter((m) => m.version <= BEFORE_TOTALS));
      db.transaction(() => statements.forEach((s) => db.prepare(s.sql).run(...s.params)))();
      db.close();
    },
  };
}

async function postgresBacking(pg: TestPostgres): Promise<Backing> {
  const url = await pg.newDatabase();
  return {
    open: () => openLedgerStore({ dataDir: '/nonexistent/denial-totals-test', databaseUrl: url, keyring }),
    async olderRelease(statements) {
      const pool = new Pool({ connectionString: url });
      try {
        await migratePostgres(pool, postgresLedgerMigrations.filter((m) => m.version <= BEFORE_TOTALS));
        for (const s of statements) {
          let n = 0;
          await pool.query(s.sql.replace(/\?/g, () => `$${++n}`), s.params);
        }
      } finally {
        await pool.end();
      }
    },
  };
}

/** A year of denials as the bench seeds them: payers, categories, appeals, write-offs, open work. */
function realisticLedger(): LedgerEntry[] {
  const rand = seededRandom(15);
  return Array.from({ length: DENIALS }, (_, i) => denialHistory(rand, i + 1, DENIALS, AS_OF)).flat();
}

const day = (d: string, seq: number) => `${d}T10:${String(seq).padStart(2, '0')}:00.000Z`;

/**
 * Denials whose facts move between groups and back: reclassified to another payer, team, category and
 * root cause; paid, reversed and written off; closed, reopened and closed again; an underpayment disputed;
 * and an entry that arrives after a later one.
 */
function movingDenials(): LedgerEntry[] {
  const remitDate = '2026-11-10';
  const coding = { remitDate, payerId: 'UHC', ownerTeam: 'coding', category: 'coding', rootCause: 'modifier_missing', route: 'corrected_claim' };
  const eligibility = { remitDate, payerId: 'AETNA', ownerTeam: 'patient_access', category: 'eligibility', rootCause: 'coverage_terminated', route: 'bill_next_payer' };
  const appeal = { remitDate, payerId: 'CIGNA', ownerTeam: 'ar_follow_up', category: 'authorization', rootCause: 'auth_missing', route: 'appeal', preventable: true };
  const dispute = { remitDate: '2026-11-20', payerId: 'BCBS-TX', ownerTeam: 'contracting', category: 'pricing', rootCause: 'fee_schedule_mismatch', route: 'payment_dispute' };
  return [
    denialEntry('moves', 1, { at: day('2026-11-10', 1), stage: 'classified', facts: coding }),
    denialEntry('moves', 2, { at: day('2026-11-12', 2), stage: 'routed', facts: { ...coding, rootCause: 'wrong_modifier' } }),
    denialEntry('moves', 3, { at: day('2026-11-14', 3), stage: 'routed', facts: eligibility }),
    denialEntry('moves', 4, { at: day('2026-11-20', 4), stage: 'written_off', facts: { ...eligibility, resolution: 'written_off' }, amounts: { atRiskCents: 0, lostCents: 24_000 } }),

    denialEntry('reversed', 1, { at: day('2026-11-10', 1), stage: 'routed', facts: appeal }),
    denialEntry('reversed', 2, { at: day('2026-11-11', 2), type: 'transition', stage: 'submitted', facts: appeal }),
    denialEntry('reversed', 3, { at: day('2026-11-18', 3), stage: 'resolved', facts: { ...appeal, resolution: 'recovered' }, amounts: { atRiskCents: 0, recoveredCents: 24_000 } }),
    // The payer takes the payment back: open again, nothing recovered, then lost on appeal.
    denialEntry('reversed', 4, { at: day('2026-11-22', 4), type: 'payer_event', stage: 'awaiting_payer', facts: appeal, amounts: { atRiskCents: 24_000, recoveredCents: 0 } }),
    denialEntry('reversed', 5, { at: day('2026-11-29', 5), stage: 'resolved', facts: { ...appeal, resolution: 'upheld' }, amounts: { atRiskCents: 0, lostCents: 24_000 } }),

    denialEntry('disputed', 1, { at: day('2026-11-20', 1), stage: 'routed', facts: dispute, amounts: { atRiskCents: 6_000, underpaidCents: 6_000 } }),
    denialEntry('disputed', 3, { at: day('2026-11-28', 3), stage: 'resolved', facts: { ...dispute, resolution: 'partially_recovered' }, amounts: { atRiskCents: 0, recoveredCents: 9_000, underpaidCents: 6_000 } }),
    // Late: a note that arrives after the denial closed still counts its touch.
    denialEntry('disputed', 2, { at: day('2026-11-21', 2), type: 'note', actor: { id: 'ar.alex', role: 'ar_specialist' }, stage: 'in_work', facts: dispute, amounts: { underpaidCents: 6_000 } }),
  ];
}

const FILTERS: KpiFilter[] = [
  { from: addDays(AS_OF, -29), to: AS_OF },
  { from: addDays(AS_OF, -364), to: AS_OF },
  { from: addDays(AS_OF, -90), to: AS_OF, payerId: 'UHC' },
  { from: addDays(AS_OF, -90), to: AS_OF, ownerTeam: 'patient_access' },
  { from: addDays(AS_OF, -120), to: addDays(AS_OF, -20), category: 'modifier' },
  { from: addDays(AS_OF, -120), to: AS_OF, category: 'eligibility', payerId: 'AETNA' },
];

/** Groups and days in one order, for comparing totals summed in different orders. */
function sorted(t: DenialTotals): DenialTotals {
  const order = <T>(xs: readonly T[], key: (x: T) => unknown[]) => [...xs].sort((a, b) => JSON.stringify(key(a)).localeCompare(JSON.stringify(key(b))));
  return {
    ...t,
    groups: order(t.groups, (g) => [g.payerId, g.ownerTeam, g.category, g.rootCause, g.underpaid]),
    resolutionDays: order(t.resolutionDays, (r) => [r.category, r.rootCause, r.days]),
  };
}

async function expectTotalsOfEveryDenial(store: LedgerStore): Promise<void> {
  const facts = await store.denialFacts();
  for (const f of FILTERS) {
    const q: DenialTotalsQuery = { from: f.from, to: f.to, payerId: f.payerId, ownerTeam: f.ownerTeam };
    expect(sorted(await store.denialTotals(q))).toEqual(sorted(totalDenials(facts, q)));
    expect(computeKpis(await loadDashboardInputs(store, f), f)).toEqual(computeKpis(await loadKpiInputs(store, f), f));
  }
}

const pg = postgresUnavailable();
const backings: [string, () => Promise<Backing>, boolean][] = [];
let server: TestPostgres | undefined;
beforeAll(async () => {
  if (!pg) server = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});
backings.push(['SQLite', async () => sqliteBacking(), false]);
backings.push(['PostgreSQL', async () => postgresBacking(server!), pg !== undefined]);

describe.each(backings)('denial totals on %s', (_name, backing, skip) => {
  it.skipIf(skip)('are kept by every append, as denials move between payers, teams, categories and stages', async () => {
    const store = (await backing()).open();
    try {
      for (const e of [...realisticLedger(), ...movingDenials()]) await store.append(e);
      // Appending an entry again changes nothing.
      for (const e of movingDenials()) expect(await store.append(e)).toBe(false);
      await expectTotalsOfEveryDenial(store);

      const [moved] = await store.denialFacts({ payerId: 'AETNA', from: '2026-11-10', to: '2026-11-10' });
      expect(moved).toMatchObject({ workflowId: 'moves', ownerTeam: 'patient_access', stage: 'written_off' });
      const november = { from: '2026-11-01', to: AS_OF };
      const uhc = computeKpis(await loadDashboardInputs(store, { ...november, payerId: 'UHC' }), { ...november, payerId: 'UHC' });
      const uhcFacts = await store.denialFacts({ ...november, payerId: 'UHC' });
      expect(uhc.denials.count).toBe(uhcFacts.length);
      const kpis = computeKpis(await loadDashboardInputs(store, november), november);
      expect(kpis.underpaymentDisputes).toMatchObject({ opened: 1, disputedCents: 6_000, recoveredCents: 6_000 });
      expect(kpis.appealOverturnRate.byPayer.CIGNA).toMatchObject({ denominator: 1, numerator: 0 });
    } finally {
      await store.close();
    }
  }, 120_000);

  it.skipIf(skip)('are built from the denials an older release folded, and kept from there', async () => {
    const b = await backing();
    const older = [...realisticLedger(), ...movingDenials().slice(0, 3)];
    const folded = new Map<string, DenialFacts>();
    for (const e of older) folded.set(e.workflowId, projectDenialFacts(folded.get(e.workflowId), e));
    // Saved as release 105 saved them: without the appeal_level column migration 107 adds.
    const asReleased = (f: DenialFacts) => {
      const { appeal_level: _, ...columns } = denialFactsColumns(f);
      return upsert('denial_facts', 'workflow_id', { ...columns, body: JSON.stringify(f) });
    };
    await b.olderRelease([...folded.values()].map(asReleased));
    const store = b.open();
    try {
      await expectTotalsOfEveryDenial(store);
      for (const e of movingDenials().slice(3)) await store.append(e);
      await expectTotalsOfEveryDenial(store);
    } finally {
      await store.close();
    }
  }, 120_000);
});
