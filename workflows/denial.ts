/**
 * One durable workflow per denied claim: classify, route, the human tasks only people can do, the appeal
 * packet, the submission, the payer's answer, and the deadline cascade. It ends with money recovered, or a
 * loss recorded with its reason; every state change is appended to the ledger.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DenialActivities } from '../activities';
import type { PreventionActivities } from '../activities/prevention';
import type { NotifyInput } from '../activities/notifications/notify-input';
import type { RemittanceEvent } from '../domain/denial-case';
import { assessDenial, deadlinesForRoute } from '../domain/lifecycle/assess';
import { SystemActor, type LedgerEntry, type Resolution, type Stage } from '../domain/lifecycle/ledger-entry';
import {
  AddNoteCommand,
  ApprovePacketCommand,
  ApproveWriteOffCommand,
  AttachDocumentsCommand,
  ConfirmRouteCommand,
  ReassignCommand,
  RecordPayerDecisionCommand,
  RecordSubmissionCommand,
  SupplyCorrectionsCommand,
  TASK_ROLES,
  TASK_TITLES,
  type Actor,
  type Correction,
  type DocumentRef,
  type HumanTask,
  type TaskKind,
} from '../domain/lifecycle/tasks';
import { defectReportFor } from '../domain/prevention/defect-report';
import type { RootCause } from '../domain/policy';
import { addDays, describeRoute, reminderSchedule, type DenialExplanation, type FilingDeadline, type Route } from '../domain/policy';
import {
  addNoteUpdate,
  approvePacketUpdate,
  approveWriteOffUpdate,
  attachDocumentsUpdate,
  confirmRouteUpdate,
  denialViewQuery,
  reassignUpdate,
  recordPayerDecisionUpdate,
  recordSubmissionUpdate,
  remittanceEventSignal,
  supplyCorrectionsUpdate,
  type DenialOutcome,
  type DenialView,
  type DenialWorkflowInput,
  type TimelineEntry,
} from './denial-messages';
import { AmountAtRisk, AssignedTo, DenialCategory, DenialStage, NextDeadline, OwnerTeam, PayerId, Route as RouteAttr } from './search-attributes';

const { appendLedger, notify } = proxyActivities<DenialActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
const { reportDefect } = proxyActivities<PreventionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
const { assembleAppealPacket } = proxyActivities<DenialActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** AR work queues; the owning team of the root cause is for prevention, not for working the denial. */
const AR_TEAM = 'ar_follow_up';
const SUPERVISORS = 'supervisors';
/** When the payer rule names no response window. */
const DEFAULT_RESPONSE_DAYS = 45;
/** After the response window, a follow-up task; this long after that, escalation. */
const FOLLOW_UP_ESCALATION_DAYS = 14;
const TIMELINE_LIMIT = 300;

/** What the payer said, queued until the main loop acts on it: several can arrive in one workflow task. */
type Answer = { kind: 'payment' | 'denial'; paidCents: number; event?: RemittanceEvent; source: string };

export class TaskRejection extends Error {
  override name = 'TaskRejection';
}

/** The innermost message of a failure chain (an activity failure wraps the ApplicationFailure that says why). */
function rootCause(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e && e.cause) e = e.cause as typeof e;
  return e?.message ?? String(err);
}

/** The claim's adjustment (group-CARC) and remark codes, as the ledger and prevention record them. */
const codesOf = (d: Pick<RemittanceEvent, 'adjustments' | 'remarks'>) => d.adjustments.map((a) => `${a.group}-${a.reason}`).concat(d.remarks.map((r) => r.code));
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A deadline is met by a filing received on its due date: it passes at the end of that day (UTC). */
const endOfDay = (date: string) => Date.parse(`${date}T23:59:59.999Z`);
/** Reminders go out in the (US) morning of their day. */
const reminderMoment = (date: string) => Date.parse(`${date}T14:00:00.000Z`);

