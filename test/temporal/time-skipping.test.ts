// Runs on the official time-skipping test server (the Java one from Maven), started by the test.
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServerPath } from '../../worker/toolchain/paths';
import { durableTimerWorkflow } from '../fixtures/workflows';

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testServerPath() } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('completes a workflow that waits 30 days on a durable timer without waiting 30 days', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'timer-test',
      workflowsPath: path.join(__dirname, '../fixtures/workflows.ts'),
    });
    const wallStart = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute(durableTimerWorkflow, { args: [30], taskQueue: 'timer-test', workflowId: 'timer-30-days' }),
    );
    const workflowDays = (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 86_400_000;
    expect(workflowDays).toBeGreaterThanOrEqual(30);
    expect(workflowDays).toBeLessThan(30.01);
    // Not a speed test: a real 30-day sleep would never finish; this bound only proves time was skipped.
    expect(Date.now() - wallStart).toBeLessThan(120_000);
  });
});
