/**
 * Delivers remittance events to denial workflows on Temporal: a start for a new claim, a signal after.
 *
 * Starts are paced to the worker (issue 15): the server takes starts several times faster than a worker on
 * the same machine opens denials, so unpaced a burst queues first workflow tasks for tens of seconds. When a
 * worker polls the task queue, a denial is started with update-with-start (the `opened` Update, waiting for
 * ACCEPTED), which returns once the denial's first workflow task has run, and at most `window` denials are
 * started and not yet opened at a time: the backlog of first tasks stays at the window, and with it the time
 * from a start to its first task. With no worker polling it is a plain start, so an intake with no worker
 * never waits for one; an accept later than a few seconds turns pacing off until the pollers are asked again.
 */
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { openedUpdate, remittanceEventSignal, type RemittanceEventDelivery } from '../../workflows/denial-messages';
import type { denialWorkflow } from '../../workflows/denial';
import { AdmissionWindow, DEFAULT_ADMISSION, type Admission } from './admission-window';

export { admissionOf, DEFAULT_ADMISSION, type Admission } from './admission-window';
import type { Deliverer } from './pipeline';

const { TaskQueueKind, TaskQueueType } = temporal.api.enums.v1;

type StartOptions = WorkflowStartOptions<typeof denialWorkflow>;

export function temporalDeliverer(client: Client, taskQueue: string, admission: Admission = DEFAULT_ADMISSION): Deliverer {
  const gate = new AdmissionGate(client, taskQueue, admission);

  async function plainStart(options: StartOptions): Promise<'started' | 'exists'> {
    try {
      await client.workflow.start<typeof denialWorkflow>('denialWorkflow', options);
      return 'started';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'exists';
      throw err;
    }
  }

  /** Started when its first workflow task has run; 'exists' as a plain start says it. */
  async function pacedStart(options: StartOptions): Promise<'started' | 'exists'> {
    const leave = await gate.window.enter();
    const entered = Date.now();
    const call = new AbortController();
    const giveUp = setTimeout(() => call.abort(), admission.answerWithinMs);
    // FAIL: an id already taken (running, or closed under REJECT_DUPLICATE) is refused as a plain start refuses it.
    const operation = new WithStartWorkflowOperation<typeof denialWorkflow>('denialWorkflow', { ...options, workflowIdConflictPolicy: 'FAIL' });
    const accepted = client.withAbortSignal(call.signal, () => client.workflow.startUpdateWithStart(openedUpdate, { waitForStage: 'ACCEPTED', startWorkflowOperation: operation }));
    let inTime: boolean;
    try {
      inTime = await within(accepted, admission.acceptWithinMs);
    } catch (err) {
      clearTimeout(giveUp);
      leave();
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'exists';
      // A server that refuses Updates (or any other failure of the paced start): plain starts, as before.
      gate.late();
      return plainStart(options);
    }
    if (inTime) gate.window.opened(Date.now() - entered);
    leave();
    try {
      if (inTime) return 'started';
      // No first task in time: no worker after all (its pollers are remembered for minutes), or one far
      // behind. Plain starts for a while; this start took effect if the server's first answer (at its
      // long-poll timeout, 20 s on the dev server) carries it, so it is not reported as a signal.
      gate.late();
      try {
        await operation.workflowHandle();
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'exists';
        // No answer at all: a plain start decides; its 'exists' makes the event a signal, which the
        // workflow ignores as the echo of its own input (same event key).
        return plainStart(options);
      }
    } finally {
      clearTimeout(giveUp);
      // Once late, the SDK would send the Update again until it is accepted: not needed.
      call.abort();
    }
  }

  return {
    async start(workflowId, denial, eventKey, patient) {
      const options: StartOptions = {
        workflowId,
        taskQueue,
        args: [{ denial, eventKey, patient }],
        // A closed case is not silently reopened as a new run: the id stays taken, the event is reported.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // No search attributes here: the workflow's first task upserts all of them, so sending some with
        // the start only wrote them twice (about 15% of the server's work per start, measured). Worklists
        // read the ledger, which also fills only once the worker runs.
      };
      return (await gate.pacing()) ? pacedStart(options) : plainStart(options);
    },
    async reopen(workflowId, recoupment, eventKey, patient, reopened) {
      try {
        await client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
          workflowId,
          taskQueue,
          args: [{ denial: recoupment, eventKey, patient, reopened }],
          // The one way a closed denial runs again: a recoupment of money it recovered. A run still going
          // (reopened by the same event a moment ago) keeps the id.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        });
        return 'reopened';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
        throw err;
      }
    },
    async signal(workflowId, eventKey, event) {
      try {
        await client.workflow.getHandle(workflowId).signal(remittanceEventSignal, { eventKey, event } satisfies RemittanceEventDelivery);
        return 'delivered';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'closed';
        throw err;
      }
    },
  };
}

/** True when `p` resolves within `ms`, false when it has not by then; its rejection within `ms` is thrown. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether to pace (a worker polls the task queue), and the window of denials started and not yet opened. */
class AdmissionGate {
  readonly window: AdmissionWindow;
  /** Until when the last answer holds, and the answer. */
  private until = 0;
  private answer: Promise<boolean> = Promise.resolve(false);

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly admission: Admission,
  ) {
    this.window = new AdmissionWindow(admission);
  }

  /** True when a worker polls the task queue for workflow tasks (asked at most once per recheckMs). */
  pacing(): Promise<boolean> {
    if (this.admission.window <= 0) return Promise.resolve(false);
    if (Date.now() < this.until) return this.answer;
    this.until = Date.now() + this.admission.recheckMs;
    this.answer = this.client.workflowService
      .describeTaskQueue({
        namespace: this.client.options.namespace,
        taskQueue: { name: this.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      })
      .then(
        (r) => (r.pollers?.length ?? 0) > 0,
        // Not knowing is not a reason to stop the intake: plain starts, asked again next time.
        () => ((this.until = 0), false),
      );
    return this.answer;
  }

  /** An accept came late: plain starts until the pollers are asked again, recheckMs from now. */
  late(): void {
    this.until = Date.now() + this.admission.recheckMs;
    this.answer = Promise.resolve(false);
  }
}
