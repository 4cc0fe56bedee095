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

/** The view once the task the person came for is open (the worker may still be getting there). */
async function openTask(client: Client, act: Act): Promise<DenialView> {
  const handle = client.workflow.getHandle(act.workflowId);
  return persist(`${act.workflowId}: waiting for its ${act.task} task`, async () => {
    const view = await denialView(handle);
    if (view.task?.kind !== act.task || view.task.claimedBy) throw new Error(`the open task is ${view.task?.kind ?? 'none'} (${view.stage})`);
    return view;
  });
}

/**
 * Both clicks of a double click name the task and version the page showed. `onClick` runs as each click
 * is sent (the run kills the worker at one of them).
 */
export async function doubleClick(client: Client, act: Act, onClick: () => void): Promise<ActOutcome> {
  const view = await openTask(client, act);
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
