/**
 * People acting on denials while the faults happen: each opens the denial, waits for the task it came for,
 * and clicks twice at once (a double click), through the same Updates the web app and the CLI send
 * (client/denials/actions.ts). A click that fails for a reason other than a refusal (the worker was killed,
 * the server is restarting) is clicked again, as a person would.
 */
import type { Client } from '@temporalio/client';
import { actOnDenial, denialView, type DenialActionName } from '../client/denials/actions';
import type { Actor, TaskKind } from '../domain/lifecycle/tasks';
import type { RouteKind } from '../domain/policy';
import type { DenialView } from '../workflows/denial-messages';

export interface Act {
  workflowId: string;
  action: DenialActionName;
  /** The task the person came for. */
  task: TaskKind;
  /** The route the run expects the denial on; another one means the run picked the wrong denial. */
  route: RouteKind;
  data: Record<string, unknown>;
  /**
   * A task the person must do first, with one click (a route resting on an unverified window is confirmed
   * before the appeal is prepared).
   */
  first?: { action: DenialActionName; task: TaskKind; data: Record<string, unknown> };
}

export interface ActOutcome {
  workflowId: string;
  action: DenialActionName;
  taskId: string;
  /** Clicks the workflow accepted (the figures count completions in the ledger, not these). */
  accepted: number;
  refusals: string[];
}

const PERSON: Actor = { id: 'chaos.ar', role: 'ar_specialist' };
const RETRY_FOR_MS = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `fn` until it returns, for up to five minutes: errors of a killed worker or a restarting server pass. */
export async function persist<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const until = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > until) throw new Error(`${what}: still failing after ${RETRY_FOR_MS / 1000}s: ${(err as Error).message}`);
      await sleep(1000);
    }
  }
}

/** The view once one of `tasks` is open (the worker may still be getting there). */
async function openTask(client: Client, workflowId: string, ...tasks: TaskKind[]): Promise<DenialView> {
  const handle = client.workflow.getHandle(workflowId);
  return persist(`${workflowId}: waiting for its ${tasks.join(' or ')} task`, async () => {
    const view = await denialView(handle);
    if (!view.task || !tasks.includes(view.task.kind) || view.task.claimedBy) throw new Error(`the open task is ${view.task?.kind ?? 'none'} (${view.stage}, route ${view.route.kind})`);
    return view;
  });
}

/**
 * One click on the task the person must do first, where the denial asks for it (the rules decide that,
 * not the run); a click the worker's death swallowed is clicked again.
 */
async function doFirst(client: Client, act: Act & Required<Pick<Act, 'first'>>): Promise<void> {
  const { first } = act;
  const view = await openTask(client, act.workflowId, first.task, act.task);
  if (view.task!.kind === act.task) return;
  const seen = { taskId: view.task!.id, version: view.version };
  const result = await persist(`${act.workflowId}: ${first.action}`, () => actOnDenial(client, act.workflowId, first.action, first.data, PERSON, seen, view));
  // A refusal while the task is still open is real; once it is done, an earlier click (lost with a killed worker) did it.
  if (!result.ok && result.view.task?.id === seen.taskId) throw new Error(`${act.workflowId}: ${first.action} was refused: ${result.rejection}`);
}

/**
 * Both clicks of a double click name the task and version the page showed. `onClick` runs as each click
 * is sent (the run kills the worker at one of them).
 */
export async function doubleClick(client: Client, act: Act, onClick: () => void): Promise<ActOutcome> {
  if (act.first) await doFirst(client, { ...act, first: act.first });
  const view = await openTask(client, act.workflowId, act.task);
  if (view.route.kind !== act.route) throw new Error(`the chaos run picked ${act.workflowId} for ${act.action} on a ${act.route} route, but it is routed to ${view.route.kind}`);
  const seen = { taskId: view.task!.id, version: view.version };
  const click = () => {
    onClick();
    return persist(`${act.workflowId}: ${act.action}`, () => actOnDenial(client, act.workflowId, act.action, act.data, PERSON, seen, view));
  };
  const results = await Promise.all([click(), click()]);
  return {
    workflowId: act.workflowId,
    action: act.action,
    taskId: seen.taskId,
    accepted: results.filter((r) => r.ok).length,
    refusals: results.flatMap((r) => (r.ok ? [] : [r.rejection])),
  };
}
