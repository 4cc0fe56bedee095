/**
 * Worklist and dashboard latency over a ledger of 100k denials (targets: worklist p95 ≤ 100 ms, dashboard ≤ 50 ms).
 *
 * Seeds a temporary SQLite ledger with a year of denials (denial-mix.ts), then times what the web app's
 * pages ask for: an AR specialist's team queue by deadline and their own tasks, a supervisor's view of
 * everything by dollars, a filtered queue, and the supervisor dashboard's KPIs for the last 30 days
 * (the period's denials summed from the KPI rollup, open work summed by the database: loadDashboardInputs).
 * For comparison it also times the same KPIs from the period's and every open denial's facts
 * (loadKpiInputs), which the dashboard must not use at this size.
 * The calls go through a WorkSurface: today the ledger store and the KPI formulas; the HTTP API can be
 * timed by passing a surface whose calls fetch its endpoints, with everything else unchanged.
 *
 *   npm run bench -- worklist
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeKpis, type KpiFilter } from '../domain/kpis/kpis';
import { addDays } from '../domain/policy/dates';
import { makeKeyring } from '../runtime/codec';
import { loadDashboardInputs } from '../runtime/store/dashboard-inputs';
import { loadKpiInputs } from '../runtime/store/kpi-inputs';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { denialsStorePath, openDenialsStore } from '../runtime/store/schema';
import { SqliteLedgerStore } from '../runtime/store/sqlite-ledger';
import type { WorklistQuery } from '../runtime/store/worklist-query';
import { guard, unguard } from './cleanup';
import { assigneeOf } from './denial-mix';
import { figure, list, type BenchResult } from './figures';
import { measureLatency, type Latency, type TimedCall } from './latency';
import { seedLedger } from './ledger-seed';
import { DenialSearchIndex } from '../runtime/at-rest/search-index';

const DENIALS = 100_000;
/** Fixed, so every run seeds and asks for the same data. */
const AS_OF = '2026-11-30';
const TARGET_MS = 100;
/** A supervisor opens the dashboard more often than any report: well below the worklist's target. */
const DASHBOARD_TARGET_MS = 50;
const ROUNDS = 7;
const WORKLIST_CALLS_PER_ROUND = 40;
const DASHBOARD_CALLS_PER_ROUND = 8;
const FACTS_PATH_CALLS_PER_ROUND = 2;
const VALUE_CALLS_PER_ROUND = 10;
const SEARCH_CALLS_PER_ROUND = 20;
/** A specialist's best-next queue (#16): the team's open work by expected value per hour of work, those due within 7 days first. */
const BEST_NEXT: WorklistQuery = { workTeam: 'ar_commercial', sort: 'value', urgentBy: addDays(AS_OF, 7) };

/** A worklist query as a page sends it: `q` is the search box's text, which the server turns into keyed terms. */
export type SurfaceQuery = WorklistQuery & { q?: string };

/** What a page of the web app asks the server for. */
export interface WorkSurface {
  /** Resolves to the number of rows on the page and the total behind it. */
  worklist(q: SurfaceQuery): Promise<{ rows: number; total: number }>;
  dashboard(filter: KpiFilter): Promise<unknown>;
  /** How the calls reach the data, for the report. */
  readonly describe: string;
  close?(): Promise<void>;
}

/** The ledger the surface reads: the SQLite file in `dataDir`, also open as `store`; its search terms are keyed from `denialIdKey`. */
export interface SeededLedger {
  dataDir: string;
  store: LedgerStore;
  denialIdKey: Buffer;
}

export function storeSurface({ store, denialIdKey }: SeededLedger): WorkSurface {
  const search = new DenialSearchIndex(denialIdKey);
  return {
    describe: 'store + formulas (LedgerStore.worklist; loadDashboardInputs + computeKpis), no HTTP',
    async worklist({ q, ...query }) {
      const page = await store.worklist(q ? { ...query, matchTerms: search.termsOfQuery(q) } : query);
      return { rows: page.rows.length, total: page.total };
    },
    async dashboard(filter) {
      return computeKpis(await loadDashboardInputs(store, filter), filter);
    },
  };
}

