/**
 * What a denial does to the world, each in one place: the ledger, the search attributes, mail, and the
 * prevention report. Every change of the case's state that others must see goes through here, in the
 * order the recorded histories expect (ledger first, then attributes, as the workflow always did).
 */
import { log, proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { DenialActivities, NotifyInput } from '../../activities';
import type { PreventionActivities } from '../../activities/prevention';
import { SystemActor, type LedgerEntry, type Resolution, type Stage } from '../../domain/lifecycle/ledger-entry';
import type { HumanTask, TaskKind } from '../../domain/lifecycle/tasks';
import type { RootCause } from '../../domain/policy/taxonomy';
import type { DenialWorkflowInput } from '../denial-messages';
import { NextDeadline } from '../search-attributes';
import { AR_TEAM, codesOf, isoDay, type Actorish, type DenialCaseState } from './case-state';
import type { ClassifiedDenial } from '../../domain/prevention/defect-report';
import type { DefectReport } from '../../domain/prevention/prevention-state';
import { hasPatch, opensInOneTask, reportsPreventionAlongside } from './patches';
import { legacyRules, policy, rulesPinned } from './rules';

const { appendLedger, appendLedgerEntries } = proxyActivities<DenialActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
// Mail is worth retrying for a while (an SMTP server restarting), never worth stopping the case for.
const { notify } = proxyActivities<DenialActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute', maximumAttempts: 8 },
});
const { reportDefect } = proxyActivities<PreventionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** The calls through which the case's effects leave the workflow. */
interface EffectCalls {
  appendLedgerEntries(entries: LedgerEntry[]): Promise<void>;
  notify(input: NotifyInput): Promise<unknown>;
  reportDefect(report: DefectReport): Promise<unknown>;
}

const ACTIVITIES: EffectCalls = { appendLedgerEntries, notify, reportDefect };

// Two quick tries in the worker: the local path exists to spare workflow tasks, not to ride out an outage.
const QUICK = { startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 2 } } as const;
const local = proxyLocalActivities<DenialActivities & PreventionActivities>(QUICK);

/**
 * The call as a local activity first, its answer recorded in the workflow task that made it; if that fails,
 * the same call as an activity, whose retries cost no history while a ledger or mail server is down. Every
 * effect is idempotent (the ledger on its seq, mail on its key, the report on the denial), so a local try
 * that did its work and then failed is harmless.
 */
function locallyFirst<A extends unknown[], R>(viaLocal: (...args: A) => Promise<R>, viaActivity: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => viaLocal(...args).catch(() => viaActivity(...args));
}

const LOCAL_FIRST: EffectCalls = {
  appendLedgerEntries: locallyFirst(local.appendLedgerEntries, appendLedgerEntries),
  notify: locallyFirst(local.notify, notify),
  reportDefect: locallyFirst(local.reportDefect, reportDefect),
};

/** The innermost message of a failure chain (an activity failure wraps the ApplicationFailure that says why). */
export function rootCauseOf(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e && e.cause) e = e.cause as typeof e;
  return e?.message ?? String(err);
}

export type MailFields =
  | { kind: 'task_assigned'; key: string; task: TaskKind; deadline?: string }
  | { kind: 'reminder'; key: string; task?: TaskKind; deadline: string; daysLeft: number }
  | { kind: 'escalation'; key: string; task?: TaskKind; deadline: string; daysLeft: number; reason: 'deadline_near' | 'task_overdue' }
  | { kind: 'deadline_breach'; key: string; deadline: string };

export class CaseEffects {
  /** Since `opening-ledger-batch`: entries are appended by `appendLedgerEntries`, in order, one batch at a time. */
  private batching = false;
  /** Until the case first waits, entries only queue: a new denial's first steps cost one round trip. */
  private opening = false;
  private readonly pending: LedgerEntry[] = [];
  private appending = 0;
  /** The opening changed what the search attributes show, to be published when it ends. */
  private unpublished = false;
  private appended: Promise<void> = Promise.resolve();
  /** Prevention reports on their way (since `prevention-alongside`), settled before the run ends. */
  private readonly deliveries: Promise<void>[] = [];

