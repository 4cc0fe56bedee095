/**
 * The denial workflow on the time-skipping test server, with the real ledger (SQLite in a temp folder)
 * and the notifier and packet builder a test chooses.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { addSearchAttributes } from '../../worker/dev-server';
import { installQuietRuntime } from './quiet-runtime';
import { createActivities, type Notifier, type PacketBuilder } from '../../activities';
import { createPreventionActivities } from '../../activities/prevention';
import type { NotifyInput } from '../../services/notifications/notify-input';
import { createLogger } from '../../runtime/log';
import { makeKeyring } from '../../runtime/codec';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { SqliteLedgerStore } from '../../runtime/store/sqlite-ledger';
import { testServerPath } from '../../worker/toolchain/paths';
import { claimFileActivities } from '../../worker/claim-files';
import { FolderConnector, clearinghouseFolders } from '../../runtime/clearinghouse';
import { denialSearchAttributes } from '../../workflows/search-attributes';

export const TASK_QUEUE = 'denials-test';
export const workflowsPath = path.join(__dirname, '../../workflows');

/**
 * The SDK gives the test server 5 s to listen, which a loaded machine (CI beside other jobs) sometimes
 * misses; a second try costs a few seconds where a red run costs a re-run.
 */
async function startTimeSkippingServer(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let i = 1; ; i++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });
    } catch (err) {
      if (i >= attempts || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await startTimeSkippingServer();
  // The test server validates search attributes like a real one but cannot list them: add the project's.
  await addSearchAttributes(env.connection, 'default', denialSearchAttributes);
  return env;
}

export class RecordingNotifier implements Notifier {
  readonly sent: NotifyInput[] = [];
  async notify(n: NotifyInput): Promise<void> {
    if (!this.sent.some((s) => s.idempotencyKey === n.idempotencyKey)) this.sent.push(n);
  }
}

export function stubPackets(): PacketBuilder {
  return {
    async build(req) {
      return {
        ref: { id: `packet-${req.workflowId}`, sha256: 'a'.repeat(64), name: 'appeal.pdf', contentType: 'application/pdf', size: 1000 },
        pages: 3,
      };
    },
  };
}

export function tempLedger(): { ledger: LedgerStore; dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
  return { ledger: SqliteLedgerStore.open(dataDir, makeKeyring([{ id: 'test', key: crypto.randomBytes(32) }])), dataDir };
}

/**
 * The claim-file activities as a deployment has them, on a store and a folder clearinghouse of the worker's
 * own: without a submitted claim they refuse (the case's note says why) and the person works by hand.
 */
function ownClaimFiles() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-files-'));
  return claimFileActivities({
    dataDir,
    keyring: makeKeyring([{ id: 'test', key: crypto.randomBytes(32) }]),
    clearinghouse: async () => new FolderConnector(clearinghouseFolders(dataDir, 'test')),
    settings: { tradingPartner: 'TESTSENDER' },
  }).activities;
}

export async function lifecycleWorker(
  env: TestWorkflowEnvironment,
  deps: { ledger: LedgerStore; notifier: Notifier; packets: PacketBuilder },
  taskQueue = TASK_QUEUE,
  /** More real activities a test's workflows need (the report's, for example). */
  extra: object = {},
  options: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    // A cache, as in production: a local activity (the rules) must find its workflow cached when it
    // completes. Determinism is proven by replaying recorded histories (test/histories). A restarted
    // worker's sticky queue falls back to the normal one after a second instead of the default ten.
    maxCachedWorkflows: 100,
    stickyQueueScheduleToStartTimeout: '1s',
    // The prevention loop's activities are real too: a denial reports its defect to its prevention workflow.
    activities: { ...createActivities({ log: createLogger({ level: 'error' }), ...deps }), ...createPreventionActivities({ ledger: deps.ledger, client: env.client }), ...ownClaimFiles(), ...extra },
    ...options,
  });
}
