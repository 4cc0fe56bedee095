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
  /** Encoded bytes of every history read, by event type: where a denial's history weight is. */
  bytesByType: Map<string, number>;
  /** Workflow tasks completed before the first timer (the case's first wait), per workflow that has one. */
  openingTasks: number[];
  /** Workflows that scheduled an activity before their first wait (a new denial's opening falls back to them only when a local try fails). */
  openedThroughActivities: number;
}

export async function readHistories(client: Client, workflowIds: readonly string[], onProgress: (done: number) => void): Promise<HistoryFigures> {
  const out: HistoryFigures = { workflows: workflowIds.length, events: [], bytes: [], firstTaskMs: [], bytesByType: new Map(), openingTasks: [], openedThroughActivities: 0 };
  let done = 0;
  await eachLimited(workflowIds, 8, async (workflowId) => {
    let events = 0;
    let bytes = 0;
    let startedAt: number | undefined;
    let firstTask: number | undefined;
    let nextPageToken: Uint8Array | undefined;
    let waited = false;
    let openingTasks = 0;
    let openingActivities = 0;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId },
        nextPageToken,
        maximumPageSize: 1000,
      });
      for (const e of page.history?.events ?? []) {
        events++;
        const size = HistoryEvent.encode(e).finish().length;
        bytes += size;
        const type = EventType[e.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(e.eventType);
        out.bytesByType.set(type, (out.bytesByType.get(type) ?? 0) + size);
        if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) startedAt = tsToMs(e.eventTime);
        if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && firstTask === undefined) firstTask = tsToMs(e.eventTime);
        if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) waited = true;
        if (!waited && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) openingTasks++;
        if (!waited && e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) openingActivities++;
      }
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    out.events.push(events);
    out.bytes.push(bytes);
    if (startedAt !== undefined && firstTask !== undefined) out.firstTaskMs.push(firstTask - startedAt);
    if (waited) out.openingTasks.push(openingTasks);
    if (openingActivities > 0) out.openedThroughActivities++;
    if (++done % 100 === 0) onProgress(done);
  });
  return out;
}

/** The event types that weigh most, as `TYPE n%`, heaviest first. */
export function heaviestEventTypes(bytesByType: ReadonlyMap<string, number>, top = 5): string {
  const total = [...bytesByType.values()].reduce((a, b) => a + b, 0) || 1;
  return [...bytesByType]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([type, bytes]) => `${type} ${((bytes / total) * 100).toFixed(0)}%`)
    .join(', ');
}

/** The p-th percentile (0–100), nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