const WORKLISTS: { name: string; what: string; query: WorklistQuery }[] = [
  { name: 'ar_specialist', what: 'commercial AR team queue by deadline, first page', query: { workTeam: 'ar_commercial' } },
  { name: 'my_tasks', what: 'one specialist’s own tasks by deadline', query: { assignee: assigneeOf('ar_commercial', 'alex') } },
  { name: 'supervisor', what: 'all open work by dollars, first page', query: { sort: 'dollars' } },
  { name: 'filtered', what: 'medical necessity denials of one payer, by deadline', query: { category: 'medical_necessity', payerId: 'MEDICARE-A' } },
];

/**
 * What people type into the search box (#16), as the web app turns it into keyed terms: a common surname
 * with the start of a first name (1 in 40 denials has the surname), and one account number.
 */
const SEARCHES: { name: string; what: string; query: SurfaceQuery }[] = [
  { name: 'search_name', what: 'open denials of "garcia mar" (surname and first-name start), by deadline', query: { q: 'garcia mar' } },
  { name: 'search_account', what: 'the denial of account ACCT-4242, open or closed', query: { q: 'ACCT-4242', openOnly: false } },
];

const DASHBOARD_FILTER: KpiFilter = { from: addDays(AS_OF, -29), to: AS_OF };

function calls(surface: WorkSurface, seeded: SeededLedger): TimedCall[] {
  const direct = storeSurface(seeded);
  const { store } = seeded;
  return [
    ...SEARCHES.map((q) => ({ series: 'worklist_search', name: q.name, call: () => surface.worklist(q.query) })),
    ...WORKLISTS.map((w) => ({ series: 'worklist', name: w.name, call: () => surface.worklist(w.query) })),
    { series: 'dashboard', name: 'dashboard', call: () => surface.dashboard(DASHBOARD_FILTER) },
    { series: 'worklist_value', name: 'best_next', call: () => surface.worklist(BEST_NEXT) },
    { series: 'dashboard_from_facts', name: 'dashboard_from_facts', call: async () => computeKpis(await loadKpiInputs(store, DASHBOARD_FILTER), DASHBOARD_FILTER) },
    // The same calls without HTTP, to show what the API layer adds.
    ...WORKLISTS.map((w) => ({ series: 'worklist_store', name: `${w.name}_store`, call: () => direct.worklist(w.query) })),
    { series: 'dashboard_store', name: 'dashboard_store', call: () => direct.dashboard(DASHBOARD_FILTER) },
  ];
}

const CALLS_PER_ROUND: Record<string, number> = {
  worklist: WORKLIST_CALLS_PER_ROUND,
  dashboard: DASHBOARD_CALLS_PER_ROUND,
  dashboard_from_facts: FACTS_PATH_CALLS_PER_ROUND,
  worklist_value: VALUE_CALLS_PER_ROUND,
  worklist_search: SEARCH_CALLS_PER_ROUND,
  worklist_store: WORKLIST_CALLS_PER_ROUND,
  dashboard_store: DASHBOARD_CALLS_PER_ROUND,
};

const ms = (l: Latency) => `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms`;
const count = (n: number) => n.toLocaleString('en-US');

