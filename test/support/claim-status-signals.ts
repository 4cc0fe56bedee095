/** The claimStatus signals a denial workflow received, read from its history as the server keeps it. */
import { expect } from 'vitest';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { ClaimStatusReport } from '../../domain/lifecycle/claim-status-report';

/**
 * Decoded with the client's codec. A signal that arrives while a workflow task runs is written to the
 * history when that task completes, so the history is read once the workflow has no task pending.
 */
export async function claimStatusSignals(client: Client, workflowId: string): Promise<ClaimStatusReport[]> {
  const handle = client.workflow.getHandle(workflowId);
  await expect.poll(async () => (await handle.describe()).raw.pendingWorkflowTask ?? null, { timeout: 30_000 }).toBeNull();
  const events = (await handle.fetchHistory()).events ?? [];
  const signals = events.flatMap((e) => (e.workflowExecutionSignaledEventAttributes?.signalName === 'claimStatus' ? [e.workflowExecutionSignaledEventAttributes] : []));
  return Promise.all(signals.map((s) => decodeFromPayloadsAtIndex<ClaimStatusReport>(client.options.loadedDataConverter, 0, s.input?.payloads)));
}
