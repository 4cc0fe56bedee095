// A running denial keeps the decisions it made when the rules change under it. The rule files are edited
// (CO-50 becomes a write-off; Medicare's redetermination window shrinks from 120 to 30 days) and every
// history is replayed against the workflows bundled with the edits: those recorded since the rules became
// local activities, and the older ones, which compute the rules inside the workflow from a frozen copy.
// The control: bundled with the live rules in place of the frozen copy, the older ones break on the same
// edits, which shows that the edits take effect and that the freeze is what keeps them replaying.
import path from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { installQuietRuntime } from '../support/quiet-runtime';
import { workflowsPath } from '../support/lifecycle-env';
import { historiesDataConverter, recordedHistories, type RecordedHistory } from './histories';

const LOADER = path.join(__dirname, 'rewrite-loader.cjs');
const BEFORE_PINNING = '2026-12-03-before-restructure';

const EDITS = [
  {
    test: /carc-rules\.ts$/,
    use: [{ loader: LOADER, options: { replacements: [["'medical_necessity', ['CO', 'PR'], ['APPEAL', 'PT'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }", "'medical_necessity', ['CO', 'PR'], ['WO'], { byGroup: { PR: PATIENT_ACCEPTED_LIABILITY } }"]] } }],
  },
  { test: /payer-rules\.json$/, use: [{ loader: LOADER, options: { replacements: [['"amount": 120,', '"amount": 30,']] } }] },
];
/** The live rules where the frozen copy would be: what computing the rules in the workflow would mean. */
const UNFROZEN = { test: /legacy-rules[\\/]frozen\.js$/, use: [{ loader: LOADER, options: { replaceWith: "module.exports = require('./entry');" } }] };

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
const bundleWith = (rules: object[]) =>
  bundleWorkflowCode({
    workflowsPath,
    logger: quiet,
    webpackConfigHook: (config) => {
      config.module?.rules?.push(...(rules as never[]));
      return config;
    },
  });

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
  let editedUnfrozen: WorkflowBundleWithSourceMap;
  const denials = recordedHistories().filter((h) => h.workflowType === 'denialWorkflow');
  const pinned = denials.filter((h) => h.tag !== BEFORE_PINNING);
  const unpinned = denials.filter((h) => h.tag === BEFORE_PINNING);

  beforeAll(async () => {
    installQuietRuntime();
    edited = await bundleWith(EDITS);
    editedUnfrozen = await bundleWith([...EDITS, UNFROZEN]);
  }, 180_000);

  it('has histories of both kinds to replay', () => {
    expect(pinned.length).toBeGreaterThanOrEqual(10);
    expect(unpinned.length).toBeGreaterThanOrEqual(10);
  });

  it('replays every history under the edited rules: pinned ones from their records, older ones with the frozen rules', async () => {
    expect(await replay(edited, [...pinned, ...unpinned])).toEqual([]);
  });

  it('control: with the live rules in the workflow instead of the frozen copy, the same edits break the older histories', async () => {
    const broken = await replay(editedUnfrozen, unpinned);
    expect(broken).toEqual(expect.arrayContaining(['denialWorkflow--appeal-won.json', 'denialWorkflow--timely-filing-loss.json']));
  });
});
