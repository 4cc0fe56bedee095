/**
 * The denial's messages: the view query, remittances for the claim, and one Update per thing a person
 * does. Each validator checks the command's schema, the case version, the task and the role before
 * anything reaches history. Each task handler claims its task before its first `await`, so of N identical
 * Updates that arrive together one completes the task and the others are refused.
 */
import { ApplicationFailure, TemporalFailure, proxyActivities, setHandler } from '@temporalio/workflow';
import { z } from 'zod';
import type { DenialActivities } from '../../activities';
import { RemittanceEvent } from '../../domain/denial-case';
import { ClaimStatusReportSchema } from '../../domain/lifecycle/claim-status-report';
import { refusalOf } from '../../domain/lifecycle/refused-payload';
import {
  AddNoteCommand,
  ApprovePacketCommand,
  ApproveWriteOffCommand,
  AttachDocumentsCommand,
  ConfirmRouteCommand,
  ReassignCommand,
  RecordPayerDecisionCommand,
  RecordSubmissionCommand,
  ResolveProblemCommand,
  SupplyCorrectionsCommand,
  type Actor,
  type HumanTask,
  type TaskKind,
  type TaskResult,
} from '../../domain/lifecycle/tasks';
import { describeRoute } from '../../domain/policy/routes';
import {
  addNoteUpdate,
  approvePacketUpdate,
  approveWriteOffUpdate,
  attachDocumentsUpdate,
  claimStatusSignal,
  confirmRouteUpdate,
  denialViewQuery,
  reassignUpdate,
  recordPayerDecisionUpdate,
  recordSubmissionUpdate,
  remittanceEventSignal,
  resolveProblemUpdate,
  supplyCorrectionsUpdate,
  type DenialWorkflowInput,
} from '../denial-messages';
import { TaskRejection, isoDay, type DenialCaseState, type PayerAnswer } from './case-state';
import { rootCauseOf, type CaseEffects } from './effects';
import { sendsClaimFiles } from './patches';

const { assembleAppealPacket } = proxyActivities<DenialActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute', maximumAttempts: 5 },
});

