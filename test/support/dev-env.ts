/** A dev server started by the test, with the project's search attributes and codec, plus the real worker. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig, type Config } from '../../runtime/config';
import { dataConverter } from '../../runtime/temporal';
import { createLogger } from '../../runtime/log';
import { temporalCliPath } from '../../worker/toolchain/paths';
import { denialSearchAttributes } from '../../workflows/search-attributes';
import { createDenialWorker } from '../../worker/run';
import type { Worker } from '@temporalio/worker';
import { installQuietRuntime } from './quiet-runtime';
import { timeSkippingEnv } from './lifecycle-env';

export interface DevEnv {
  env: TestWorkflowEnvironment;
  config: Config;
  client: Client;
  worker: Worker;
  running: Promise<void>;
  teardown(): Promise<void>;
}

/**
 * `timeSkipping`: on the official time-skipping test server instead, for a journey that spans months; its
 * clock moves only under `env.sleep` (the product's own client does not unlock it).
 */
export async function startDevEnv(opts: { timeSkipping?: boolean } = {}): Promise<DevEnv> {
  installQuietRuntime();
  const env = opts.timeSkipping
    ? await timeSkippingEnv()
    : await TestWorkflowEnvironment.createLocal({
        server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: denialSearchAttributes },
      });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-test-'));
  // Joining "a cluster" (the test's server): keys must be supplied, as in production.
  const config = loadConfig({
    TEMPORAL_ADDRESS: env.address,
    DATA_DIR: dataDir,
    CODEC_KEYS: `test=${Buffer.alloc(32, 7).toString('base64')}`,
    DENIAL_ID_KEY: Buffer.alloc(32, 9).toString('base64'),
    LOG_LEVEL: 'warn',
  });
  // The product's converters: the codec, and failures encoded (and so encrypted) too.
  const converter = dataConverter(config, () => undefined);
  const client = new Client({ connection: env.connection, dataConverter: converter });
  const denialWorker = await createDenialWorker(config, converter, createLogger({ level: 'warn' }), client);
  const worker = denialWorker.worker;
  const running = worker.run();
  return {
    env,
    config,
    client,
    worker,
    running,
    async teardown() {
      worker.shutdown();
      await running;
      await denialWorker.close();
      await env.teardown();
    },
  };
}
