/**
 * What a denial does to the world, each in one place: the ledger, the search attributes, mail, and the
 * prevention report. Every change of the case's state that others must see goes through here, in the
 * order the recorded histories expect (ledger first, then attributes, as the workflow always did).
 */
import { log, patched, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { DenialActivities, NotifyInput } from '../../activities';
import type { CaseEffect, CaseEffectActivities } from '../../activities/case-effects';
import type { PreventionActivities } from '../../activities/prevention';
import { SystemActor, type LedgerEntry, type Resolution, type Stage } from '../../domain/lifecycle/ledger-entry';
import type { HumanTask, TaskKind } from '../../domain/lifecycle/tasks';
import type { RootCause } from '../../domain/policy/taxonomy';
import type { DenialWorkflowInput } from '../denial-messages';
import { NextDeadline } from '../search-attributes';
import { AR_TEAM, codesOf, isoDay, type Actorish, type DenialCaseState } from './case-state';
import type { ClassifiedDenial } from '../../domain/prevention/defect-report';
import type { DefectReport } from '../../domain/prevention/prevention-state';
import { legacyRules, policy, rulesPinned } from './rules';

const { appendLedger } = proxyActivities<DenialActivities>({
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
// The ledger must take a step's entries, so it is retried like appendLedger; mail and the report inside it never fail it.
const { applyCaseEffects } = proxyActivities<CaseEffectActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});

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
  /**
   * Since the `effects-per-step` patch, what a step does to the world waits here and goes out in one
   * activity when the case next waits (`sendStep`). Runs started before send each effect as it happens.
   */
  private step: CaseEffect[] | null = null;
  private sending: Promise<void> | null = null;
  private attributesDue = false;

  constructor(
    private readonly c: DenialCaseState,
    private readonly input: DenialWorkflowInput,
  ) {}

  /** Called once, at the start of a run: a workflow keeps the way it started with. */
  sendPerStep(): void {
    this.step = [];
  }

  /**
   * Whether effects wait for `sendStep`. Code that runs only then may await it; the runs that send as
   * they go must not meet one more await, which would reorder their commands against their histories.
   */
  get perStep(): boolean {
    return this.step !== null;
  }

  /** Sending per step, whether something is still to be sent or on its way. */
  get unsent(): boolean {
    return this.step !== null && (this.step.length > 0 || this.sending !== null || this.attributesDue);
  }

  /**
   * Sends what the step did, in one activity, and returns once it is done (also what another caller is
   * sending meanwhile, so the ledger takes the steps in their order). Called where the code waits: before
   * the case waits for a person, the payer or a timer, at the end of an Update or a signal, and at the end.
   */
  async sendStep(): Promise<void> {
    if (this.attributesDue) this.upsertAttributes();
    while (this.step && (this.step.length > 0 || this.sending)) {
      if (this.sending) {
        await this.sending;
        continue;
      }
      const effects = this.step.splice(0);
      this.sending = this.send(effects).finally(() => {
        this.sending = null;
      });
    }
  }

  private async send(effects: CaseEffect[]): Promise<void> {
    const { undelivered, refused } = await applyCaseEffects(effects);
    // Each on its own activity with its own retries, as a run that sends as it goes does; a failure is recorded.
    for (const index of undelivered) {
      const effect = effects[index];
      if (effect?.kind === 'mail') await this.notifyOrRecord(effect.mail);
      else if (effect?.kind === 'defect') await this.reportAgain(effect.report);
    }
    // As an append that fails on its own: whoever sent the step learns of it, and the case parks.
    if (refused.length) throw new Error(refused.join('; '));
  }

  publish(): void {
    if (this.step) this.attributesDue = true;
    else this.upsertAttributes();
  }

  private upsertAttributes(): void {
    this.attributesDue = false;
    const attrs = this.c.searchAttributes();
    // Submitted or closed: no filing deadline runs, so worklists sorted by it must not show a stale one.
    if (!this.c.deadlineRuns && patched('clear-next-deadline')) attrs.push({ key: NextDeadline, value: null });
    upsertSearchAttributes(attrs);
  }

  /** Appends one ledger event; (workflowId, seq) makes the activity idempotent across retries and replays. */
  async record(type: LedgerEntry['type'], summary: string, actor: Actorish = SystemActor, extra: Parameters<DenialCaseState['ledgerEntry']>[4] = {}): Promise<void> {
    const entry = this.c.ledgerEntry(type, summary, actor, new Date().toISOString(), extra);
    if (this.step) this.step.push({ kind: 'ledger', entry });
    else await appendLedger(entry);
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
    await this.mail({ kind: 'task_assigned', key: `task:${t.id}`, task: t.kind, ...(t.dueDate ? { deadline: t.dueDate } : {}) });
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
  mail({ key, ...fields }: MailFields, amountCents = this.c.atRiskCents): Promise<void> {
    const c = this.c;
    const phiValues = [this.input.patient?.name, this.input.patient?.memberId, c.denial.claim.patientControlNumber].filter((v): v is string => !!v);
    const mail = {
      ...fields,
      idempotencyKey: `${c.workflowId}:${key}`,
      workflowId: c.workflowId,
      team: c.team,
      ...(c.assignee ? { assignee: c.assignee } : {}),
      phiValues,
      category: c.primary.category,
      amountAtRiskCents: Math.max(0, amountCents),
    } as NotifyInput;
    if (!this.step) return this.notifyOrRecord(mail); // not awaited here: the same awaits as ever
    this.step.push({ kind: 'mail', mail });
    return Promise.resolve();
  }

  private async notifyOrRecord(mail: NotifyInput): Promise<void> {
    try {
      await notify(mail);
    } catch (err) {
      log.warn('mail not sent', { workflowId: this.c.workflowId, kind: mail.kind });
      await this.record('notification', `Mail ${mail.kind} (${mail.idempotencyKey.slice(this.c.workflowId.length + 1)}) could not be sent: ${rootCauseOf(err)}. The case goes on; the team sees it here.`);
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
      if (report && !this.step) await reportDefect(report);
    } catch (err) {
      // Prevention learns of the defect later, from the next denial with the same root cause; this case goes on.
      await this.record('note', `Could not report ${rootCause} to its prevention task: ${rootCauseOf(err)}`);
      return;
    }
    if (!report) return;
    this.step?.push({ kind: 'defect', report });
    await this.record('note', `Reported to prevention task ${report.key.id}: ${report.control.leakPointName} (control: ${report.control.control})`);
  }

  /** A report the step could not deliver, on its own activity; the note of the report is then followed by this one's failure. */
  private async reportAgain(report: DefectReport): Promise<void> {
    try {
      await reportDefect(report);
    } catch (err) {
      await this.record('note', `Could not report ${report.key.rootCause} to its prevention task after all: ${rootCauseOf(err)}`);
    }
  }
}
