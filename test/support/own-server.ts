/**
 * A time-skipping server and denial worker of a suite's own, for tests that skip days or months: on a
 * shared server every other test's workflow would skip with them.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { denialViewQuery, type DenialView } from '../../workflows/denial-messages';
import { lifecycleWorker, stubPackets, tempLedger, timeSkippingEnv, type RecordingNotifier } from './lifecycle-env';

export function ownLifecycleServer(notifier: RecordingNotifier): { env: () => TestWorkflowEnvironment; ledger: LedgerStore } {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const { ledger } = tempLedger();
  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await lifecycleWorker(env, { ledger, notifier, packets: stubPackets() });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  return { env: () => env as TestWorkflowEnvironment, ledger };
}

/** The denial's view once it satisfies `pred` (polled; fails the test after 20 s). */
export async function viewWhen(handle: WorkflowHandle, pred: (v: DenialView) => boolean): Promise<DenialView> {
  await expect.poll(async () => pred(await handle.query(denialViewQuery)), { timeout: 20_000 }).toBe(true);
  return handle.query(denialViewQuery);
}