export async function denialWorkflow(input: DenialWorkflowInput): Promise<DenialOutcome> {
  const { workflowId } = workflowInfo();
  let denial = input.denial;
  const seen = new Set<string>([input.eventKey]);

  // ---- state -------------------------------------------------------------------------------------
  let stage: Stage = 'intake';
  let resolution: Resolution | undefined;
  let closedReason = '';
  let version = 0;
  let seq = 0;
  let taskSeq = 0;
  let task: HumanTask | null = null;
  let taskDoneId: string | null = null;
  let assignee: string | undefined;
  let team = AR_TEAM;
  let appealLevel = 0;
  /** The payer refused a reopening of this claim: the policy does not choose one again. */
  let reopeningRefused = false;
  let atRiskCents = denial.detection.amountAtRiskCents;
  let recoveredCents = 0;
  let lostCents = 0;
  const underpaidCents = input.denial.detection.reasons.reduce((n, r) => n + (r.code === 'underpaid' ? (r.amountCents ?? 0) : 0), 0);
  let eventsReceived = 1;
  let duplicatesIgnored = 0;
  let explanation!: DenialExplanation;
  let route!: Route;
  let deadline: FilingDeadline | null = null;
  let assumptions: string[] = [];
  let routeOverride: { route: Route; reason: string; by: string } | null = null;
  let writeOffRefused = false;
  let escalated = false;
  const remindersSent: string[] = [];
  const documents: (DocumentRef & { description?: string })[] = [];
  const corrections: Correction[] = [];
  let packet: { ref: DocumentRef; pages: number } | undefined;
  let argument: string | undefined;
  let submission: { date: string; channel: string; reference: string; by: string } | undefined;
  const answers: Answer[] = [];
  const changes: { version: number; what: string }[] = [];
  const timeline: TimelineEntry[] = [];

  const today = () => isoDay(Date.now());
  // Read through a function: handlers set it while the main loop awaits, which flow analysis cannot see.
  const overrideChosen = (): Route | null => routeOverride?.route ?? null;
  const closed = () => stage === 'resolved' || stage === 'written_off' || stage === 'timely_filing_loss';
  const primary = () => explanation.classification.primary;
  // Before any handler is registered: setHandler hands a signal that came with the start to its handler at
  // once, and the handlers read the classification.
  assess();

  function bump(what: string): void {
    version++;
    changes.push({ version, what });
    if (changes.length > 50) changes.shift();
  }

  function publish(): void {
    upsertSearchAttributes([
      { key: DenialStage, value: stage },
      { key: DenialCategory, value: primary().category },
      { key: OwnerTeam, value: primary().ownerTeam },
      { key: AssignedTo, value: closed() ? 'none' : (assignee ?? `team:${team}`) },
      { key: PayerId, value: denial.payer.id || 'unknown' },
      { key: RouteAttr, value: route.kind },
      { key: AmountAtRisk, value: closed() ? 0 : atRiskCents / 100 },
      ...(deadline && !closed() && !submission
        ? [{ key: NextDeadline, value: new Date(endOfDay(deadline.dueDate)) }]
        : // Submitted or closed: no filing deadline runs, so worklists sorted by it must not show a stale one.
          patched('clear-next-deadline')
          ? [{ key: NextDeadline, value: null }]
          : []),
    ]);
  }

  /** Appends one ledger event; (workflowId, seq) makes the activity idempotent across retries and replays. */
  async function record(type: LedgerEntry['type'], summary: string, actor: Actor | typeof SystemActor = SystemActor, extra: Partial<LedgerEntry> = {}): Promise<void> {
    const entry: LedgerEntry = {
      workflowId,
      seq: ++seq,
      at: new Date().toISOString(),
      type,
      stage,
      actor,
      summary,
      rationale: extra.rationale ?? [],
      facts: {
        payerId: denial.payer.id,
        category: primary().category,
        rootCause: primary().rootCause,
        ownerTeam: primary().ownerTeam,
        preventable: primary().preventable,
        route: route.kind,
        appealLevel,
        codes: codesOf(denial),
        ruleIds: explanation.decision.ruleIds,
        ...(task ? { taskId: task.id, taskKind: task.kind } : {}),
        ...(assignee ? { assignee } : {}),
        workTeam: team,
        ...(resolution ? { resolution } : {}),
        ...(input.denial.remittance.date ? { remitDate: input.denial.remittance.date } : {}),
      },
      amounts: { chargeCents: denial.claim.chargeCents, atRiskCents, recoveredCents, lostCents, underpaidCents },
      ...(deadline
        ? {
            deadline: {
              dueDate: deadline.dueDate,
              kind: deadline.kind,
              limitId: deadline.limitId,
              payerRuleVersion: deadline.payerRuleVersion,
              rulesetVersion: deadline.rulesetVersion,
              anchor: `${deadline.anchor.kind} ${deadline.anchor.date}`,
            },
          }
        : {}),
      ...extra,
    };
    timeline.push({ seq: entry.seq, at: entry.at, type, stage, actor: actor.id, summary });
    if (timeline.length > TIMELINE_LIMIT) timeline.shift();
    await appendLedger(entry);
  }

  async function moveTo(next: Stage, summary: string, actor: Actor | typeof SystemActor = SystemActor, rationale: string[] = []): Promise<void> {
    const from = stage;
    stage = next;
    bump(`stage ${from} → ${next}`);
    publish();
    await record('transition', summary, actor, { fromStage: from, rationale });
  }

  async function close(final: Stage, why: Resolution, reason: string, actor: Actor | typeof SystemActor = SystemActor): Promise<void> {
    resolution = why;
    closedReason = reason;
    task = null;
    await moveTo(final, reason, actor);
  }

  function view(): DenialView {
    const c = primary();
    return {
      workflowId,
      stage,
      ...(resolution ? { resolution } : {}),
      version,
      task: task ? { ...task, version, requiredRoles: TASK_ROLES[task.kind] } : null,
      team,
      ...(assignee ? { assignee } : {}),
      classification: {
        code: c.code,
        category: c.category,
        rootCause: c.rootCause,
        ownerTeam: c.ownerTeam,
        preventable: c.preventable,
        ruleId: c.ruleId,
        explanation: c.explanation,
        confidence: c.confidence,
        needsHumanClassification: explanation.classification.needsHumanClassification,
        secondary: explanation.classification.secondary.map((s) => ({ code: s.code, category: s.category, ruleId: s.ruleId })),
      },
      route,
      routeDescription: describeRoute(route),
      appealLevel,
      rationale: [...explanation.decision.rationale, ...(routeOverride ? [`Route overridden by ${routeOverride.by}: ${routeOverride.reason}`] : [])],
      requiresConfirmation: explanation.decision.requiresConfirmation,
      expectedRecovery: explanation.decision.expectedRecovery.value,
      deadline,
      remindersSent: [...remindersSent],
      escalated,
      amounts: { chargeCents: denial.claim.chargeCents, atRiskCents, recoveredCents, lostCents },
      payerId: denial.payer.id,
      claimReference: denial.claim.payerClaimControlNumber ?? denial.claim.patientControlNumber,
      remittance: {
        claimStatus: denial.claim.status,
        chargeCents: denial.claim.chargeCents,
        paidCents: denial.claim.paidCents,
        ...(denial.claim.serviceDateFrom ? { serviceDateFrom: denial.claim.serviceDateFrom } : {}),
        ...(denial.remittance.date ? { remitDate: denial.remittance.date } : {}),
        ...(denial.remittance.traceNumber ? { traceNumber: denial.remittance.traceNumber } : {}),
        adjustments: denial.adjustments,
        remarks: denial.remarks,
        lines: denial.serviceLines.map((l) => ({ line: l.line, procedure: l.procedure.code, modifiers: l.procedure.modifiers, chargeCents: l.chargeCents, paidCents: l.paidCents })),
      },
      documents: [...documents],
      corrections: [...corrections],
      ...(packet ? { packet } : {}),
      ...(submission ? { submission } : {}),
      assumptions,
      eventsReceived,
      duplicatesIgnored,
      timeline: [...timeline],
    };
  }

  // ---- validation shared by every Update ------------------------------------------------------------
  function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: unknown): T {
    const r = schema.safeParse(raw);
    if (!r.success) throw new TaskRejection(r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
    return r.data;
  }

  function checkVersion(given: number): void {
    if (closed()) throw new TaskRejection(`This denial is closed (${stage}${resolution ? `, ${resolution}` : ''}): ${closedReason}`);
    if (given !== version) {
      const since = changes.filter((c) => c.version > given).map((c) => c.what);
      throw new TaskRejection(
        `Stale: the denial is at version ${version}, your page showed version ${given}. Since then: ${since.length ? since.join('; ') : 'it changed'}. Reload and try again.`,
      );
    }
  }

  function checkTask(kinds: TaskKind[], cmd: { taskId: string; version: number; actor: Actor }): void {
    checkVersion(cmd.version);
    if (!task) throw new TaskRejection(`There is no open task; the denial is ${stage}.`);
    if (task.id !== cmd.taskId) {
      throw new TaskRejection(`Task ${cmd.taskId} is no longer open: the current task is ${task.id} (${task.title}).`);
    }
    if (!kinds.includes(task.kind)) throw new TaskRejection(`The open task is ${task.kind}, which this action does not complete.`);
    if (!TASK_ROLES[task.kind].includes(cmd.actor.role)) {
      throw new TaskRejection(`Role ${cmd.actor.role} may not complete ${task.kind}; it needs ${TASK_ROLES[task.kind].join(' or ')}.`);
    }
  }

  async function completeTask(actor: Actor, summary: string): Promise<void> {
    await record('task_completed', summary, actor);
    taskDoneId = task?.id ?? null;
    task = null;
    bump(summary);
    publish();
  }

  // ---- handlers ---------------------------------------------------------------------------------------
  setHandler(denialViewQuery, view);

  setHandler(remittanceEventSignal, async ({ eventKey, event }) => {
    if (seen.has(eventKey)) {
      duplicatesIgnored++;
      return;
    }
    seen.add(eventKey);
    eventsReceived++;
    await onPayerEvent(event, `remittance ${event.remittance.traceNumber ?? eventKey.slice(0, 8)}`);
  });

  async function onPayerEvent(event: RemittanceEvent, source: string): Promise<void> {
    if (closed()) {
      await record('payer_event', `Remittance after close (${event.kind}, CLP02 ${event.claim.status}, paid ${event.claim.paidCents / 100}): recorded for review`);
      return;
    }
    const paid = event.claim.paidCents;
    if (event.kind === 'reversal') {
      // The payer took back an earlier payment: that money is at risk again.
      recoveredCents += paid; // paid is negative on a reversal
      atRiskCents -= paid;
      bump('payer reversed a payment');
      publish();
      await record('payer_event', `Payer reversed ${(-paid / 100).toFixed(2)} (${source})`);
      return;
    }
    let kind: Answer['kind'];
    if (event.kind === 'payment' && paid > 0) kind = 'payment';
    else if (event.kind === 'denial') kind = 'denial';
    else {
      await record('payer_event', `Remittance ${event.kind} with nothing paid (${source})`);
      return;
    }
    answers.push({ kind, paidCents: Math.max(paid, 0), event, source });
    const said = kind === 'denial' && paid <= 0 ? 'denied' : paid >= atRiskCents ? 'paid' : 'partially paid';
    bump(`payer answered: ${said}`);
    await record('payer_event', `Payer ${said}: ${(Math.max(paid, 0) / 100).toFixed(2)} (${source})`);
  }

  setHandler(
    confirmRouteUpdate,
    async (cmd) => {
      if (cmd.decision === 'override' && cmd.route) {
        routeOverride = { route: cmd.route, reason: cmd.reason ?? '', by: cmd.actor.id };
        await completeTask(cmd.actor, `Route overridden to ${describeRoute(cmd.route)}: ${cmd.reason}`);
      } else {
        await completeTask(cmd.actor, `Route confirmed: ${describeRoute(route)}${cmd.reason ? ` (${cmd.reason})` : ''}`);
      }
      return view();
    },
    { validator: (raw) => checkTask(['confirm_route'], parse(ConfirmRouteCommand, raw)) },
  );

  setHandler(
    supplyCorrectionsUpdate,
    async (cmd) => {
      corrections.push(...cmd.corrections);
      await completeTask(cmd.actor, `Corrections supplied: ${cmd.corrections.map((c) => `${c.field}${c.line ? ` line ${c.line}` : ''} → ${c.to}`).join(', ')}`);
      return view();
    },
    { validator: (raw) => checkTask(['supply_corrections'], parse(SupplyCorrectionsCommand, raw)) },
  );

  setHandler(
    attachDocumentsUpdate,
    async (cmd) => {
      const fresh = cmd.documents.filter((d) => !documents.some((x) => x.sha256 === d.sha256));
      documents.push(...fresh);
      bump(`attached ${fresh.map((d) => d.name).join(', ') || 'nothing new'}`);
      await record('command', `Attached ${fresh.length} document(s): ${fresh.map((d) => d.name).join(', ')}`, cmd.actor);
      return view();
    },
    {
      validator: (raw) => {
        const cmd = parse(AttachDocumentsCommand, raw);
        checkVersion(cmd.version);
        if (stage === 'submitted' || stage === 'awaiting_payer') throw new TaskRejection('The filing was already submitted: documents can no longer be added to it.');
      },
    },
  );

  setHandler(
    approvePacketUpdate,
    async (cmd) => {
      if (cmd.argument) argument = cmd.argument;
      let built: Awaited<ReturnType<typeof assembleAppealPacket>>;
      try {
        built = await assembleAppealPacket({
          workflowId,
          denial,
          patient: input.patient ?? {},
          appealLevel: Math.max(1, appealLevel + 1),
          route,
          category: primary().category,
          documents,
          corrections,
          argument,
          letterDate: today(),
        });
      } catch (err) {
        // Say why in the person's terms; the packet can be approved again once the cause is fixed.
        throw ApplicationFailure.create({ type: 'PacketFailed', message: `The appeal packet could not be built: ${rootCause(err)}`, nonRetryable: true });
      }
      packet = { ref: built.ref, pages: built.pages };
      await completeTask(cmd.actor, `Appeal packet approved (${built.pages} pages, sha256 ${built.ref.sha256.slice(0, 12)}…)`);
      await moveTo('packet_ready', 'Packet ready to submit', cmd.actor);
      return view();
    },
    { validator: (raw) => checkTask(['prepare_appeal'], parse(ApprovePacketCommand, raw)) },
  );

  setHandler(
    recordSubmissionUpdate,
    async (cmd) => {
      submission = { date: cmd.date, channel: cmd.channel, reference: cmd.reference, by: cmd.actor.id };
      await completeTask(cmd.actor, `Submitted ${cmd.date} by ${cmd.channel}, reference ${cmd.reference}`);
      return view();
    },
    {
      validator: (raw) => {
        const cmd = parse(RecordSubmissionCommand, raw);
        checkTask(['record_submission'], cmd);
        if (cmd.date > today()) throw new TaskRejection(`The submission date ${cmd.date} is in the future.`);
      },
    },
  );

  setHandler(
    recordPayerDecisionUpdate,
    async (cmd) => {
      const paidCents = Math.round(cmd.paidAmount * 100);
      answers.push({ kind: cmd.outcome === 'denied' ? 'denial' : 'payment', paidCents, source: `recorded by ${cmd.actor.id}${cmd.reference ? `, ref ${cmd.reference}` : ''}` });
      const said = cmd.outcome === 'denied' ? 'denied' : paidCents >= atRiskCents ? 'paid' : 'partially paid';
      bump(`payer decision recorded: ${said}`);
      await record('payer_event', `Payer decision recorded by hand: ${said} ${cmd.paidAmount.toFixed(2)} on ${cmd.date}`, cmd.actor);
      return view();
    },
    {
      validator: (raw) => {
        const cmd = parse(RecordPayerDecisionCommand, raw);
        checkVersion(cmd.version);
        if (!submission && stage !== 'awaiting_payer') throw new TaskRejection('Nothing was submitted to the payer yet: record the submission first.');
      },
    },
  );

  setHandler(
    approveWriteOffUpdate,
    async (cmd) => {
      if (!cmd.approve) writeOffRefused = true;
      await completeTask(cmd.actor, `Write-off ${cmd.approve ? 'approved' : 'refused'}: ${cmd.reason}`);
      return view();
    },
    { validator: (raw) => checkTask(['approve_write_off'], parse(ApproveWriteOffCommand, raw)) },
  );

  setHandler(
    reassignUpdate,
    async (cmd) => {
      const from = assignee ?? `team ${team}`;
      assignee = cmd.to;
      if (cmd.team) team = cmd.team;
      bump(`reassigned from ${from} to ${cmd.to} by ${cmd.actor.id}`);
      publish();
      await record('command', `Reassigned from ${from} to ${cmd.to}: ${cmd.reason}`, cmd.actor);
      if (task) await mail({ kind: 'task_assigned', key: `assigned:${seq}`, task: task.kind, ...(deadline ? { deadline: deadline.dueDate } : {}) });
      return view();
    },
    {
      validator: (raw) => {
        const cmd = parse(ReassignCommand, raw);
        checkVersion(cmd.version);
        if (cmd.actor.role === 'ar_specialist' && cmd.to !== cmd.actor.id && assignee !== cmd.actor.id) {
          throw new TaskRejection('An AR specialist may take a denial or hand on their own; a supervisor assigns others.');
        }
      },
    },
  );

  setHandler(
    addNoteUpdate,
    async (cmd) => {
      await record('note', cmd.text, cmd.actor);
      return view();
    },
    { validator: (raw) => void parse(AddNoteCommand, raw) },
  );

  /**
   * Mails the working team or person (escalations and breaches go to supervisors, copying them). Only ids,
   * amounts, dates and the category; the patient's identifiers are passed so the mail can be refused if
   * one ever slipped into its text.
   */
  type MailFields =
    | { kind: 'task_assigned'; key: string; task: TaskKind; deadline?: string }
    | { kind: 'reminder'; key: string; task?: TaskKind; deadline: string; daysLeft: number }
    | { kind: 'escalation'; key: string; task?: TaskKind; deadline: string; daysLeft: number; reason: 'deadline_near' | 'task_overdue' }
    | { kind: 'deadline_breach'; key: string; deadline: string };
  async function mail({ key, ...fields }: MailFields, amountCents = atRiskCents): Promise<void> {
    const phiValues = [input.patient?.name, input.patient?.memberId, denial.claim.patientControlNumber].filter((v): v is string => !!v);
    await notify({
      ...fields,
      idempotencyKey: `${workflowId}:${key}`,
      workflowId,
      team,
      ...(assignee ? { assignee } : {}),
      phiValues,
      category: primary().category,
      amountAtRiskCents: Math.max(0, amountCents),
    } as NotifyInput);
  }

  // ---- the deadline cascade, run while waiting for people ------------------------------------------------
  type Timed = { at: number; fire: () => Promise<void> };

  function filingTimers(): Timed[] {
    if (!deadline || submission) return [];
    const due = deadline.dueDate;
    const schedule = reminderSchedule(due, today());
    const timers: Timed[] = [];
    // Of the reminders whose day already passed, only the latest is still worth sending (once, now).
    const latestPast = schedule.reminders.filter((r) => r.status === 'past').sort((a, b) => a.offsetDays - b.offsetDays)[0];
    for (const r of schedule.reminders) {
      const key = `T-${r.offsetDays} ${due}`;
      if (remindersSent.includes(key)) continue;
      if (r.status === 'past' && r !== latestPast) continue;
      // A reminder whose day passed before the case reached this point is sent once, now.
      const at = Math.max(reminderMoment(r.date), r.status === 'past' ? Date.now() : 0);
      timers.push({
        at,
        fire: async () => {
          remindersSent.push(key);
          const daysLeft = Math.round((endOfDay(due) - Date.now()) / 86_400_000);
          await mail({ kind: 'reminder', key: `reminder:${key}`, ...(task ? { task: task.kind } : {}), deadline: due, daysLeft: Math.max(0, daysLeft) });
          await record('deadline', `Reminder T-${r.offsetDays}: ${deadline?.description ?? due}`);
        },
      });
    }
    if (!escalated) {
      timers.push({
        at: Math.max(reminderMoment(schedule.escalation.date), schedule.escalation.status === 'past' ? Date.now() : 0),
        fire: async () => {
          escalated = true;
          bump('escalated to a supervisor');
          await mail({ kind: 'escalation', key: `escalation:${due}`, ...(task ? { task: task.kind } : {}), deadline: due, daysLeft: Math.round((endOfDay(due) - Date.now()) / 86_400_000), reason: 'deadline_near' });
          await record('deadline', `Escalated to supervisors: not submitted ${schedule.escalation.offsetDays} days before ${due}`);
        },
      });
    }
    timers.push({
      at: endOfDay(due),
      fire: async () => {
        lostCents = atRiskCents;
        atRiskCents = 0;
        await mail({ kind: 'deadline_breach', key: `breach:${due}`, deadline: due }, lostCents);
        await close('timely_filing_loss', 'timely_filing_loss', `Timely-filing loss of ${(lostCents / 100).toFixed(2)}: ${deadline?.description ?? due} passed without a submission`);
      },
    });
    return timers;
  }

  /**
   * Waits until `done()`, a payer answer, or the case closes, firing reminders, escalation and the
   * deadline breach on durable timers meanwhile.
   */
  async function waitWithDeadlines(done: () => boolean, extraTimers: () => Timed[] = () => []): Promise<'done' | 'answer' | 'closed'> {
    for (;;) {
      if (closed()) return 'closed';
      if (answers.length) return 'answer';
      if (done()) return 'done';
      const timers = [...filingTimers(), ...extraTimers()].sort((a, b) => a.at - b.at);
      const next = timers[0];
      const wake = () => closed() || answers.length > 0 || done();
      if (!next) {
        await condition(wake);
        continue;
      }
      if (!(await condition(wake, Math.max(1, next.at - Date.now())))) await next.fire();
    }
  }

  async function openTask(kind: TaskKind, queue = AR_TEAM): Promise<HumanTask> {
    team = queue;
    const t: HumanTask = {
      id: `${kind}-${++taskSeq}`,
      kind,
      title: TASK_TITLES[kind],
      version,
      team: queue,
      ...(assignee ? { assignee } : {}),
      createdAt: new Date().toISOString(),
      ...(deadline && !submission ? { dueDate: deadline.dueDate } : {}),
    };
    task = t;
    bump(`task ${t.id} opened`);
    publish();
    await record('task_opened', `Task opened: ${t.title}`);
    await mail({ kind: 'task_assigned', key: `task:${t.id}`, task: t.kind, ...(t.dueDate ? { deadline: t.dueDate } : {}) });
    return t;
  }

  /** Opens a task and waits for it, under the deadline cascade. */
  async function work(kind: TaskKind, queue = AR_TEAM): Promise<'done' | 'answer' | 'closed'> {
    const t = await openTask(kind, queue);
    return waitWithDeadlines(() => taskDoneId === t.id);
  }

  /** Tells the prevention task of the root cause about this denial; root causes nobody can prevent have none. */
  async function reportToPrevention(rootCause: RootCause): Promise<void> {
    const c = primary();
    const report = defectReportFor({
      workflowId,
      rootCause,
      underpaid: underpaidCents > 0,
      ownerTeam: rootCause === c.rootCause ? c.ownerTeam : AR_TEAM,
      category: c.category,
      payerId: denial.payer.id,
      amountCents: atRiskCents,
      remitDate: denial.remittance.date ?? today(),
      ...(denial.claim.serviceDateFrom ?? denial.serviceLines[0]?.serviceDateFrom ? { serviceDate: denial.claim.serviceDateFrom ?? denial.serviceLines[0]?.serviceDateFrom } : {}),
      codes: codesOf(denial),
    });
    if (!report) return;
    await reportDefect(report);
    await record('note', `Reported to prevention task ${report.key.id}: ${report.control.leakPointName} (control: ${report.control.control})`);
  }

  // ---- the lifecycle ----------------------------------------------------------------------------------
  function assess(): void {
    const a = assessDenial(denial, { today: today(), appealLevel, atRiskCents, ...(reopeningRefused ? { facts: { reopeningRefused } } : {}) });
    explanation = a.explanation;
    assumptions = a.assumptions;
    route = explanation.decision.route;
    deadline = explanation.deadlines.primary;
  }

  publish();
  // Reason codes, not the sentences: those name the patient account number, which stays out of the ledger.
  await record(
    'transition',
    `Denial received: ${denial.detection.reasons.map((r) => (r.group ? `${r.code} ${r.group}-${r.reason}` : r.code)).join(', ')}; ${(atRiskCents / 100).toFixed(2)} at risk`,
    SystemActor,
    { rationale: assumptions },
  );
  await moveTo('classified', `Classified ${primary().code} as ${primary().category} (${primary().ruleId}): ${primary().explanation}`, SystemActor, [primary().explanation]);
  if (patched('prevention-loop')) await reportToPrevention(primary().rootCause);

  while (!closed()) {
    // Route (again): on arrival, after a partial payment, after the payer upheld the denial.
    if (answers.length) {
      // In arrival order; each payment counts against what is still at risk when it is applied.
      let upheld = false;
      for (let a = answers.shift(); a; a = answers.shift()) {
        if (a.paidCents > 0) {
          recoveredCents += a.paidCents;
          atRiskCents = Math.max(0, atRiskCents - a.paidCents);
          if (atRiskCents === 0) {
            await close('resolved', 'recovered', `Recovered ${(recoveredCents / 100).toFixed(2)} (${a.source})`);
            break;
          }
          await record('transition', `Partially recovered ${(a.paidCents / 100).toFixed(2)}; ${(atRiskCents / 100).toFixed(2)} still at risk: deciding again`);
        }
        if (a.kind === 'denial') {
          // Denied again: the next level of the ladder, or whatever policy says now.
          const current: Route = route;
          // A refused reopening is not appealable; the original determination is, and its appeal window
          // runs from that determination's remittance, which the case therefore keeps.
          const refusedReopening = current.kind === 'reopening' && patched('reopening-refused');
          if (a.event) denial = { ...denial, adjustments: a.event.adjustments, remarks: a.event.remarks, remittance: refusedReopening ? denial.remittance : a.event.remittance };
          if (!upheld && (current.kind === 'appeal' || current.kind === 'reconsideration')) appealLevel = current.appealLevel;
          upheld = true;
          if (refusedReopening) {
            reopeningRefused = true;
            await record('transition', `The payer refused the reopening (${a.source}): deciding again without one (a refusal to reopen is not appealable)`);
          } else await record('transition', `The payer upheld the denial at level ${appealLevel} (${a.source})`);
          // An appeal the payer upheld is the leak "weak appeal packets": its prevention task learns of it.
          if (appealLevel > 0 && patched('prevention-loop')) await reportToPrevention('weak_appeal_packet');
        }
      }
      if (closed()) break;
      submission = undefined;
      packet = undefined;
      routeOverride = null;
      escalated = false;
    }

    assess();
    const kept = overrideChosen();
    if (kept) {
      route = kept;
      deadline = deadlinesForRoute(denial, route, today())?.primary ?? null;
    }
    await moveTo('routed', `Route: ${describeRoute(route)}${deadline ? `, due ${deadline.dueDate} (${deadline.limitId}, rules ${deadline.rulesetVersion})` : ''}`, SystemActor, explanation.decision.rationale);

    if ((explanation.decision.requiresConfirmation || writeOffRefused) && !overrideChosen()) {
      writeOffRefused = false;
      const r = await work('confirm_route');
      if (r !== 'done') continue;
      const chosen = overrideChosen();
      if (chosen) {
        route = chosen;
        deadline = deadlinesForRoute(denial, route, today())?.primary ?? null;
        await moveTo('routed', `Route overridden: ${describeRoute(route)}${deadline ? `, due ${deadline.dueDate} (${deadline.limitId})` : ''}`);
      }
    }

    const r: Route = route;
    if (r.kind === 'post_only') {
      await close('resolved', 'posted', 'Posted: no recoverable denial (contractual or informational adjustment)');
      break;
    }
    if (r.kind === 'write_off') {
      if (r.approvalRequired) {
        const w = await work('approve_write_off', SUPERVISORS);
        if (w !== 'done') continue;
        if (writeOffRefused) {
          routeOverride = null;
          continue; // back to the specialist: confirm another route
        }
      }
      lostCents = atRiskCents;
      atRiskCents = 0;
      await close('written_off', 'written_off', `Written off ${(lostCents / 100).toFixed(2)}: ${explanation.decision.rationale.at(-2) ?? describeRoute(r)}`);
      break;
    }

    await moveTo('in_work', `In work: ${describeRoute(r)}`);
    if (r.kind === 'bill_patient' || r.kind === 'bill_next_payer') {
      const s = await work('record_submission');
      if (s !== 'done') continue;
      await close('resolved', 'transferred', `Balance transferred: ${describeRoute(r)} (${submission?.reference ?? ''})`);
      break;
    }
    if (r.kind === 'corrected_claim') {
      if ((await work('supply_corrections')) !== 'done') continue;
    } else if (r.kind === 'appeal' || r.kind === 'reconsideration' || r.kind === 'reopening') {
      if ((await work('prepare_appeal')) !== 'done') continue;
    }
    if (r.kind !== 'await_payer') {
      if ((await work('record_submission')) !== 'done') continue;
      await moveTo('submitted', `Submitted: ${submission?.channel} ${submission?.reference} on ${submission?.date}`);
    }

    // Waiting for the payer, with a follow-up when the response window passes.
    const sentOn = submission?.date ?? today();
    const responseDue =
      deadlinesForRoute(denial, r, today(), sentOn)?.deadlines.find((d) => d.kind === 'payer_response')?.dueDate ?? addDays(sentOn, DEFAULT_RESPONSE_DAYS);
    await moveTo('awaiting_payer', `Awaiting the payer's answer; response due by ${responseDue}`);
    let followUpOpened = false;
    let followUpEscalated = false;
    const outcome = await waitWithDeadlines(
      () => false,
      () => [
        ...(!followUpOpened
          ? [{ at: endOfDay(responseDue), fire: async () => void ((followUpOpened = true), await openTask('follow_up')) }]
          : []),
        ...(followUpOpened && !followUpEscalated
          ? [
              {
                at: endOfDay(addDays(responseDue, FOLLOW_UP_ESCALATION_DAYS)),
                fire: async () => {
                  followUpEscalated = true;
                  escalated = true;
                  await mail({ kind: 'escalation', key: `follow-up-escalation:${responseDue}`, task: 'follow_up', deadline: responseDue, daysLeft: -FOLLOW_UP_ESCALATION_DAYS, reason: 'task_overdue' });
                  await record('deadline', `Escalated: no payer answer ${FOLLOW_UP_ESCALATION_DAYS} days after the response window closed (${responseDue})`);
                },
              },
            ]
          : []),
      ],
    );
    task = null;
    if (outcome === 'closed') break;
  }

  await condition(allHandlersFinished);
  log.info('denial closed', { stage, resolution });
  return { resolution: resolution ?? 'upheld', recoveredCents, lostCents, reason: closedReason };
}
