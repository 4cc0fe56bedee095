/** Temporal's floors for the lifecycle and footprint benchmarks: workflows that do as little as a workflow can. */
import { condition, proxyActivities } from '@temporalio/workflow';
import type { NoopActivities } from './noop-worker';

const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '10 seconds' });

/** What a workflow costs to run: one activity that does nothing. */
export async function benchNoopWorkflow(): Promise<void> {
  await noop();
}

/** What a workflow costs to keep: one activity that does nothing, then waiting for nothing, like a parked denial. */
export async function benchParkedNoopWorkflow(): Promise<void> {
  await noop();
  await condition(() => false);
}
