/**
 * The floor's worker, a process of its own like the product's worker: the one-activity no-op workflow on
 * its own task queue, with the product's data converter (the same codec keys), so the two sides differ
 * only in what their workflows do. Prints `{"event":"ready"}` once polling; stops on SIGTERM.
 *
 *   node --import tsx bench/lifecycle/noop-worker.ts   (settings from the environment, as the product's)
 */
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../runtime/config';
import { dataConverter, workerDataConverter } from '../../runtime/temporal';
import { nativeConnectionOptions } from '../../worker/run';

export const NOOP_TASK_QUEUE = 'bench-lifecycle-noop';

const activities = {
  async noop(): Promise<void> {},
};
export type NoopActivities = typeof activities;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const connection = await NativeConnection.connect(nativeConnectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: NOOP_TASK_QUEUE,
    workflowsPath: path.join(__dirname, 'noop-workflow.ts'),
    activities,
    dataConverter: workerDataConverter(dataConverter(config)),
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write('{"event":"ready"}\n');
  await running;
  await connection.close();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
