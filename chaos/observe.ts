/**
 * Reads what a chaos run left behind, from the places the product keeps it: Temporal's visibility and
 * histories, each workflow's view, the ledger and its read model, the SMTP server's mailbox and the
 * document store. chaos/figures.ts judges it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { PDFDocument } from 'pdf-lib';
import { denialView } from '../client/denials/actions';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { readOpenedFile } from '../runtime/at-rest/sealed-files';
import type { CodecKeyring } from '../runtime/codec';
import { workflowCode } from '../worker/workflow-bundle';
import type { CaseObservation, LedgerRow } from './figures';

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Runs `fn` over `items`, `lanes` at a time. */
export async function eachLimited<T, R>(items: readonly T[], lanes: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return out;
}

/** The local part of a Message-ID: the product makes it from the hash of the mail's idempotency key. */
export const messageIdKey = (messageId: string) => messageId.replace(/^</, '').replace(/@.*$/, '');

/** What `taskMailId` of the figures compares with: the hash prefix the notification activity uses. */
export const taskMailKey = (workflowId: string, taskId: string) => createHash('sha256').update(`${workflowId}:task:${taskId}`).digest('hex').slice(0, 32);

export async function countWorkflows(client: Client, query: string): Promise<number> {
  return (await client.workflow.count(query)).count;
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type WorkflowTaskFailure = { workflowId: string; cause: string; outline: string; log?: string[] };
export type RunHistory = { workflowId: string; runId: string; history: temporal.api.history.v1.IHistory };

/** How many events before the failed workflow task an outline shows. */
const OUTLINE_BEFORE = 24;

/** An event as one short phrase, with the names that tell where it is (activity type, update name, marker), never a payload. */
function eventPhrase(e: HistoryEvent): string {
  const type = (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '').toLowerCase();
  const name =
    e.activityTaskScheduledEventAttributes?.activityType?.name ??
    e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
    e.workflowExecutionUpdateAdmittedEventAttributes?.request?.input?.name ??
    e.markerRecordedEventAttributes?.markerName ??
    e.workflowExecutionSignaledEventAttributes?.signalName ??
    (e.workflowExecutionUpdateAcceptedEventAttributes ? e.workflowExecutionUpdateAcceptedEventAttributes.protocolInstanceId?.slice(0, 8) : undefined);
  return `${String(e.eventId)} ${type}${name ? ` ${name}` : ''}`;
}

/**
 * The events that led to a failed workflow task, as one line: what a nondeterminism error is judged
 * against. Names only, so it can be printed where the run is reported (no payload, nothing about a patient).
 */
export function outlineBefore(events: readonly HistoryEvent[], failedEventId: number): string {
  const from = Math.max(1, failedEventId - OUTLINE_BEFORE);
  return events.filter((e) => Number(e.eventId) >= from && Number(e.eventId) <= failedEventId).map(eventPhrase).join(' · ');
}

/**
 * Every execution's history (each run of a workflow that continued as new), the WorkflowTaskFailed events
 * in them with their cause and the events that led to the first one, and the number of workflow tasks
 * that timed out (a killed worker's, or one too slow under load).
 */
export async function workflowTaskTrouble(
  client: Client,
  onProgress: (done: number, total: number) => void,
): Promise<{ failures: WorkflowTaskFailure[]; timeouts: number; histories: RunHistory[] }> {
  const runs: { workflowId: string; runId: string }[] = [];
  for await (const wf of client.workflow.list()) runs.push({ workflowId: wf.workflowId, runId: wf.runId });
  let done = 0;
  let timeouts = 0;
  const histories = await eachLimited(runs, 8, async (execution): Promise<RunHistory> => {
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution, nextPageToken, maximumPageSize: 1000 });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    if (++done % 200 === 0) onProgress(done, runs.length);
    return { ...execution, history: { events } };
  });
  const failures: WorkflowTaskFailure[] = [];
  for (const { workflowId, history } of histories) {
    const events = history.events ?? [];
    let first: string | undefined;
    for (const e of events) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) timeouts++;
      if (e.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) continue;
      const a = e.workflowTaskFailedEventAttributes;
      const cause = WorkflowTaskFailedCause[a?.cause ?? 0] ?? String(a?.cause);
      first ??= outlineBefore(events, Number(e.eventId));
      failures.push({ workflowId, cause: `${cause}${a?.failure?.message ? `: ${a.failure.message.slice(0, 200)}` : ''}`, outline: first });
    }
  }
  return { failures, timeouts, histories };
}

