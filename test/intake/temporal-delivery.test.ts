// The intake's starts, paced to the worker (issue 15): with a worker polling, a denial's start returns once its
// first workflow task has run (update-with-start, the `opened` Update); with none, or when that task does not
// come in time, it is a plain start. Either way an id already taken is refused, so the event becomes a signal.
import crypto from 'node:crypto';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION, temporalDeliverer } from '../../client/ingest/temporal-delivery';
import { deniedCase } from '../fixtures/remittances';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { workflowsPath } from '../support/lifecycle-env';
import { repoRoot } from '../support/launcher';

const { EventType } = temporal.api.enums.v1;
const newId = () => `denial-${crypto.randomBytes(20).toString('hex')}`;

describe('the intake paces its starts to the worker', () => {
  let dev: DevEnv;

  beforeAll(async () => {
    dev = await startDevEnv();
  });

  afterAll(async () => {
    await dev?.teardown();
  });

  const eventTypes = async (workflowId: string) => ((await dev.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).map((e) => EventType[e.eventType ?? 0]);

  it('with a worker polling, a start returns once the first workflow task ran the Update; the history still replays', async () => {
    const deliverer = temporalDeliverer(dev.client, dev.config.TEMPORAL_TASK_QUEUE);
    const workflowId = newId();
    expect(await deliverer.start(workflowId, deniedCase(), `start-${workflowId}`, {})).toBe('started');
    const types = await eventTypes(workflowId);
    // Accepted and completed by the first workflow task: already in history when the start returned.
    const firstTask = types.indexOf('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    expect(firstTask).toBeGreaterThan(0);
    expect(types.indexOf('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBeGreaterThan(firstTask);
    expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED');
    // A second delivery of the id starts nothing: the event goes to the running workflow as a signal.
    expect(await deliverer.start(workflowId, deniedCase(), `other-${workflowId}`, {})).toBe('exists');
    const history = await dev.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowsPath, dataConverter: dev.client.options.loadedDataConverter, replayName: 'paced-start' }, history, workflowId);
    await dev.client.workflow.getHandle(workflowId).terminate('test done');
  });

  it('with no worker polling the task queue, a plain start: it does not wait for one', async () => {
    const deliverer = temporalDeliverer(dev.client, `no-worker-${crypto.randomUUID()}`);
    const workflowId = newId();
    const started = Date.now();
    expect(await deliverer.start(workflowId, deniedCase(), `start-${workflowId}`, {})).toBe('started');
    expect(Date.now() - started).toBeLessThan(DEFAULT_ADMISSION.acceptWithinMs);
    expect(await eventTypes(workflowId)).not.toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    expect(await deliverer.start(workflowId, deniedCase(), `other-${workflowId}`, {})).toBe('exists');
    await dev.client.workflow.getHandle(workflowId).terminate('test done');
  });

  it('when the first task does not come in time, the start still counts once, and plain starts follow without waiting', async () => {
    // A worker polls this queue but has no denial workflow: the denial's first task fails, so no accept comes.
    const taskQueue = `stalled-${crypto.randomUUID()}`;
    const stalled = await Worker.create({ connection: dev.env.nativeConnection, taskQueue, workflowsPath: path.join(repoRoot, 'bench/lifecycle/noop-workflow.ts') });
    const running = stalled.run();
    const ids: string[] = [];
    const start = async (deliverer: ReturnType<typeof temporalDeliverer>) => {
      const workflowId = newId();
      ids.push(workflowId);
      const t = Date.now();
      return { delivery: await deliverer.start(workflowId, deniedCase(), `start-${workflowId}`, {}), ms: Date.now() - t };
    };
    try {
      // The server's first answer (at its long-poll timeout, 20 s here) says the start took effect: 'started'.
      const patient = temporalDeliverer(dev.client, taskQueue, { ...DEFAULT_ADMISSION, window: 2, acceptWithinMs: 1_500 });
      expect((await start(patient)).delivery).toBe('started');
      // Then plain starts, without waiting for a first task.
      const next = await start(patient);
      expect(next.delivery).toBe('started');
      expect(next.ms).toBeLessThan(1_000);
      // Given up on before that answer: a plain start decides. It finds the id taken, so the event becomes a
      // signal (which the workflow ignores as the echo of its own input), and nothing is started twice.
      const hasty = temporalDeliverer(dev.client, taskQueue, { ...DEFAULT_ADMISSION, window: 2, acceptWithinMs: 1_000, answerWithinMs: 2_000 });
      const late = await start(hasty);
      expect(late.delivery).toBe('exists');
      expect(late.ms).toBeLessThan(5_000);
    } finally {
      for (const id of ids) await dev.client.workflow.getHandle(id).terminate('test done').catch(() => undefined);
      stalled.shutdown();
      await running;
    }
  });
});
