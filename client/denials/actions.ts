/**
 * Acting on a denial from outside the workflow (CLI, HTTP API, web pages): one table of actions and their
 * Updates, one way to fill in the task id and version, and one way to turn a rejected Update into the
 * sentence the workflow's validator wrote for the person.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../domain/lifecycle/tasks';
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
  resolveProblemUpdate,
  supplyCorrectionsUpdate,
  type DenialView,
} from '../../workflows/denial-messages';

export const DENIAL_ACTIONS = {
  'confirm-route': { update: confirmRouteUpdate, task: true },
  'supply-corrections': { update: supplyCorrectionsUpdate, task: true },
  'attach-documents': { update: attachDocumentsUpdate, task: false },
  'approve-packet': { update: approvePacketUpdate, task: true },
  'record-submission': { update: recordSubmissionUpdate, task: true },
  'record-payer-decision': { update: recordPayerDecisionUpdate, task: false },
  'approve-write-off': { update: approveWriteOffUpdate, task: true },
  'resolve-problem': { update: resolveProblemUpdate, task: true },
  reassign: { update: reassignUpdate, task: false },
  note: { update: addNoteUpdate, task: false },
} as const;
export type DenialActionName = keyof typeof DENIAL_ACTIONS;

export function isDenialAction(name: string): name is DenialActionName {
  return Object.hasOwn(DENIAL_ACTIONS, name);
}

export class DenialNotFound extends Error {}

export async function denialView(handle: WorkflowHandle): Promise<DenialView> {
  try {
    return await handle.query(denialViewQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new DenialNotFound(`No denial workflow ${handle.workflowId}.`);
    throw err;
  }
}

/** The innermost message of a rejected Update: what the validator said. */
export function rejectionMessage(err: WorkflowUpdateFailedError): string {
  let inner: { message: string; cause?: unknown } = err;
  while (inner.cause instanceof Error) inner = inner.cause;
  return inner.message;
}

/**
 * The same person sending the same command on the same version of the denial (a double click, a retry after
 * the answer was lost) is one Update: Temporal hands every copy the first one's outcome, so the copies are
 * neither refused nor run. A note carries no version, and the same words written again later are a new note.
 */
function idempotencyOf(action: DenialActionName, command: Record<string, unknown>): { updateId?: string } {
  if (action === 'note') return {};
  return { updateId: `${action}-${createHash('sha256').update(JSON.stringify(command)).digest('hex').slice(0, 32)}` };
}

export type ActionResult = { ok: true; view: DenialView } | { ok: false; rejection: string; view: DenialView };

/**
 * Runs an action. `taskId` and `version` are what the person saw: a page passes them so a stale page is
 * refused; the CLI leaves them out to act on the current task.
 */
export async function actOnDenial(
  client: Client,
  workflowId: string,
  action: DenialActionName,
  /** The action's fields, or how to make them from the current view (a form that names a route, say). */
  data: Record<string, unknown> | ((current: DenialView) => Record<string, unknown>),
  actor: Actor,
  seen: { taskId?: string; version?: number } = {},
  /** The view the caller already read, so it is not asked for twice. */
  known?: DenialView,
): Promise<ActionResult> {
  const handle = client.workflow.getHandle(workflowId);
  const current = known ?? (await denialView(handle));
  const spec = DENIAL_ACTIONS[action];
  if (spec.task && !current.task && seen.taskId === undefined) {
    return { ok: false, rejection: `No open task: the denial is ${current.stage}${current.resolution ? ` (${current.resolution})` : ''}.`, view: current };
  }
  const command = {
    ...(spec.task ? { taskId: seen.taskId ?? current.task?.id ?? '' } : {}),
    ...(action === 'note' ? {} : { version: seen.version ?? current.version }),
    ...(typeof data === 'function' ? data(current) : data),
    actor,
  };
  try {
    await handle.executeUpdate(spec.update as typeof reassignUpdate, { args: [command as never], ...idempotencyOf(action, command) });
    return { ok: true, view: await denialView(handle) };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return { ok: false, rejection: rejectionMessage(err), view: await denialView(handle) };
    throw err;
  }
}