/** How much of the workers' logs a failure carries into the report. */
const LOG_LINES = 4;
const LOG_LINE_CHARS = 1500;

/**
 * The lines of the run's worker logs (worker-N.log in `folder`) that name the workflow or one of its runs, without colour
 * codes and cut short: core's warning for a failed workflow task shows the commands the worker produced.
 */
export function workerLogLinesAbout(folder: string, ids: readonly string[]): string[] {
  const lines: string[] = [];
  for (const name of fs.readdirSync(folder).filter((n) => /^worker-\d+\.log$/.test(n)).sort()) {
    for (const line of fs.readFileSync(path.join(folder, name), 'utf8').split('\n')) {
      if (ids.some((id) => line.includes(id))) lines.push(`${name}: ${line.replace(/\x1b\[[0-9;]*m/g, '').slice(0, LOG_LINE_CHARS)}`);
      if (lines.length >= LOG_LINES) return lines;
    }
  }
  return lines;
}

/**
 * Replays every history against the workflow code the workers ran: a workflow that no worker happened to
 * replay after a kill still proves here that one could. Returns the executions that do not replay, why.
 */
export async function historiesThatDoNotReplay(histories: readonly RunHistory[], converter: DataConverter): Promise<{ workflowId: string; error: string }[]> {
  const bad: { workflowId: string; error: string }[] = [];
  const results = Worker.runReplayHistories(
    { ...workflowCode(), dataConverter: converter, replayName: 'chaos-replay' },
    histories.map((h) => ({ workflowId: h.workflowId, history: h.history })),
  );
  for await (const r of results) if (r.error) bad.push({ workflowId: r.workflowId, error: r.error.message.slice(0, 300) });
  return bad;
}

/** One denial as its workflow, the ledger and the read model see it. `facts` is the read model's row, looked up by the caller. */
export async function observeCase(
  client: Client,
  ledger: LedgerStore,
  workflowId: string,
  answered: boolean,
  facts: CaseObservation['facts'],
): Promise<CaseObservation> {
  let view: CaseObservation['view'] = null;
  for (let attempt = 0; attempt < 5 && !view; attempt++) {
    try {
      const v = await denialView(client.workflow.getHandle(workflowId));
      view = {
        stage: v.stage,
        ...(v.resolution ? { resolution: v.resolution } : {}),
        ...(v.task ? { taskKind: v.task.kind } : {}),
        taskClaimed: !!v.task?.claimedBy,
        timeline: v.timeline.map((t) => ({ seq: t.seq, type: t.type, at: t.at, summary: t.summary })),
      };
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const rows: LedgerRow[] = (await ledger.history(workflowId)).map((e) => ({
    seq: e.seq,
    type: e.type,
    at: e.at,
    summary: e.summary,
    ...(e.facts.taskId ? { taskId: e.facts.taskId } : {}),
  }));
  return { workflowId, answered, view, facts, ledger: rows };
}

/**
 * Appeal packets in the folder document store, by the workflow of the claim each names (its title ends
 * with "claim <CLP07>"); '?' for a PDF that names no claim the run knows.
 */
/** Documents are sealed at rest: each is opened with the deployment's key ring to read its title. */
export async function packetsByWorkflow(documentsDir: string, keyring: CodecKeyring, workflowOfClaim: Map<string, string>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!fs.existsSync(documentsDir)) return counts;
  for (const shard of fs.readdirSync(documentsDir)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of fs.readdirSync(path.join(documentsDir, shard))) {
      const pdf = await PDFDocument.load(readOpenedFile(path.join(documentsDir, shard, name), keyring), { updateMetadata: false });
      const claim = /claim (\S+)$/.exec(pdf.getTitle() ?? '')?.[1];
      const id = (claim && workflowOfClaim.get(claim)) ?? '?';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}
