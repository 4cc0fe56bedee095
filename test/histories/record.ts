/**
 * Records the histories that CI replays (test/histories/replay.test.ts): every workflow type, every end
 * state, each scenario on its own time-skipping server so that skipping months for one never moves another.
 *
 *   npm run histories:record -- [--tag <name>] [--only <scenario>]
 *
 * Histories go to test/histories/<tag>/<workflowType>--<scenario>.json (tag: today's date). Earlier tags
 * are kept: they are how CI proves that workflows started by older code still replay.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createLeakageReportActivities } from '../../activities/leakage-report';
import { createPreventionActivities } from '../../activities/prevention';
import { createPayerIssueActivities } from '../../activities/payer-issues';
import { createLogger } from '../../runtime/log';
import { addSearchAttributes } from '../../worker/dev-server';
import { testServerPath } from '../../worker/toolchain/paths';
import { denialSearchAttributes } from '../../workflows/search-attributes';
import { RecordingNotifier, stubPackets, tempLedger, workflowsPath } from '../support/lifecycle-env';
import { installQuietRuntime } from '../support/quiet-runtime';
import { HISTORY_TASK_QUEUE, historiesDataConverter, historiesDir, historyToPlain } from './histories';
import { SCENARIOS, type Scenario } from './scenarios';
import crypto from 'node:crypto';
import { makeKeyring } from '../../runtime/codec';
import { FolderConnector, clearinghouseFolders } from '../../runtime/clearinghouse';
import { claimFileActivities } from '../../worker/claim-files';

async function record(scenario: Scenario, outDir: string): Promise<string[]> {
  const dataConverter = historiesDataConverter();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
    client: { dataConverter },
  });
  try {
    await addSearchAttributes(env.connection, 'default', denialSearchAttributes);
    const { ledger, dataDir } = tempLedger();
    const claimFiles = claimFileActivities({
      dataDir,
      keyring: makeKeyring([{ id: 'history', key: crypto.randomBytes(32) }]),
      clearinghouse: async () => new FolderConnector(clearinghouseFolders(dataDir, 'history')),
      settings: { tradingPartner: 'HISTORYSENDER' },
      provider: { name: 'SAMPLE CLINIC', npi: '1234567893' },
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: HISTORY_TASK_QUEUE,
      workflowsPath,
      dataConverter,
      maxCachedWorkflows: 100,
      stickyQueueScheduleToStartTimeout: '1s',
      activities: {
        ...createActivities({ log: createLogger({ level: 'error' }), ledger, notifier: new RecordingNotifier(), packets: stubPackets() }),
        ...createPreventionActivities({ ledger, client: env.client }),
        ...createLeakageReportActivities({ ledger, reportsDir: path.join(dataDir, 'reports') }),
        ...createPayerIssueActivities({ ledger, reportsDir: path.join(dataDir, 'reports') }),
        ...claimFiles.activities,
      },
    });
    const ids = await worker.runUntil(scenario.run(env, { claims: claimFiles.claims, claimIdKey: crypto.randomBytes(32) }));
    const written: string[] = [];
    for (const { workflowId, type } of ids) {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      const file = path.join(outDir, `${type}--${scenario.name}${ids.filter((i) => i.type === type).length > 1 ? `--${workflowId}` : ''}.json`);
      fs.writeFileSync(file, `${JSON.stringify({ workflowId, history: historyToPlain(history) }, null, 1)}\n`);
      written.push(file);
    }
    await ledger.close();
    await claimFiles.close();
    return written;
  } finally {
    await env.teardown();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { tag: { type: 'string' }, only: { type: 'string' } } });
  const tag = values.tag ?? new Date().toISOString().slice(0, 10);
  const outDir = path.join(historiesDir, tag);
  fs.mkdirSync(outDir, { recursive: true });
  installQuietRuntime();
  const chosen = SCENARIOS.filter((s) => !values.only || s.name === values.only);
  if (chosen.length === 0) {
    console.error(`No scenario ${values.only}; scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  for (const [i, scenario] of chosen.entries()) {
    const started = Date.now();
    const files = await record(scenario, outDir);
    console.log(`[${i + 1}/${chosen.length}] ${scenario.name}: ${files.map((f) => path.relative(process.cwd(), f)).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error((err as Error).stack ?? String(err));
    process.exitCode = 1;
  },
);
