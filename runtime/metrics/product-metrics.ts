/**
 * The product's own Prometheus metrics, all named `denials_*`: counters the intake, the activities and
 * the mail raise as things happen in this process, and gauges of the open work read from the ledger at
 * scrape time (by the processes that watch it: the web role). Labels carry stages, routes, teams, kinds
 * and activity types only: never an id, a name or an amount per denial.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { LedgerStore, OperationsSnapshot } from '../store/ledger-store';

export const productMetrics = new Registry();
const registers = [productMetrics];

const intakeFiles = new Counter({ name: 'denials_intake_files_total', help: '835 files read by the intake, by verdict (accepted, rejected) and entry point', labelNames: ['verdict', 'via'], registers });
const intakeClaims = new Counter({
  name: 'denials_intake_claims_total',
  help: 'Claims read by the intake, by what became of them (started, signaled, duplicate, not_tracked, closed, quarantined)',
  labelNames: ['outcome'],
  registers,
});
const intakeRejections = new Counter({ name: 'denials_intake_rejections_total', help: '835 files the intake rejected whole (not an 835, broken envelope)', registers });
const activityFailures = new Counter({
  name: 'denials_activity_failures_total',
  help: 'Activity attempts that failed, by activity type and failure type (retried ones count each time)',
  labelNames: ['activity_type', 'failure_type'],
  registers,
});
const notificationFailures = new Counter({ name: 'denials_notification_failures_total', help: 'Notification attempts that failed, by kind', labelNames: ['kind'], registers });

/** A finished intake run: its file's verdict and what became of each claim (dry runs change nothing and are not counted). */
/** What countIngest reads of an intake report (client/ingest/report.ts). */
export interface IngestOutcome {
  verdict: string;
  via: string;
  dryRun: boolean;
  totals: Record<'started' | 'signaled' | 'duplicates' | 'notTracked' | 'closed' | 'quarantined', number>;
}

export function countIngest(report: IngestOutcome): void {
  if (report.dryRun) return;
  intakeFiles.inc({ verdict: report.verdict, via: report.via });
  if (report.verdict === 'rejected') intakeRejections.inc();
  const t = report.totals;
  const outcomes: [string, number][] = [
    ['started', t.started],
    ['signaled', t.signaled],
    ['duplicate', t.duplicates],
    ['not_tracked', t.notTracked],
    ['closed', t.closed],
    ['quarantined', t.quarantined],
  ];
  for (const [outcome, n] of outcomes) if (n > 0) intakeClaims.inc({ outcome }, n);
}

export function countActivityFailure(activityType: string, err: unknown): void {
  const failureType = (err as { type?: unknown })?.type;
  activityFailures.inc({ activity_type: activityType, failure_type: typeof failureType === 'string' && failureType ? failureType : (err as Error)?.name || 'Error' });
}

export function countNotificationFailure(kind: string): void {
  notificationFailures.inc({ kind });
}

const DAY_MS = 86_400_000;
/** Scrapes within this long share one read of the ledger. */
const SNAPSHOT_TTL_MS = 5_000;

/**
 * Adds the gauges of the open work, read from `ledger` when scraped. Call once per process, in the
 * processes that should report them (one role is enough: every node reads the same ledger).
 */
export function watchLedger(ledger: Pick<LedgerStore, 'operations'>, now: () => Date = () => new Date()): void {
  let cached: { at: number; snapshot: Promise<OperationsSnapshot> } | undefined;
  const snapshot = () => {
    const at = now().getTime();
    if (!cached || at - cached.at > SNAPSHOT_TTL_MS) {
      cached = { at, snapshot: ledger.operations({ dueBy: new Date(at + 7 * DAY_MS).toISOString().slice(0, 10) }) };
      // A failed read is not cached: the next scrape tries again.
      cached.snapshot.catch(() => (cached = undefined));
    }
    return cached.snapshot;
  };
  const byGroup = ['stage', 'route', 'team'] as const;
  const gauge = (name: string, help: string, labelNames: readonly string[], fill: (g: Gauge, s: OperationsSnapshot) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const s = await snapshot();
        this.reset();
        fill(this, s);
      },
    });
  /** Sums `value` of the open groups per label set. */
  const sumBy = (g: Gauge, s: OperationsSnapshot, labels: (o: OperationsSnapshot['open'][number]) => Record<string, string>, value: (o: OperationsSnapshot['open'][number]) => number) => {
    for (const o of s.open) g.inc(labels(o), value(o));
  };
  const groupLabels = (o: OperationsSnapshot['open'][number]) => ({ stage: o.stage, route: o.route || 'none', team: o.workTeam || 'none' });
  const teamLabel = (o: OperationsSnapshot['open'][number]) => ({ team: o.workTeam || 'none' });
  gauge('denials_open', 'Open denials, by stage, route and working team', byGroup, (g, s) => sumBy(g, s, groupLabels, (o) => o.count));
  gauge('denials_at_risk_dollars', 'Dollars at risk on open denials, by stage, route and working team', byGroup, (g, s) => sumBy(g, s, groupLabels, (o) => o.atRiskCents / 100));
  gauge('denials_deadlines_next_7_days', 'Open denials whose filing deadline falls within the next 7 days (or has passed), by working team', ['team'], (g, s) =>
    sumBy(g, s, teamLabel, (o) => o.dueSoon),
  );
  gauge('denials_tasks_open', 'Open denials waiting on a person, by working team', ['team'], (g, s) => sumBy(g, s, teamLabel, (o) => o.tasks));
  gauge('denials_deadline_breaches', 'Denials lost to a filing deadline, ever (the KPI timely-filing losses): alert on an increase', [], (g, s) => g.set(s.deadlineBreaches));
}