  constructor(
    private readonly c: DenialCaseState,
    private readonly input: DenialWorkflowInput,
  ) {}

  /**
   * Queues the entries of the run's first steps (received, classified, routed, task opened) until it first
   * waits (`flush`), where before each was an activity of its own and its workflow task: 59 history events
   * per parked denial. Runs started before the patch append one entry per activity, as their histories say.
   */
  batchOpening(): void {
    this.batching = true;
    this.opening = true;
  }

  /** Through which calls an effect leaves now: locally while the opening of a run since `opening-in-one-task` lasts, as activities after. */
  private calls(): EffectCalls {
    return this.opening && opensInOneTask() ? LOCAL_FIRST : ACTIVITIES;
  }

  publish(): void {
    // The opening's several changes of stage are published once, with its entries (`flush`).
    if (this.opening) {
      this.unpublished = true;
      return;
    }
    this.unpublished = false;
    const attrs = this.c.searchAttributes();
    // Submitted or closed: no filing deadline runs, so worklists sorted by it must not show a stale one.
    if (!this.c.deadlineRuns && hasPatch('clear-next-deadline')) attrs.push({ key: NextDeadline, value: null });
    upsertSearchAttributes(attrs);
  }

  /** Appends one ledger event; (workflowId, seq) makes the activity idempotent across retries and replays. */
  async record(type: LedgerEntry['type'], summary: string, actor: Actorish = SystemActor, extra: Parameters<DenialCaseState['ledgerEntry']>[4] = {}): Promise<void> {
    const entry = this.c.ledgerEntry(type, summary, actor, new Date().toISOString(), extra);
    if (!this.batching) {
      await appendLedger(entry);
      return;
    }
    this.pending.push(entry);
    if (!this.opening) await this.flush();
  }

  /**
   * Whether entries are queued or on their way: callers await `flush` only then. Runs from before the patch
   * never queue, so they never take the extra await, which could reorder their commands on replay.
   */
  get queued(): boolean {
    return this.pending.length > 0 || this.appending > 0 || this.unpublished;
  }

  /**
   * Appends what is queued, after any append still under way, so entries reach the ledger in seq order
   * whoever records them (the main path or a handler); ends the opening. Nothing queued, nothing scheduled.
   */
  flush(): Promise<void> {
    const calls = this.calls();
    this.opening = false;
    if (this.unpublished) this.publish();
    this.appending++;
    const run = this.appended
      .then(async () => {
        const batch = this.pending.splice(0);
        if (batch.length) await calls.appendLedgerEntries(batch);
      })
      .finally(() => void this.appending--);
    this.appended = run.catch(() => undefined);
    return run;
  }

  async moveTo(next: Stage, summary: string, actor: Actorish = SystemActor, rationale: string[] = []): Promise<void> {
    const from = this.c.moveTo(next);
    this.publish();
    await this.record('transition', summary, actor, { fromStage: from, rationale });
  }

  async close(final: Stage, why: Resolution, reason: string, actor: Actorish = SystemActor): Promise<void> {
    this.c.closeAs(why, reason);
    await this.moveTo(final, reason, actor);
  }

  async openTask(kind: TaskKind, queue = AR_TEAM): Promise<HumanTask> {
    const t = this.c.openTask(kind, queue, new Date().toISOString());
    this.publish();
    await this.record('task_opened', `Task opened: ${t.title}`);
    const calls = this.calls();
    const mail = () => this.mail({ kind: 'task_assigned', key: `task:${t.id}`, task: t.kind, ...(t.dueDate ? { deadline: t.dueDate } : {}) }, this.c.atRiskCents, calls);
    if (!this.opening) {
      await mail();
      return t;
    }
    // The first task: the opening's entries and its mail go out together, in one workflow task.
    const [ledger, mailed] = await Promise.allSettled([this.flush(), mail()]);
    for (const r of [ledger, mailed]) if (r.status === 'rejected') throw r.reason;
    return t;
  }

