/**
 * The ledger store: denial ledger entries with their read model, the prevention ledger with its board,
 * and remittance volumes. SQLite under `data/` by default, PostgreSQL when DATABASE_URL is set; both
 * keep the same schema (versioned migrations) and pass the same contract tests.
 */
import type { DenialFacts } from '../../domain/kpis/denial-facts';
import type { DenialTotals, DenialTotalsQuery } from '../../domain/kpis/denial-totals';
import type { OpenWork, PreventionTally } from '../../domain/kpis/kpis';
import type { SilentMoneyEntry, SilentMoneyWeek } from '../../domain/kpis/silent-money-entry';
import type { CodeWeek } from '../../domain/kpis/payer-shift';
import type { RemittanceVolume } from '../../domain/kpis/remittance-volume';
import type { LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import type { PreventionEntry, PreventionTaskFacts } from '../../domain/prevention/prevention-entry';
import type { AccessEntry } from '../../domain/lifecycle/access-entry';
import type { DecidedOutcomes, LikelihoodCell } from '../../domain/policy/recovery-likelihood';
import type { WorklistPage, WorklistQuery } from './worklist-query';

/** Rows whose period anchor (remit date) falls in [from, to], both inclusive, plus optional equality filters. */
export interface FactsQuery {
  /** One denial's facts. */
  workflowId?: string;
  from?: string;
  to?: string;
  payerId?: string;
  ownerTeam?: string;
  category?: string;
  /** Only denials still open (not resolved, written off or lost). */
  openOnly?: boolean;
}

/** The open work as of a day, of everyone or of a payer or team (a KPI category needs the facts: see dashboard-inputs.ts). */
export interface OpenWorkQuery {
  asOf: string;
  payerId?: string;
  ownerTeam?: string;
}

/** Open work in one expected-value band (worklist-sql.ts VALUE_BANDS). */
export interface ValueBand {
  band: string;
  count: number;
  atRiskCents: number;
  /** Σ expected recovery, in cents (negative where the work costs more). */
  expectedCents: number;
}

export interface Workload {
  assignee: string;
  count: number;
  atRiskCents: number;
}

export interface VolumeQuery {
  from?: string;
  to?: string;
  payerId?: string;
}

export interface PreventionQuery {
  from?: string;
  to?: string;
  ownerTeam?: string;
  rootCause?: string;
}

/** One group of open denials, as the metrics endpoint reports them ('' = no route or team yet). */
export interface OpenDenialGroup {
  stage: string;
  route: string;
  workTeam: string;
  count: number;
  atRiskCents: number;
  /** With a deadline on or before the snapshot's `dueBy`. */
  dueSoon: number;
  /** Waiting on a person's task. */
  tasks: number;
}

export interface OperationsSnapshot {
  open: OpenDenialGroup[];
  /** Denials lost to a filing deadline, ever (the KPI's timely-filing losses). */
  deadlineBreaches: number;
}

export interface LedgerStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Idempotent on (workflowId, seq); folds the entry into the denial's facts in the same transaction. Returns whether it was new. */
  append(entry: LedgerEntry): Promise<boolean>;
  history(workflowId: string): Promise<LedgerEntry[]>;
  /** The first entry (the denial as received, with its codes and amounts) of each of a payer's denials remitted in [from, to]. */
  denialsReceived(query: { payerId: string; from: string; to: string }): Promise<LedgerEntry[]>;
  denialFacts(query?: FactsQuery): Promise<DenialFacts[]>;
  /** What `totalDenials` (domain/kpis/denial-totals.ts) makes of the period's denials of everyone or a payer or team, summed from the rollup. */
  denialTotals(query: DenialTotalsQuery): Promise<DenialTotals>;
  /** One page of the worklist (see worklist-query.ts); rejects an invalid query or cursor. */
  worklist(query: WorklistQuery): Promise<WorklistPage>;
  /** How the payer decided the denials of a payer × category × route cell (the rollup behind the learned recovery likelihood). */
  decidedOutcomes(cell: LikelihoodCell): Promise<DecidedOutcomes>;
  /** What `openWorkOf` (domain/kpis/kpis.ts) makes of every open denial in scope, computed by the database. */
  openWork(query: OpenWorkQuery): Promise<OpenWork>;
  /** Open denials per assignee ('unassigned' for the team queue), most first. */
  workload(query?: Omit<OpenWorkQuery, 'asOf'>): Promise<Workload[]>;
  /** Open work by expected-value band, every band listed (empty ones at zero). */
  valueBands(query?: Omit<OpenWorkQuery, 'asOf'>): Promise<ValueBand[]>;
  /** What `tallyPrevention` makes of the period's prevention entries of everyone or a team, counted by the database. */
  preventionTally(query: { from: string; to: string; ownerTeam?: string }): Promise<PreventionTally>;
  /** The open work by stage, route and team, and the deadlines missed: for the metrics endpoint. */
  operations(query: { dueBy: string }): Promise<OperationsSnapshot>;
  /** Idempotent on remittanceKey. */
  recordRemittanceVolume(volume: RemittanceVolume): Promise<boolean>;
  /** Idempotent on entryKey; resolves to how many entries were new. */
  recordSilentMoney(entries: SilentMoneyEntry[]): Promise<number>;
  /** Denials per payer, adjustment code and week (Mondays in [from, to]): the payer-behaviour test's counts. */
  deniedCodeWeeks(query: { from: string; to: string }): Promise<CodeWeek[]>;
  /** Silent money per week (Mondays in [from, to]) and payer, newest week first, most taken first. */
  silentMoneyByWeek(query: { from: string; to: string; payerId?: string }): Promise<SilentMoneyWeek[]>;
  remittanceVolumes(query?: VolumeQuery): Promise<RemittanceVolume[]>;
  /** Idempotent on (preventionId, seq); folds the entry into the prevention board in the same transaction. */
  appendPrevention(entry: PreventionEntry): Promise<boolean>;
  /** Prevention entries whose `at` date (YYYY-MM-DD prefix) falls in [from, to]. */
  preventionEntries(query?: PreventionQuery): Promise<PreventionEntry[]>;
  preventionTasks(query?: { ownerTeam?: string }): Promise<PreventionTaskFacts[]>;
  /** Idempotent on the entry's id. */
  recordAccess(entry: AccessEntry): Promise<void>;
  /** Access entries whose `at` falls in [from, to] (ISO timestamps), oldest first. */
  accessLog(query?: { from?: string; to?: string }): Promise<AccessEntry[]>;
  /**
   * Seals the free text of rows written in clear before encryption at rest (with `rotate`, also of rows
   * sealed with another key than the ring's first); returns how many rows changed. Safe while the app runs.
   */
  sealStoredText(opts: { rotate: boolean }): Promise<number>;
  close(): Promise<void>;
}
