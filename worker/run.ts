/** The denial worker: the workflows bundle, the activities, and the codec on one task queue. */
import type { Client } from '@temporalio/client';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { NativeConnection, Worker, type NativeConnectionOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { realActivities } from './activities';
import type { Config } from '../runtime/config';
import type { Logger } from '../runtime/log';
import { connectionOptions, workerDataConverter } from '../runtime/temporal';
import { activityLogger } from './activity-log';
import { countActivityFailures } from './failure-metrics';
import { capWorkflowThreadHeap, workflowCacheOptions } from './workflow-cache';
import { workflowCode } from './workflow-bundle';

export function nativeConnectionOptions(config: Config): NativeConnectionOptions {
  const { address, tls } = connectionOptions(config);
  return { address, tls, apiKey: config.TEMPORAL_API_KEY };
}

export interface DenialWorker {
  worker: Worker;
  /** Releases what the activities hold (their ledger store, unless it was given); after the worker stopped. */
  close(): Promise<void>;
}

/** `client` is how activities reach other workflows (a denial reporting to its prevention task). */
export async function createDenialWorker(config: Config, converter: DataConverter, log: Logger, client: Pick<Client, 'workflow'>, ledger?: LedgerStore): Promise<DenialWorker> {
  const connection = await NativeConnection.connect(nativeConnectionOptions(config));
  const real = realActivities(config, activityLogger(log), client, ledger);
  capWorkflowThreadHeap(config.WORKFLOW_CACHE_MB);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowCode(),
    activities: real.activities,
    interceptors: { activity: [countActivityFailures] },
    dataConverter: workerDataConverter(converter),
    // Ctrl-C drains: in-flight activities get this long to finish before they are cancelled.
    shutdownGraceTime: `${config.SHUTDOWN_GRACE_SECONDS}s`,
    ...workflowCacheOptions(config.WORKFLOW_CACHE_MB),
  }).catch(async (err: unknown) => {
    await real.close();
    throw err;
  });
  return {
    worker,
    async close() {
      await real.close();
      await connection.close();
    },
  };
}
