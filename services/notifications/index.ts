/**
 * Mail: task assigned, reminder (T-n), escalation, deadline breach, prevention task opened, prevention
 * escalation, the weekly leakage report (with its PDF attached). The notify activity and `npm run report
 * -- --mail` send through it.
 *
 *   const notifications = createMailNotifier({ config, smtpUrl: process.env.SMTP_URL, outboxDir, sentDir });
 *   await notifications.notify({ kind: 'reminder', idempotencyKey: `${workflowId}:${seq}`, ... });
 *
 * Mail carries no PHI: a link to the case, the workflow's short reference, the category, the amount at
 * risk and the deadline. Each rendered mail is checked against the caller's `phiValues` and refused if one
 * appears. With an SMTP URL the mail goes over SMTP; without one it is written as an RFC 5322 .eml file
 * into the outbox folder. A sent-marker per idempotency key (written after a successful send) makes a
 * retried or replayed call a no-op. Over SMTP that is at least once, not exactly once: a worker killed
 * after the mail server accepted a message and before its marker exists sends it again on the retry (same
 * Message-ID, so mail clients can fold the two). The marker is written at once to keep that moment short;
 * an outbox file has the key in its name, so there a retry rewrites the same file.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { OWNER_TEAM_LABEL, ROOT_CAUSES, type OwnerTeam } from '../../domain/policy';
import type { Logger } from '../../runtime/log';
import { makePrivateDirAsync, OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { folderSentMarkers, type SentMarker, type SentMarkers } from '../../runtime/store/sent-markers';
import { MailTemplateError, createMailTemplates, renderMail, type MailContext } from './email-templates';
import { NotificationConfig, type NotificationConfigInput } from './notification-config';
import { NotifyInput, type NotifyResult, type ParsedNotifyInput } from './notify-input';
import { assertNoPhi } from './phi-guard';
import { PACKAGE_ROOT } from '../../runtime/package-root';

export * from './notification-config';
export * from './notify-input';
export { assertNoPhi, findPhi } from './phi-guard';
export { fill as fillMailTemplate, renderMail } from './email-templates';

export const DEFAULT_OUTBOX_DIR = path.join('data', 'outbox');
export const DEFAULT_SENT_DIR = path.join('data', 'notifications', 'sent');
const DEFAULT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

export interface MailNotifierDeps {
  config: NotificationConfigInput;
  /** smtp:// or smtps:// URL (SMTP_URL). Unset: mail is written to `outboxDir` as .eml files. */
  smtpUrl?: string;
  /** Default `data/outbox`. */
  outboxDir?: string;
  /** Sent-markers, one small file per idempotency key. Default `data/notifications/sent`. */
  sentDir?: string;
  /** Where sent-markers are kept instead of `sentDir` (PostgreSQL when several workers share the work). */
  sentMarkers?: SentMarkers;
  /** The templates root; mail texts are read from `<templatesDir>/email/<kind>.txt`. */
  templatesDir?: string;
  clock?: () => Date;
  /** Receives kinds, ids and counts only. */
  log?: Logger;
  reloadTemplates?: boolean;
}

const TEMPLATE: Readonly<Record<ParsedNotifyInput['kind'], string>> = {
  task_assigned: 'task-assigned',
  reminder: 'reminder',
  escalation: 'escalation',
  deadline_breach: 'deadline-breach',
  prevention_task_opened: 'prevention-task-opened',
  prevention_escalation: 'prevention-escalation',
  leakage_report: 'leakage-report',
  payer_issue_opened: 'payer-issue-opened',
};