const RemittanceDelivery = z.strictObject({ eventKey: z.string().min(1).max(200), event: RemittanceEvent });

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** The command, or a rejection naming each field that is wrong. */
function parse<T>(schema: Schema<T>, raw: unknown): T {
  const refused = refusalOf(raw);
  if (refused) throw new TaskRejection(refused);
  const r = schema.safeParse(raw);
  if (!r.success) throw new TaskRejection(r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  return r.data;
}

/**
 * An accepted Update that goes wrong fails that Update with a message, never the workflow task: only
 * Temporal failures fail an Update, anything else would retry the workflow task forever.
 */
function asUpdateFailure(err: unknown): unknown {
  if (err instanceof TemporalFailure) return err;
  return ApplicationFailure.create({ type: 'UpdateFailed', message: `The action could not be completed: ${rootCauseOf(err)}`, nonRetryable: true });
}

/** The view, answerable from the first moment, also while the rules are still being consulted. */
export function registerView(c: DenialCaseState): void {
  setHandler(denialViewQuery, () => c.view());
}

export function registerHandlers(c: DenialCaseState, fx: CaseEffects, input: DenialWorkflowInput): void {
  const today = () => isoDay(Date.now());

  /** Claims the task, runs the completion, and opens the task again for anyone if the completion fails. */
  async function completing(kinds: readonly TaskKind[], cmd: { taskId: string; version: number; actor: Actor }, run: (task: HumanTask) => Promise<void>): Promise<TaskResult> {
    const task = c.claim(kinds, cmd);
    try {
      await run(task);
      // Answered only once what it recorded is in the ledger, also when it came during the opening.
      if (fx.queued) await fx.flush();
    } catch (err) {
      c.release(task);
      throw asUpdateFailure(err);
    }
    return c.result();
  }

  /** Updates that change the case without completing its task. */
  async function changing(run: () => Promise<void>): Promise<TaskResult> {
    try {
      await run();
      if (fx.queued) await fx.flush();
    } catch (err) {
      throw asUpdateFailure(err);
    }
    return c.result();
  }

  setHandler(remittanceEventSignal, async (raw) => {
    const refused = refusalOf(raw);
    if (refused) {
      await fx.record('payer_event', `A remittance delivery was refused: ${refused}`).catch(() => undefined);
      return;
    }
    const delivery = RemittanceDelivery.safeParse(raw);
    if (!delivery.success) {
      // Never from the intake (it validates what it sends): recorded for a person, and nothing else changes.
      const where = delivery.error.issues.slice(0, 5).map((i) => i.path.join('.') || 'input').join(', ');
      await fx.record('payer_event', `A remittance delivery was refused: invalid ${where}`).catch(() => undefined);
      return;
    }
    const { eventKey, event } = delivery.data;
    if (!c.firstDelivery(eventKey)) return;
    try {
      await onPayerEvent(event, `remittance ${event.remittance.traceNumber ?? eventKey.slice(0, 8)}`);
      if (fx.queued) await fx.flush();
    } catch {
      // The ledger could not take the event; the answer itself is queued and the case acts on it.
    }
  });

  /**
   * A 277, 277CA or 999 the intake matched to this claim. Runs from before `clearinghouse-files` only keep
   * it for the view (no command their histories do not expect); newer runs record it, and a rejection of
   * the corrected claim they sent sends the case back to its corrections.
   */
  setHandler(claimStatusSignal, async (raw) => {
    const report = ClaimStatusReportSchema.safeParse(raw);
    if (!report.success) {
      if (!sendsClaimFiles()) return;
      const where = report.error.issues.slice(0, 5).map((i) => i.path.join('.') || 'input').join(', ');
      await fx.record('payer_event', `A claim status delivery was refused: invalid ${where}`).catch(() => undefined);
      return;
    }
    const seen = c.takeStatus(report.data, today());
    if (!seen || !sendsClaimFiles()) return;
    const codes = `${seen.categoryCode}${seen.statusCode ? `:${seen.statusCode}` : ''}`;
    const rejects = c.rejectsSentClaim(seen);
    const asks = !rejects && c.asksForInformation(seen);
    if (rejects) c.rejectedClaim = seen;
    if (asks) c.informationRequest = seen;
    try {
      await fx.record(
        'payer_event',
        rejects
          ? `The corrected claim ${c.lastCorrectedClaim?.fileName} was rejected (${seen.source} ${codes}: ${seen.explanation}): correct it and send it again`
          : asks
            ? `The payer asks for more information (${seen.source} ${codes}: ${seen.explanation}): a follow-up opens now`
            : `Claim status (${seen.source} ${codes}, ${seen.classification}): ${seen.explanation}`,
      );
      if (fx.queued) await fx.flush();
    } catch {
      // The ledger could not take it; the case keeps the answer and acts on it.
    }
  });

  async function onPayerEvent(event: RemittanceEvent, source: string): Promise<void> {
    if (c.closed) {
      await fx.record('payer_event', `Remittance after close (${event.kind}, CLP02 ${event.claim.status}, paid ${event.claim.paidCents / 100}): recorded for review`);
      return;
    }
    const paid = event.claim.paidCents;
    if (event.kind === 'reversal') {
      // The payer took back an earlier payment: that money is at risk again.
      c.recoveredCents += paid; // paid is negative on a reversal
      c.atRiskCents -= paid;
      c.bump('payer reversed a payment');
      fx.publish();
      await fx.record('payer_event', `Payer reversed ${(-paid / 100).toFixed(2)} (${source})`);
      return;
    }
    let kind: PayerAnswer['kind'];
    if (event.kind === 'payment' && paid > 0) kind = 'payment';
    else if (event.kind === 'denial') kind = 'denial';
    else {
      await fx.record('payer_event', `Remittance ${event.kind} with nothing paid (${source})`);
      return;
    }
    c.answers.push({ kind, paidCents: Math.max(paid, 0), event, source, ...(event.remittance.date ? { noticeDate: event.remittance.date } : {}) });
    const said = kind === 'denial' && paid <= 0 ? 'denied' : paid >= c.atRiskCents ? 'paid' : 'partially paid';
    c.bump(`payer answered: ${said}`);
    await fx.record('payer_event', `Payer ${said}: ${(Math.max(paid, 0) / 100).toFixed(2)} (${source})`);
  }

  /**
   * A window check ends in a route: the one the payer's real window allows, with that window's last day, or
   * a write-off when it is really closed. Confirming "check the window" would only ask the same again.
   */
  function checkWindowAnswer(cmd: ConfirmRouteCommand): void {
    if (cmd.decision === 'confirm' || !cmd.route) {
      throw new TaskRejection('Checking the window ends in a route: override with the route the payer’s window allows (and its last day), or with a write-off if it is closed.');
    }
    if (cmd.route.kind === 'verify_window') throw new TaskRejection('Choose the route the confirmed window allows, not another check.');
    if (cmd.route.kind !== 'write_off' && !cmd.windowDueDate) {
      throw new TaskRejection('Give the last day of the window as the payer or the contract confirmed it (windowDueDate).');
    }
    if (cmd.windowDueDate && cmd.windowDueDate < today()) {
      throw new TaskRejection(`The confirmed window ended ${cmd.windowDueDate}: it is closed, so the claim can only be written off (override with a write-off).`);
    }
  }

  setHandler(
    confirmRouteUpdate,
    (cmd) =>
      completing(['confirm_route'], cmd, async () => {
        if (cmd.decision === 'override' && cmd.route) {
          c.routeOverride = { route: cmd.route, reason: cmd.reason ?? '', by: cmd.actor.id, ...(cmd.windowDueDate ? { windowDueDate: cmd.windowDueDate } : {}) };
          const window = cmd.windowDueDate ? ` (window confirmed with the payer: last day ${cmd.windowDueDate})` : '';
          await fx.completeTask(cmd.actor, `Route overridden to ${describeRoute(cmd.route)}${window}: ${cmd.reason}`);
        } else {
          await fx.completeTask(cmd.actor, `Route confirmed: ${describeRoute(c.route)}${cmd.reason ? ` (${cmd.reason})` : ''}`);
        }
      }),
    {
      validator: (raw) => {
        const cmd = parse(ConfirmRouteCommand, raw);
        c.checkTask(['confirm_route'], cmd);
        if (c.route.kind === 'verify_window') checkWindowAnswer(cmd);
      },
    },
  );

  setHandler(
    supplyCorrectionsUpdate,
    (cmd) =>
      completing(['supply_corrections'], cmd, async () => {
        c.corrections.push(...cmd.corrections);
        await fx.completeTask(cmd.actor, `Corrections supplied: ${cmd.corrections.map((x) => `${x.field}${x.line ? ` line ${x.line}` : ''} → ${x.to}`).join(', ')}`);
      }),
    { validator: (raw) => void c.checkTask(['supply_corrections'], parse(SupplyCorrectionsCommand, raw)) },
  );

  setHandler(
    attachDocumentsUpdate,
    (cmd) =>
      changing(async () => {
        const fresh = cmd.documents.filter((d) => !c.documents.some((x) => x.sha256 === d.sha256));
        c.documents.push(...fresh);
        // By id: this sentence reaches other people's refusals ("Since then: …"); a file name may name the patient.
        c.bump(`attached ${fresh.map((d) => `document ${d.id}`).join(', ') || 'nothing new'}`);
        await fx.record('command', `Attached ${fresh.length} document(s): ${fresh.map((d) => d.name).join(', ')}`, cmd.actor);
      }),
    {
      validator: (raw) => {
        const cmd = parse(AttachDocumentsCommand, raw);
        c.checkVersion(cmd.version);
        if (c.stage === 'submitted' || c.stage === 'awaiting_payer') throw new TaskRejection('The filing was already submitted: documents can no longer be added to it.');
      },
    },
  );

  setHandler(
    approvePacketUpdate,
    (cmd) =>
      completing(['prepare_appeal'], cmd, async () => {
        if (cmd.argument) c.argument = cmd.argument;
        let built: Awaited<ReturnType<typeof assembleAppealPacket>>;
        try {
          built = await assembleAppealPacket({
            workflowId: c.workflowId,
            denial: c.denial,
            patient: input.patient ?? {},
            appealLevel: Math.max(1, c.appealLevel + 1),
            route: c.route,
            category: c.primary.category,
            documents: c.documents,
            corrections: c.corrections,
            argument: c.argument,
            letterDate: today(),
          });
        } catch (err) {
          // Say why in the person's terms; the packet can be approved again once the cause is fixed.
          throw ApplicationFailure.create({ type: 'PacketFailed', message: `The appeal packet could not be built: ${rootCauseOf(err)}`, nonRetryable: true });
        }
        c.packet = { ref: built.ref, pages: built.pages };
        await fx.completeTask(cmd.actor, `Appeal packet approved (${built.pages} pages, sha256 ${built.ref.sha256.slice(0, 12)}…)`);
        await fx.moveTo('packet_ready', 'Packet ready to submit', cmd.actor);
      }),
    { validator: (raw) => void c.checkTask(['prepare_appeal'], parse(ApprovePacketCommand, raw)) },
  );

  setHandler(
    recordSubmissionUpdate,
    (cmd) =>
      // A follow-up is completed the same way: the claim or appeal sent again, or the payer called.
      completing(['record_submission', 'follow_up'], cmd, async (task) => {
        c.submission = { date: cmd.date, channel: cmd.channel, reference: cmd.reference, by: cmd.actor.id };
        await fx.completeTask(cmd.actor, `${task.kind === 'follow_up' ? 'Followed up' : 'Submitted'} ${cmd.date} by ${cmd.channel}, reference ${cmd.reference}`);
      }),
    {
      validator: (raw) => {
        const cmd = parse(RecordSubmissionCommand, raw);
        c.checkTask(['record_submission', 'follow_up'], cmd);
        if (cmd.date > today()) throw new TaskRejection(`The submission date ${cmd.date} is in the future.`);
      },
    },
  );

  setHandler(
    recordPayerDecisionUpdate,
    (cmd) =>
      changing(async () => {
        const paidCents = Math.round(cmd.paidAmount * 100);
        // The decision's notice date travels with the answer: the next level's deadline counts from it.
        c.answers.push({ kind: cmd.outcome === 'denied' ? 'denial' : 'payment', paidCents, noticeDate: cmd.date, source: `recorded by ${cmd.actor.id}${cmd.reference ? `, ref ${cmd.reference}` : ''}` });
        const said = cmd.outcome === 'denied' ? 'denied' : paidCents >= c.atRiskCents ? 'paid' : 'partially paid';
        c.bump(`payer decision recorded: ${said}`);
        await fx.record('payer_event', `Payer decision recorded by hand: ${said} ${cmd.paidAmount.toFixed(2)} on ${cmd.date}`, cmd.actor, { facts: { decisionNoticeDate: cmd.date } });
      }),
    {
      validator: (raw) => {
        const cmd = parse(RecordPayerDecisionCommand, raw);
        c.checkVersion(cmd.version);
        if (!c.submission && c.stage !== 'awaiting_payer') throw new TaskRejection('Nothing was submitted to the payer yet: record the submission first.');
        // The next deadline counts from this date: one in the future, or before our filing, would move it later than the payer allows.
        if (cmd.date > today()) throw new TaskRejection(`The decision's notice date ${cmd.date} is in the future: give the date on the payer's letter.`);
        if (c.submission && cmd.date < c.submission.date) throw new TaskRejection(`The decision's notice date ${cmd.date} is before the submission (${c.submission.date}): give the date on the payer's letter.`);
      },
    },
  );

  setHandler(
    approveWriteOffUpdate,
    (cmd) =>
      completing(['approve_write_off'], cmd, async () => {
        if (!cmd.approve) c.writeOffRefused = true;
        await fx.completeTask(cmd.actor, `Write-off ${cmd.approve ? 'approved' : 'refused'}: ${cmd.reason}`);
      }),
    { validator: (raw) => void c.checkTask(['approve_write_off'], parse(ApproveWriteOffCommand, raw)) },
  );

  setHandler(
    resolveProblemUpdate,
    (cmd) =>
      completing(['resolve_problem'], cmd, async () => {
        if (cmd.action === 'override' && cmd.route) c.routeOverride = { route: cmd.route, reason: cmd.reason, by: cmd.actor.id };
        await fx.completeTask(cmd.actor, cmd.action === 'override' && cmd.route ? `Problem resolved, route set to ${describeRoute(cmd.route)}: ${cmd.reason}` : `Problem resolved, retrying: ${cmd.reason}`);
      }),
    { validator: (raw) => void c.checkTask(['resolve_problem'], parse(ResolveProblemCommand, raw)) },
  );

  setHandler(
    reassignUpdate,
    (cmd) =>
      changing(async () => {
        const from = c.assignee ?? `team ${c.team}`;
        c.assignee = cmd.to;
        if (cmd.team) c.team = cmd.team;
        c.bump(`reassigned from ${from} to ${cmd.to} by ${cmd.actor.id}`);
        fx.publish();
        await fx.record('command', `Reassigned from ${from} to ${cmd.to}: ${cmd.reason}`, cmd.actor);
        if (c.task) await fx.mail({ kind: 'task_assigned', key: `assigned:${c.seq}`, task: c.task.kind, ...(c.deadline ? { deadline: c.deadline.dueDate } : {}) });
      }),
    {
      validator: (raw) => {
        const cmd = parse(ReassignCommand, raw);
        c.checkVersion(cmd.version);
        if (cmd.actor.role === 'ar_specialist' && cmd.to !== cmd.actor.id && c.assignee !== cmd.actor.id) {
          throw new TaskRejection('An AR specialist may take a denial or hand on their own; a supervisor assigns others.');
        }
      },
    },
  );

  setHandler(
    addNoteUpdate,
    (cmd) =>
      changing(async () => {
        await fx.record('note', cmd.text, cmd.actor);
      }),
    { validator: (raw) => void parse(AddNoteCommand, raw) },
  );
}