  async completeTask(actor: Actorish, summary: string): Promise<void> {
    await this.record('task_completed', summary, actor);
    this.c.finishTask(summary);
    this.publish();
  }

  /**
   * Mails the working team or person (escalations and breaches go to supervisors, copying them). Only ids,
   * amounts, dates and the category; the patient's identifiers are passed so the mail can be refused if
   * one ever slipped into its text. Mail that cannot be sent is recorded, never fatal to the case.
   */
  async mail({ key, ...fields }: MailFields, amountCents = this.c.atRiskCents, calls = this.calls()): Promise<void> {
    const c = this.c;
    const phiValues = [this.input.patient?.name, this.input.patient?.memberId, c.denial.claim.patientControlNumber].filter((v): v is string => !!v);
    try {
      await calls.notify({
        ...fields,
        idempotencyKey: `${c.workflowId}:${key}`,
        workflowId: c.workflowId,
        team: c.team,
        ...(c.assignee ? { assignee: c.assignee } : {}),
        phiValues,
        category: c.primary.category,
        amountAtRiskCents: Math.max(0, amountCents),
      } as NotifyInput);
    } catch (err) {
      log.warn('mail not sent', { workflowId: c.workflowId, kind: fields.kind });
      await this.record('notification', `Mail ${fields.kind} (${key}) could not be sent: ${rootCauseOf(err)}. The case goes on; the team sees it here.`);
    }
  }

  /** Tells the prevention task of the root cause about this denial; root causes nobody can prevent have none. */
  async reportToPrevention(rootCause: RootCause): Promise<void> {
    const c = this.c;
    const p = c.primary;
    const denial: ClassifiedDenial = {
      workflowId: c.workflowId,
      rootCause,
      underpaid: c.underpaidCents > 0,
      ownerTeam: rootCause === p.rootCause ? p.ownerTeam : AR_TEAM,
      category: p.category,
      payerId: c.denial.payer.id,
      amountCents: c.atRiskCents,
      remitDate: c.denial.remittance.date ?? isoDay(Date.now()),
      ...((c.denial.claim.serviceDateFrom ?? c.denial.serviceLines[0]?.serviceDateFrom) ? { serviceDate: c.denial.claim.serviceDateFrom ?? c.denial.serviceLines[0]?.serviceDateFrom } : {}),
      codes: codesOf(c.denial),
    };
    let report: DefectReport | null;
    try {
      report = rulesPinned() ? await policy.preventionReport(denial) : legacyRules().defectReportFor(denial);
      if (report && reportsPreventionAlongside()) this.deliverAlongside(report, rootCause);
      else if (report) await reportDefect(report);
    } catch (err) {
      await this.reportFailed(rootCause, err);
      return;
    }
    if (!report) return;
    await this.record('note', `Reported to prevention task ${report.key.id}: ${report.control.leakPointName} (control: ${report.control.control})`);
  }

  /** Prevention learns of the defect later, from the next denial with the same root cause; this case goes on. */
  private reportFailed(rootCause: RootCause, err: unknown): Promise<void> {
    return this.record('note', `Could not report ${rootCause} to its prevention task: ${rootCauseOf(err)}`);
  }

  /**
   * The report goes out with the opening's entries and mail, sparing the workflow task that waited for it
   * alone: the note says it was sent, and a delivery that still fails after its retries adds a note of its own.
   */
  private deliverAlongside(report: DefectReport, rootCause: RootCause): void {
    const delivered = this.calls().reportDefect(report).then(
      () => undefined,
      (err: unknown) => this.reportFailed(rootCause, err),
    );
    // A note that cannot reach the ledger either is the ledger's failure, which the case meets on its own path.
    this.deliveries.push(delivered.catch(() => log.warn('prevention report failure not recorded', { workflowId: this.c.workflowId })));
  }

  /** Whether any prevention report went out alongside; only then do callers await `settle`. */
  get delivering(): boolean {
    return this.deliveries.length > 0;
  }

  /** Waits for the prevention reports on their way: a run must not end with one abandoned. */
  async settle(): Promise<void> {
    await Promise.all(this.deliveries);
  }
}
