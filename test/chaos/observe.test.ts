// What a chaos run reports about a failed workflow task: the events that led to it, by name only, and the
// worker's own lines about that workflow. Pure helpers over a made-up history and log folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { outlineBefore, workerLogLinesAbout } from '../../chaos/observe';

const { EventType } = temporal.api.enums.v1;

describe('chaos observations of a failed workflow task', () => {
  it('outlines the events before the failure with activity, update and marker names, never payloads', () => {
    // fromObject: event ids are Longs, as the server's histories carry them.
    const events = [
      { eventId: 1, eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, workflowExecutionStartedEventAttributes: { input: { payloads: [{ data: Buffer.from('Jane Roe') }] } } },
      { eventId: 2, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED },
      { eventId: 3, eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name: 'approvePacket' } } } },
      { eventId: 4, eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, activityTaskScheduledEventAttributes: { activityType: { name: 'assembleAppealPacket' } } },
      { eventId: 5, eventType: EventType.EVENT_TYPE_MARKER_RECORDED, markerRecordedEventAttributes: { markerName: 'core_patch' } },
      { eventId: 6, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED },
      { eventId: 7, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
    ].map((e) => temporal.api.history.v1.HistoryEvent.fromObject(e));
    const outline = outlineBefore(events, 6);
    expect(outline).toBe(
      '1 workflow_execution_started · 2 workflow_task_completed · 3 workflow_execution_update_accepted approvePacket · 4 activity_task_scheduled assembleAppealPacket · 5 marker_recorded core_patch · 6 workflow_task_failed',
    );
    expect(outline).not.toContain('Jane');
  });

  it('keeps only the worker log lines that name the workflow or its run, without colour codes', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-observe-'));
    fs.writeFileSync(path.join(folder, 'worker-1.log'), 'unrelated line\n\x1b[33m WARN\x1b[0m Failing workflow task run_id=run-42 failure=Nondeterminism\n');
    fs.writeFileSync(path.join(folder, 'worker-2.log'), '{"msg":"mail not sent","workflowId":"denial-a"}\n{"workflowId":"denial-b"}\n');
    fs.writeFileSync(path.join(folder, 'temporal-server.log'), 'denial-a run-42\n');
    expect(workerLogLinesAbout(folder, ['denial-a', 'run-42'])).toEqual([
      'worker-1.log:  WARN Failing workflow task run_id=run-42 failure=Nondeterminism',
      'worker-2.log: {"msg":"mail not sent","workflowId":"denial-a"}',
    ]);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
