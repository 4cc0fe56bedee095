/** Temporal's floor for the lifecycle benchmark: a workflow that runs one activity that does nothing. */
import { proxyActivities } from '@temporalio/workflow';
import type { NoopActivities } from './noop-worker';

const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '10 seconds' });

export async function benchNoopWorkflow(): Promise<void> {
  await noop();
}
