/**
 * What the app expects of the cluster: its namespace and the denial search attributes. Idempotent, and
 * waits until the frontend accepts a query on them (the namespace and the attribute aliases reach the
 * frontend through caches that refresh every few seconds).
 */
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../dev-server';
import { DenialStage } from '../../workflows/search-attributes';
import { ClusterError, type Log } from './errors';

/** How long closed workflows stay visible: long enough for the monthly and quarterly reports to read them. */
export const RETENTION_DAYS = 90;

/** gRPC's status code for "already exists" (@grpc/grpc-js is not a dependency of ours). */
const ALREADY_EXISTS = 6;

async function retry<T>(what: string, deadline: number, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw new ClusterError(`${what} did not succeed in time: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function registerNamespace(connection: Connection, namespace: string, log: Log, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await retry(`Registering the namespace ${namespace}`, deadline, async () => {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        description: 'Denial orchestrator',
        workflowExecutionRetentionPeriod: msToTs(RETENTION_DAYS * 24 * 3600 * 1000),
      });
      log(`Registered the namespace ${namespace} (retention ${RETENTION_DAYS} days).`);
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === ALREADY_EXISTS)) throw err;
    }
  });
  await retry(`Registering the search attributes on ${namespace}`, deadline, async () => {
    const added = await ensureSearchAttributes(connection, namespace);
    if (added.length) log(`Registered the search attributes ${added.join(', ')}.`);
  });
  await retry(`A visibility query on ${namespace}`, deadline, () =>
    connection.workflowService.countWorkflowExecutions({ namespace, query: `${DenialStage.name} = 'probe'` }),
  );
}