const REASON: Readonly<Record<'deadline_near' | 'task_overdue' | 'unassigned' | 'approval_needed', [string, string]>> = {
  deadline_near: ['deadline near', 'the deadline is close and the work is not finished'],
  task_overdue: ['task overdue', 'the task is overdue'],
  unassigned: ['no owner', 'the task has nobody assigned to it'],
  approval_needed: ['approval needed', "the next step needs a supervisor's approval"],
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

const humanize = (id: string) => {
  const s = id.replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[(m as number) - 1]} ${d}, ${y}`;
};
const dueIn = (days: number) => (days === 0 ? 'today' : days === 1 ? 'tomorrow' : days > 1 ? `in ${days} days` : `${-days} day${days === -1 ? '' : 's'} ago`);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** "denial-6f1c2a9e0b7d4c13a5e8" → "denial-6f1c2a9e": the short form people quote; other ids stay whole. */
export function shortWorkflowRef(workflowId: string): string {
  const m = /^([a-z]+)-([0-9a-f]{12,})$/i.exec(workflowId);
  return m ? `${m[1]}-${(m[2] as string).slice(0, 8)}` : workflowId;
}

/** The link in the mail: the case page of the web app. */
export function caseLink(publicUrl: string, input: Pick<ParsedNotifyInput, 'kind' | 'workflowId'>): string {
  if (input.kind === 'leakage_report') return `${publicUrl}/dashboard`;
  if (input.kind === 'payer_issue_opened') return `${publicUrl}/payer-issues/${encodeURIComponent(input.workflowId)}`;
  const section = input.kind === 'prevention_task_opened' || input.kind === 'prevention_escalation' ? 'prevention' : 'denials';
  return `${publicUrl}/${section}/${encodeURIComponent(input.workflowId)}`;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 10)
    .map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`)
    .join('; ');
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await makePrivateDirAsync(path.dirname(file));
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    await fs.writeFile(tmp, data, { flag: 'wx', mode: OWNER_ONLY_FILE });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export function createMailNotifier(deps: MailNotifierDeps) {
  const config = NotificationConfig.parse(deps.config);
  const clock = deps.clock ?? (() => new Date());
  const outboxDir = path.resolve(deps.outboxDir ?? DEFAULT_OUTBOX_DIR);
  const sentMarkers = deps.sentMarkers ?? folderSentMarkers(path.resolve(deps.sentDir ?? DEFAULT_SENT_DIR));
  const templates = createMailTemplates(path.join(deps.templatesDir ?? DEFAULT_TEMPLATES_DIR, 'email'), deps.reloadTemplates);
  const host = new URL(config.publicUrl).hostname || 'denials.local';
  const smtp = deps.smtpUrl
    ? nodemailer.createTransport({ url: deps.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })
    : null;
  const inflight = new Map<string, Promise<NotifyResult>>();

  const teamAddresses = (team: string): string[] => {
    const list = config.teams[team];
    if (list?.length) return list;
    deps.log?.warn('notification team has no addresses; sending to the supervisors', { team });
    return config.supervisors;
  };
  const personAddress = (id: string | undefined): string | undefined => {
    if (!id) return undefined;
    const address = config.people?.[id];
    if (!address) deps.log?.warn('notification assignee has no address; sending to the team', { assignee: id });
    return address;
  };

  function recipients(input: ParsedNotifyInput): { to: string[]; cc: string[] } {
    const owner = personAddress(input.assignee);
    // Looked up only where a kind mails the working team (a missing team is worth a warning only then).
    const team = () => (owner ? [owner] : teamAddresses(input.team));
    let to: string[];
    let cc: string[];
    switch (input.kind) {
      case 'task_assigned':
      case 'reminder':
        [to, cc] = [team(), []];
        break;
      case 'escalation':
        [to, cc] = [config.supervisors, team()];
        break;
      case 'deadline_breach':
        [to, cc] = [config.supervisors, owner ? [owner, ...teamAddresses(input.team)] : team()];
        break;
      case 'prevention_task_opened':
        [to, cc] = [teamAddresses(input.team), []];
        break;
      case 'prevention_escalation':
        [to, cc] = [config.supervisors, teamAddresses(input.team)];
        break;
      case 'leakage_report':
      case 'payer_issue_opened':
        [to, cc] = [config.supervisors, []];
        break;
    }
    const toSet = [...new Set(to.map((a) => a.toLowerCase()))];
    const ccSet = [...new Set(cc.map((a) => a.toLowerCase()))].filter((a) => !toSet.includes(a));
    return { to: toSet, cc: ccSet };
  }

  function context(input: ParsedNotifyInput): MailContext {
    const common = {
      workflowRef: shortWorkflowRef(input.workflowId),
      link: caseLink(config.publicUrl, input),
      amount: USD.format(input.amountAtRiskCents / 100),
      teamLabel: OWNER_TEAM_LABEL[input.team as OwnerTeam] ?? humanize(input.team),
      assignee: input.assignee ?? '',
    };
    switch (input.kind) {
      case 'task_assigned':
        return {
          ...common,
          taskLabel: humanize(input.task),
          categoryLabel: humanize(input.category),
          deadline: input.deadline ? longDate(input.deadline) : '',
          assignedTo: input.assignee && config.people?.[input.assignee] ? 'you' : `your team (${common.teamLabel})`,
        };
      case 'reminder':
        return {
          ...common,
          task: input.task ?? '',
          taskLabel: input.task ? humanize(input.task) : '',
          categoryLabel: humanize(input.category),
          deadline: longDate(input.deadline),
          dueIn: dueIn(input.daysLeft),
        };
      case 'escalation':
        return {
          ...common,
          categoryLabel: humanize(input.category),
          deadline: longDate(input.deadline),
          dueIn: dueIn(input.daysLeft),
          reasonLabel: REASON[input.reason][0],
          reasonText: REASON[input.reason][1],
        };
      case 'deadline_breach':
        return { ...common, categoryLabel: humanize(input.category), deadline: longDate(input.deadline) };
      case 'prevention_task_opened':
        return {
          ...common,
          rootCauseLabel: ROOT_CAUSES[input.rootCause].label,
          category: input.category ?? '',
          categoryLabel: input.category ? humanize(input.category) : '',
          occurrences: String(input.occurrences),
          denialsWord: input.occurrences === 1 ? 'denial' : 'denials',
          reopened: input.reopened,
          control: input.control ?? '',
        };
      case 'prevention_escalation':
        return {
          ...common,
          rootCauseLabel: ROOT_CAUSES[input.rootCause].label,
          occurrences: String(input.occurrences),
          windowDays: String(input.windowDays),
          control: input.control ?? '',
        };
      case 'leakage_report':
        return {
          ...common,
          periodFrom: longDate(input.from),
          periodTo: longDate(input.to),
          denials: String(input.denials),
          recovered: USD.format(input.recoveredCents / 100),
          timelyFilingLoss: USD.format(input.timelyFilingLossCents / 100),
          repeatDefects: String(input.repeatDefects),
        };
      case 'payer_issue_opened':
        return { ...common, payerId: input.payerId, code: input.procedure ? `${input.code} on procedure ${input.procedure}` : input.code, weekOf: longDate(input.week), evidence: input.evidence, denials: String(input.denials) };
    }
  }

  async function send(input: ParsedNotifyInput, keyHash: string): Promise<NotifyResult> {
    const { to, cc } = recipients(input);
    let rendered;
    try {
      rendered = renderMail(templates(TEMPLATE[input.kind]), context(input), TEMPLATE[input.kind]);
    } catch (err) {
      if (err instanceof MailTemplateError) throw ApplicationFailure.nonRetryable(`Mail template problem: ${err.message}`, 'NotificationTemplateError');
      throw err;
    }
    assertNoPhi([rendered.subject, rendered.text, input.workflowId], input.phiValues);

    const messageId = `<${keyHash.slice(0, 32)}@${host}>`;
    const message = {
      from: config.from,
      to,
      cc: cc.length ? cc : undefined,
      subject: rendered.subject,
      text: rendered.text,
      messageId,
      date: clock(),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Denials-Kind': input.kind, 'X-Denials-Workflow': input.workflowId },
      ...(input.kind === 'leakage_report'
        ? { attachments: [{ filename: `leakage-report-${input.from}-to-${input.to}.pdf`, path: input.reportFile, contentType: 'application/pdf' }] }
        : {}),
      ...(input.kind === 'payer_issue_opened' && input.evidenceFile
        ? { attachments: [{ filename: `${input.workflowId}.pdf`, path: input.evidenceFile, contentType: 'application/pdf' }] }
        : {}),
    };

    let file: string | undefined;
    if (smtp) {
      await smtp.sendMail(message);
    } else {
      const eml = await new MailComposer({ ...message, newline: 'win' }).compile().build();
      file = path.join(outboxDir, `${input.kind.replace(/_/g, '-')}-${keyHash.slice(0, 20)}.eml`);
      await writeAtomically(file, eml);
    }
    const result: NotifyResult = { status: 'sent', transport: smtp ? 'smtp' : 'outbox', messageId, recipients: to.length + cc.length, ...(file ? { file } : {}) };
    const marker: SentMarker = {
      key: input.idempotencyKey,
      kind: input.kind,
      workflowId: input.workflowId,
      messageId,
      transport: result.transport,
      recipients: result.recipients,
      ...(file ? { file } : {}),
      sentAt: clock().toISOString(),
    };
    await sentMarkers.put(keyHash, marker);
    deps.log?.info('notification sent', { kind: input.kind, workflowId: input.workflowId, transport: result.transport, recipients: result.recipients, messageId });
    return result;
  }

  return {
    /** Sends one notification, at most once per idempotency key. */
    async notify(raw: NotifyInput): Promise<NotifyResult> {
      const parsed = NotifyInput.safeParse(raw);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`Notification input is not valid: ${describeIssues(parsed.error.issues)}`, 'InvalidNotification');
      const input = parsed.data;
      const keyHash = sha256(input.idempotencyKey);

      // One attempt per key at a time in this worker: a concurrent call waits for it (registered before any await).
      const previous = inflight.get(keyHash);
      const attempt = (async (): Promise<NotifyResult> => {
        if (previous) {
          try {
            return { ...(await previous), status: 'already_sent' };
          } catch {
            // The concurrent attempt failed: this one tries again.
          }
        }
        const marker = await sentMarkers.get(keyHash);
        if (marker) {
          deps.log?.debug('notification already sent', { kind: input.kind, workflowId: input.workflowId });
          return { status: 'already_sent', transport: marker.transport, messageId: marker.messageId, recipients: marker.recipients, ...(marker.file ? { file: marker.file } : {}) };
        }
        return send(input, keyHash);
      })();
      inflight.set(keyHash, attempt);
      try {
        return await attempt;
      } finally {
        if (inflight.get(keyHash) === attempt) inflight.delete(keyHash);
      }
    },
  };
}

export type MailNotifier = ReturnType<typeof createMailNotifier>;
