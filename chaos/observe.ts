/**
 * Reads what a chaos run left behind, from the places the product keeps it: Temporal's visibility and
 * histories, each workflow's view, the ledger and its read model, the SMTP server's mailbox and the
 * document store. chaos/figures.ts judges it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { PDFDocument } from 'pdf-lib';
import { denialView } from '../client/denials/actions';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { readOpenedFile } from '../runtime/at-rest/sealed-files';
import type { CodecKeyring } from '../runtime/codec';
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

/**
 * WorkflowTaskFailed events in the histories of every execution (each run of a workflow that continued as
 * new), and the number of workflow tasks that timed out (a killed worker's, or one too slow under load).
 */
export async function workflowTaskTrouble(
  client: Client,
  onProgress: (done: number, total: number) => void,
): Promise<{ failures: { workflowId: string; cause: string }[]; timeouts: number }> {
  const runs: { workflowId: string; runId: string }[] = [];
  for await (const wf of client.workflow.list()) runs.push({ workflowId: wf.workflowId, runId: wf.runId });
  let done = 0;
  let timeouts = 0;
  const found = await eachLimited(runs, 8, async (execution) => {
    const failures: { workflowId: string; cause: string }[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution, nextPageToken, maximumPageSize: 1000 });
      for (const e of page.history?.events ?? []) {
        if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) timeouts++;
        if (e.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) continue;
        const a = e.workflowTaskFailedEventAttributes;
        const cause = WorkflowTaskFailedCause[a?.cause ?? 0] ?? String(a?.cause);
        failures.push({ workflowId: execution.workflowId, cause: `${cause}${a?.failure?.message ? `: ${a.failure.message.slice(0, 200)}` : ''}` });
      }
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    if (++done % 200 === 0) onProgress(done, runs.length);
    return failures;
  });
  return { failures: found.flat(), timeouts };
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
