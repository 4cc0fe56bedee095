// A running denial keeps the decisions it made when the rules change under it. The workflows are bundled
// with two rule edits (CO-50 becomes a write-off; Medicare's redetermination window shrinks from 120 to
// 30 days) and every history is replayed: those recorded since the rules became local activities replay
// unchanged, while the older ones, which computed the rules inside the workflow, break on the same edits,
// which shows the edits reach the bundle.
import path from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { installQuietRuntime } from '../support/quiet-runtime';
import { workflowsPath } from '../support/lifecycle-env';
import { historiesDataConverter, recordedHistories, type RecordedHistory } from './histories';

const LOADER = path.join(__dirname, 'rewrite-loader.cjs');
const BEFORE_PINNING = '2026-12-03-before-restructure';

async function replay(bundle: WorkflowBundleWithSourceMap, histories: RecordedHistory[]): Promise<string[]> {
  const failures: string[] = [];
  const results = Worker.runReplayHistories(
    { workflowBundle: bundle, dataConverter: historiesDataConverter(), replayName: 'edited-rules' },
    histories.map((h) => ({ workflowId: h.workflowId, history: h.history })),
  );
  for await (const r of results) if (r.error) failures.push(histories.find((h) => h.workflowId === r.workflowId)!.file);
  return failures;
}

describe('rules are pinned per workflow', () => {
  let edited: WorkflowBundleWithSourceMap;
  const denials = recordedHistories().filter((h) => h.workflowType === 'denialWorkflow');
  const pinned = denials.filter((h) => h.tag !== BEFORE_PINNING);
  const unpinned = denials.filter((h) => h.tag === BEFORE_PINNING);

  beforeAll(async () => {
    installQuietRuntime();
    edited = await bundleWorkflowCode({
      workflowsPath,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
      webpackConfigHook: (config) => {
        config.module?.rules?.push(
          {
            test: /carc-rules\.ts$/,
            use: [{ loader: LOADER, options: { replacements: [["'medical_necessity', ['CO', 'PR'], ['APPEAL', 'PT'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }", "'medical_necessity', ['CO', 'PR'], ['WO'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }"]] } }],
          },
          {
            test: /payer-rules\.json$/,
            use: [{ loader: LOADER, options: { replacements: [['"amount": 120,', '"amount": 30,']] } }],
          },
        );
        return config;
      },
    });
  }, 120_000);

  it('has histories of both kinds to replay', () => {
    expect(pinned.length).toBeGreaterThanOrEqual(10);
    expect(unpinned.length).toBeGreaterThanOrEqual(10);
  });

  it('replays every history recorded with pinned rules under the edited rules', async () => {
    expect(await replay(edited, pinned)).toEqual([]);
  });

  it('the same edits break histories that computed the rules in the workflow', async () => {
    const broken = await replay(edited, unpinned);
    expect(broken).toEqual(expect.arrayContaining(['denialWorkflow--appeal-won.json', 'denialWorkflow--timely-filing-loss.json']));
  });
});
