/**
 * What the histories of parked denials say: events and bytes each, and how long each denial waited for its
 * first workflow task to complete after its start (the figure that nears the 10 s task timeout in a burst).
 */
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { eachLimited } from '../../chaos/observe';

const { EventType } = temporal.api.enums.v1;
const { HistoryEvent } = temporal.api.history.v1;

export interface HistoryFigures {
  workflows: number;
  events: number[];
  bytes: number[];
  /** Start → first WorkflowTaskCompleted, in ms, per workflow that has one. */
  firstTaskMs: number[];
}

export async function readHistories(client: Client, workflowIds: readonly string[], onProgress: (done: number) => void): Promise<HistoryFigures> {
  const out: HistoryFigures = { workflows: workflowIds.length, events: [], bytes: [], firstTaskMs: [] };
  let done = 0;
  await eachLimited(workflowIds, 8, async (workflowId) => {
    let events = 0;
    let bytes = 0;
    let startedAt: number | undefined;
    let firstTask: number | undefined;
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId },
        nextPageToken,
        maximumPageSize: 1000,
      });
      for (const e of page.history?.events ?? []) {
        events++;
        bytes += HistoryEvent.encode(e).finish().length;
        if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) startedAt = tsToMs(e.eventTime);
        if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && firstTask === undefined) firstTask = tsToMs(e.eventTime);
      }
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    out.events.push(events);
    out.bytes.push(bytes);
    if (startedAt !== undefined && firstTask !== undefined) out.firstTaskMs.push(firstTask - startedAt);
    if (++done % 100 === 0) onProgress(done);
  });
  return out;
}

/** The p-th percentile (0–100), nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
