/**
 * One long-lived workflow per prevention task (root cause x owning team, and payer where the control
 * says so). Denial workflows report each occurrence to it (signalWithStart). It counts occurrences and
 * dollars, tells the owning team which control closes the leak, escalates to supervisors when the
 * defect bursts, takes the team's "control in place" as an Update, and keeps watching: a recurrence
 * afterwards reopens the task and counts a repeat defect. It never ends; continue-as-new bounds history.
 */
import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, isCancellation, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { PreventionActivities } from '../activities/prevention';
import { SystemActor } from '../domain/lifecycle/ledger-entry';
import { refusalOf } from '../domain/lifecycle/refused-payload';
import type { Actor } from '../domain/lifecycle/tasks';
import type { PreventionEntryInput, PreventionEventType } from '../domain/prevention/prevention-entry';
import {
  DefectOccurrenceSchema,
  RecordControlCommand,
  controlRejection,
  newPreventionState,
  observeOccurrence,
  recordControl,
  taskIdOf,
  type DefectOccurrence,
  type PreventionState,
} from '../domain/prevention/prevention-state';
import { defectObservedSignal, preventionViewQuery, recordControlUpdate, type PreventionView, type PreventionWorkflowInput } from './prevention-messages';

const { appendPrevention } = proxyActivities<PreventionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
// Mail is worth retrying for a while, never worth stopping the prevention task for.
const { notify } = proxyActivities<PreventionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute', maximumAttempts: 8 },
});

/** The innermost message of a failure chain. */
function why(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e && e.cause) e = e.cause as typeof e;
  return e?.message ?? String(err);
}

const DEFAULT_MAX_OCCURRENCES_PER_RUN = 1000;

