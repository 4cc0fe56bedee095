/**
 * One payer issue (domain/kpis/payer-issue.ts): opened by the weekly report for a payer that started denying
 * a code significantly more often. It gathers the evidence and its PDF, then waits for a supervisor to
 * escalate it to the payer or dismiss it; each completes it exactly once. It never fails on its input: an
 * alert it cannot read, or evidence it cannot gather, leaves the task open with the reason shown.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DenialActivities } from '../activities';
import type { PayerIssueActivities } from '../activities/payer-issues';
import { PAYER_ISSUE_ROLES, PayerShiftAlertSchema, ResolvePayerIssueCommand } from '../domain/kpis/payer-issue';
import { refusalOf } from '../domain/lifecycle/refused-payload';
import { rootCauseOf } from './denial/effects';
import { payerIssueViewQuery, resolvePayerIssueUpdate, type PayerIssueInput, type PayerIssueView } from './payer-issue-messages';

const { preparePayerIssue } = proxyActivities<PayerIssueActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute', maximumAttempts: 5 },
});
// Mail is worth retrying for a while, never worth holding the task back for.
const { notify } = proxyActivities<DenialActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute', maximumAttempts: 8 } });

class PayerIssue {
  readonly view: PayerIssueView;

  constructor(issueId: string, input: PayerIssueInput, openedAt: string) {
    const alert = PayerShiftAlertSchema.safeParse(input?.alert);
    this.view = {
      issueId,
      taskId: `${issueId}:review`,
      status: 'gathering_evidence',
      version: 1,
      alert: alert.success ? alert.data : null,
      evidence: null,
      evidenceFile: null,
      problem: alert.success ? null : `The alert could not be read: ${alert.error.issues.slice(0, 3).map((i) => i.path.join('.') || 'input').join(', ')}`,
      openedAt,
      resolution: null,
    };
  }

  get resolved(): boolean {
    return this.view.resolution !== null;
  }

  /** Why a resolution is refused, or null: only a supervisor, only the open task, only the version shown. */
  rejection(raw: unknown): string | null {
    const refused = refusalOf(raw);
    if (refused) return refused;
    const cmd = ResolvePayerIssueCommand.safeParse(raw);
    if (!cmd.success) return cmd.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    const c = cmd.data;
    if (!(PAYER_ISSUE_ROLES as readonly string[]).includes(c.actor.role)) return `A payer issue is resolved by a supervisor, not by ${c.actor.role}.`;
    if (this.resolved) return `The payer issue was already ${this.view.status} by ${this.view.resolution!.by}.`;
    if (c.taskId !== this.view.taskId) return `Task ${c.taskId} is not this payer issue's task (${this.view.taskId}).`;
    if (c.version !== this.view.version) return `Stale: the payer issue is at version ${this.view.version}, your page showed version ${c.version}. Reload and try again.`;
    return null;
  }

  resolve(c: ResolvePayerIssueCommand, at: string): void {
    this.view.resolution = { action: c.action, by: c.actor.id, at, reason: c.reason, ...(c.payerReference ? { payerReference: c.payerReference } : {}) };
    this.view.status = c.action;
    this.view.version++;
  }
}

export async function payerIssueWorkflow(input: PayerIssueInput): Promise<PayerIssueView> {
  const issue = new PayerIssue(workflowInfo().workflowId, input, new Date().toISOString());
  setHandler(payerIssueViewQuery, () => issue.view);
  setHandler(
    resolvePayerIssueUpdate,
    (cmd) => {
      issue.resolve(cmd, new Date().toISOString());
      return issue.view;
    },
    {
      validator: (raw) => {
        const why = issue.rejection(raw);
        if (why) throw ApplicationFailure.create({ type: 'TaskRejection', message: why });
      },
    },
  );

  const alert = issue.view.alert;
  if (alert) {
    let evidenceFile: string | undefined;
    try {
      const produced = await preparePayerIssue(alert);
      evidenceFile = produced.file;
      issue.view.evidence = produced.evidence;
      issue.view.evidenceFile = { name: produced.file.split(/[\\/]/).pop()!, sha256: produced.sha256, pages: produced.pages };
    } catch (err) {
      issue.view.problem = `The evidence could not be gathered: ${rootCauseOf(err)}`;
    }
    // The supervisors hear of it, with the evidence attached.
    await notify({
      kind: 'payer_issue_opened',
      idempotencyKey: `${issue.view.issueId}:opened`,
      workflowId: issue.view.issueId,
      team: 'supervisors',
      payerId: alert.payerId,
      code: alert.code,
      ...(alert.procedure ? { procedure: alert.procedure } : {}),
      week: alert.week,
      evidence: alert.evidence,
      denials: issue.view.evidence?.denials ?? alert.denials,
      amountAtRiskCents: issue.view.evidence?.atRiskCents ?? 0,
      ...(evidenceFile ? { evidenceFile } : {}),
    }).catch((err: unknown) => void (issue.view.problem ??= `The mail to the supervisors could not be sent: ${rootCauseOf(err)}`));
  }
  if (!issue.resolved) {
    issue.view.status = 'open';
    issue.view.version++;
  }
  await condition(() => issue.resolved);
  await condition(allHandlersFinished);
  return issue.view;
}