export async function runWorklistBench(surfaceFor: (ledger: SeededLedger) => Promise<WorkSurface> | WorkSurface = storeSurface): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-worklist-'));
  const cleanup = guard(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  try {
    process.stderr.write(`worklist: seeding ${count(DENIALS)} denials…\n`);
    const db = openDenialsStore(dataDir);
    const keyring = makeKeyring([{ id: 'bench', key: crypto.randomBytes(32) }]);
    const denialIdKey = crypto.randomBytes(32);
    const seeded = seedLedger(db, { denials: DENIALS, asOf: AS_OF, controlFrom: addDays(AS_OF, -180), seed: 2026, keyring, search: new DenialSearchIndex(denialIdKey) });
    const store = new SqliteLedgerStore(db, keyring);
    let surfaceClose: (() => Promise<void>) | undefined;
    try {
      const ledger: SeededLedger = { dataDir, store, denialIdKey };
      const surface = await surfaceFor(ledger);
      surfaceClose = surface.close?.bind(surface);
      const pages = await Promise.all(WORKLISTS.map((w) => surface.worklist(w.query)));
      const found = await Promise.all(SEARCHES.map((q) => surface.worklist(q.query)));
      // A surface that dropped the search would time the whole worklist instead: the one account must be one denial.
      const account = found[SEARCHES.findIndex((q) => q.name === 'search_account')]!;
      if (account.total !== 1) throw new Error(`the search for one account found ${account.total} denials, not 1: the surface does not search`);
      process.stderr.write(`worklist: seeded in ${seeded.seconds.toFixed(1)} s; timing ${ROUNDS} rounds…\n`);
      const latency = await measureLatency(calls(surface, ledger), { rounds: ROUNDS, warmup: 5, iterations: (c) => CALLS_PER_ROUND[c.series]! });
      const worklist = latency.bySeries.get('worklist')!;
      const dashboard = latency.bySeries.get('dashboard')!;
      const megabytes = fs.statSync(denialsStorePath(dataDir)).size / 2 ** 20;
      return {
        figures: [
          figure('worklist.p50_ms', worklist.p50, 1, '≤', TARGET_MS),
          figure('worklist.p95_ms', worklist.p95, 1, '≤', TARGET_MS),
          figure('dashboard.p50_ms', dashboard.p50, 1, '≤', DASHBOARD_TARGET_MS),
          figure('dashboard.p95_ms', dashboard.p95, 1, '≤', DASHBOARD_TARGET_MS),
          figure('worklist.best_next_p95_ms', latency.bySeries.get('worklist_value')!.p95, 1, '≤', TARGET_MS),
          figure('worklist.search_p95_ms', latency.bySeries.get('worklist_search')!.p95, 1, '≤', TARGET_MS),
        ],
        lines: [
          `measured at: ${surface.describe}; medians over ${ROUNDS} rounds of the per-round p50 and p95`,
          `seeded ${count(seeded.denials)} denials (${count(seeded.open)} open), ${count(seeded.events)} ledger entries, ${count(seeded.volumes)} remittance volumes, ${count(seeded.preventionEntries)} prevention entries into SQLite (${megabytes.toFixed(0)} MiB) in ${seeded.seconds.toFixed(1)} s, one transaction`,
          ...WORKLISTS.map((w, i) => `worklist ${w.name} (${w.what}; ${pages[i]!.rows} of ${count(pages[i]!.total)} rows): ${ms(latency.byCall.get(w.name)!)}`),
          `dashboard (KPIs of ${DASHBOARD_FILTER.from}..${DASHBOARD_FILTER.to}, every payer and team): ${ms(dashboard)}`,
          ...SEARCHES.map((q, i) => `worklist ${q.name} (${q.what}; ${found[i]!.rows} of ${count(found[i]!.total)} rows): ${ms(latency.byCall.get(q.name)!)}`),
          `worklist best_next (commercial AR team queue by expected value per hour of work, due within 7 days first; no index can hold a value that moves with other denials' outcomes, so the team's open denials are sorted per call): ${ms(latency.bySeries.get('worklist_value')!)}`,
          `without HTTP (store + formulas): worklist ${ms(latency.bySeries.get('worklist_store')!)}; dashboard ${ms(latency.bySeries.get('dashboard_store')!)}`,
          `dashboard from the period's and every open denial's facts (loadKpiInputs, store level only): ${ms(latency.bySeries.get('dashboard_from_facts')!)}`,
          `per-round p95, worklist: ${list(worklist.p95s, 1)}; dashboard: ${list(dashboard.p95s, 1)}`,
          `calls per round: ${WORKLIST_CALLS_PER_ROUND} of each worklist, ${DASHBOARD_CALLS_PER_ROUND} dashboards, ${FACTS_PATH_CALLS_PER_ROUND} from facts, after 5 warm-up calls each`,
        ],
      };
    } finally {
      await surfaceClose?.();
      await store.close();
    }
  } finally {
    unguard(cleanup);
    cleanup();
  }
}