export async function preventionWorkflow(input: PreventionWorkflowInput): Promise<never> {
  let state: PreventionState = input.state ?? newPreventionState(input, new Date().toISOString());
  // The prevention ledger's sequence continues across runs.
  let seq = input.seq ?? 0;
  const inbox: DefectOccurrence[] = [];
  /** Why each occurrence that could not be counted was refused, until the main loop notes it. */
  const refused: string[] = [];
  let handledThisRun = 0;
  const run = input.run ?? 1;
  const maxPerRun = input.maxOccurrencesPerRun ?? DEFAULT_MAX_OCCURRENCES_PER_RUN;

  const today = () => new Date().toISOString().slice(0, 10);

  function view(): PreventionView {
    return {
      preventionId: state.key.id,
      taskId: taskIdOf(state),
      status: state.status,
      version: state.version,
      rootCause: state.key.rootCause,
      ownerTeam: state.key.ownerTeam,
      ...(state.key.payerId ? { payerId: state.key.payerId } : {}),
      control: state.control,
      occurrences: state.occurrences,
      totalCents: state.totalCents,
      repeats: state.repeats,
      controls: [...state.controls],
      examples: [...state.examples],
      openedAt: state.openedAt,
      escalation: { ...state.escalation, ...(state.lastEscalatedOn ? { lastEscalatedOn: state.lastEscalatedOn } : {}) },
      run,
    };
  }

  async function record(type: PreventionEventType, summary: string, actor: Actor | typeof SystemActor = SystemActor, o?: DefectOccurrence): Promise<void> {
    const entry: PreventionEntryInput = {
      preventionId: state.key.id,
      seq: ++seq,
      at: new Date().toISOString(),
      type,
      status: state.status,
      rootCause: state.key.rootCause,
      ownerTeam: state.key.ownerTeam,
      ...(state.key.payerId ? { payerId: state.key.payerId } : {}),
      leakPoint: state.control.leakPoint,
      control: state.control.control,
      ...(o ? { denialWorkflowId: o.denialWorkflowId, denialPayerId: o.payerId, category: o.category, amountCents: o.amountCents, remitDate: o.remitDate } : {}),
      actor,
      summary,
      occurrences: state.occurrences,
      totalCents: state.totalCents,
      repeats: state.repeats,
    };
    await appendPrevention(entry);
  }

  /** Mail that cannot be sent is noted on the task; the task goes on. */
  async function mail(input: Parameters<typeof notify>[0]): Promise<void> {
    try {
      await notify(input);
    } catch (err) {
      if (isCancellation(err)) throw err;
      await record('note', `Mail ${input.kind} could not be sent: ${why(err)}`);
    }
  }

  async function mailTeam(kind: 'opened' | 'reopened', o: DefectOccurrence): Promise<void> {
    await mail({
      kind: 'prevention_task_opened',
      idempotencyKey: `${state.key.id}:${kind}:${state.round}`,
      workflowId: state.key.id,
      team: state.key.ownerTeam,
      rootCause: state.key.rootCause,
      category: o.category,
      occurrences: state.occurrences,
      amountAtRiskCents: state.totalCents,
      reopened: kind === 'reopened',
      control: state.control.control,
    });
  }

  async function onOccurrence(o: DefectOccurrence): Promise<void> {
    const { state: next, outcome } = observeOccurrence(state, o, today());
    if (outcome.kind === 'duplicate') return;
    state = next;
    const money = (o.amountCents / 100).toFixed(2);
    if (outcome.first) {
      await record('opened', `Prevention task opened for ${state.key.ownerTeam}: ${state.control.leakPointName}; control: ${state.control.control}`);
    }
    if (outcome.repeat) {
      await record('repeat', `Repeat defect after the control of ${state.controls.at(-1)?.effectiveFrom}: ${o.codes.join(', ')} (${money})`, SystemActor, o);
    } else {
      const note = outcome.beforeControl ? ' (claim from before the control took effect: not a repeat)' : '';
      await record('occurrence', `Occurrence ${state.occurrences}: ${o.codes.join(', ')} (${money})${note}`, SystemActor, o);
    }
    if (outcome.reopened) {
      await record('reopened', `Reopened: the defect came back after the control was recorded (round ${state.round})`);
      await mailTeam('reopened', o);
    } else if (outcome.first) {
      await mailTeam('opened', o);
    }
    if (outcome.escalate) {
      await record('escalated', `Escalated to supervisors: ${state.recent.length} occurrences within ${state.escalation.windowDays} days`);
      await mail({
        kind: 'prevention_escalation',
        idempotencyKey: `${state.key.id}:escalation:${state.lastEscalatedOn}`,
        workflowId: state.key.id,
        team: state.key.ownerTeam,
        rootCause: state.key.rootCause,
        occurrences: state.recent.length,
        windowDays: state.escalation.windowDays,
        amountAtRiskCents: state.totalCents,
        control: state.control.control,
      });
    }
  }

  setHandler(preventionViewQuery, view);
  setHandler(defectObservedSignal, (raw) => {
    const notFromTheApp = refusalOf(raw);
    if (notFromTheApp) return void refused.push(notFromTheApp);
    const o = DefectOccurrenceSchema.safeParse(raw);
    if (o.success) inbox.push(raw);
    // Never from a denial workflow (its activity validates the report): noted, and nothing is counted.
    else refused.push(`invalid ${o.error.issues.slice(0, 5).map((i) => i.path.join('.') || 'input').join(', ')}`);
  });
  setHandler(
    recordControlUpdate,
    async (cmd) => {
      state = recordControl(state, cmd, new Date().toISOString());
      await record('control_recorded', `Control in place (${cmd.kind}), effective ${state.controls.at(-1)?.effectiveFrom}: ${cmd.what}`, cmd.actor);
      return view();
    },
    {
      validator: (raw) => {
        const refused = refusalOf(raw);
        if (refused) throw ApplicationFailure.create({ type: 'TaskRejection', message: refused });
        const parsed = RecordControlCommand.safeParse(raw);
        if (!parsed.success) {
          throw ApplicationFailure.create({ type: 'TaskRejection', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') });
        }
        const why = controlRejection(state, parsed.data);
        if (why) throw ApplicationFailure.create({ type: 'TaskRejection', message: why });
      },
    },
  );

  /** A note on the task; if even that cannot be written, the worker's log has it. */
  async function note(summary: string): Promise<void> {
    await record('note', summary).catch((err: unknown) => log.error('prevention note not recorded', { preventionId: state.key.id, error: why(err) }));
  }

  const rollOver = () => handledThisRun >= maxPerRun || workflowInfo().continueAsNewSuggested;
  for (;;) {
    await condition(() => inbox.length > 0 || refused.length > 0 || rollOver());
    for (let r = refused.shift(); r !== undefined; r = refused.shift()) await note(`An occurrence was refused: ${r}`);
    for (let o = inbox.shift(); o; o = inbox.shift()) {
      try {
        await onOccurrence(o);
      } catch (err) {
        // The ledger could not take it (or a bug): the task keeps counting the next ones.
        if (isCancellation(err)) throw err;
        await note(`Occurrence of ${o.denialWorkflowId} could not be recorded: ${why(err)}`);
      }
      handledThisRun++;
    }
    if (rollOver()) {
      // Updates in flight finish first; occurrences that arrived meanwhile are handled before rolling over.
      await condition(allHandlersFinished);
      if (inbox.length) continue;
      await continueAsNew<typeof preventionWorkflow>({ ...input, state, seq, run: run + 1 });
    }
  }
}
