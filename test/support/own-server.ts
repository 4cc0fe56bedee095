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

/** How long one query may wait for its answer before it is asked again. */
const QUERY_WITHIN_MS = 5_000;

/**
 * The denial's view, or undefined when the query fails or is not answered within 5 s. About one run in
 * twenty, a query after a long skip on the time-skipping server waited forever, which expect.poll cannot
 * interrupt; asked again, it is answered. A query before the workflow's first task fails at once and is
 * asked again, as it always was.
 */
async function askView(handle: WorkflowHandle): Promise<DenialView | undefined> {
  const asked = Date.now();
  try {
    return await handle.client.withDeadline(asked + QUERY_WITHIN_MS, () => handle.query(denialViewQuery));
  } catch {
    if (Date.now() - asked >= QUERY_WITHIN_MS) console.warn(`the view of ${handle.workflowId} was not answered within ${QUERY_WITHIN_MS / 1000} s; asking again`);
    return undefined;
  }
}

/** The denial's view once it satisfies `pred` (polled; fails the test after `timeout`, 20 s unless given, saying `what`). */
export async function viewWhen(handle: WorkflowHandle, pred: (v: DenialView) => boolean, { what, timeout = 20_000 }: { what?: string; timeout?: number } = {}): Promise<DenialView> {
  let seen: DenialView | undefined;
  await expect
    .poll(
      async () => {
        seen = await askView(handle);
        return seen !== undefined && pred(seen);
      },
      { timeout, ...(what ? { message: what } : {}) },
    )
    .toBe(true);
  return seen!;
}
