// A known defect, kept where CI sees it: a denial whose first workflow task was split in two (its
// classifying local activity ran long on a busy worker, so the SDK's core heartbeat the task and went on
// in a second one) does not replay. The `clear-next-deadline` patch marker of the second task is met
// before the workflow has the local activity's result, and the replay stops with "Non-deprecated patch
// marker encountered ... no corresponding change command"; calling deprecatePatch() there instead changes
// nothing, so it is the split, not the patch call. Such a denial fails every workflow task after its worker
// evicts it from the cache (a query to it fails too). Recorded on the multi-node cluster test (1,000
// denials on one surviving worker), with the codec key of that run beside it.
//
// When an SDK upgrade or a change to the workflow makes this history replay, this test turns red: then
// move the history into a recorded set (test/histories/<tag>/) and delete this file.
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { dataConverter, workerDataConverter } from '../../runtime/temporal';
import { workflowsPath } from '../support/lifecycle-env';
import { installQuietRuntime } from '../support/quiet-runtime';

const dir = path.join(__dirname, '..', 'fixtures', 'known-defects');

beforeAll(() => installQuietRuntime());

it('does not replay a denial whose first workflow task a slow local activity split in two (known defect)', async () => {
  const history = temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, 'local-activity-split-task.history.json'), 'utf8')));
  const config = loadConfig({
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    DATA_DIR: dir,
    CODEC_KEYS: fs.readFileSync(path.join(dir, 'local-activity-split-task.codec-keys'), 'utf8').trim(),
    DENIAL_ID_KEY: Buffer.alloc(32, 9).toString('base64'),
  });
  const replay = Worker.runReplayHistory({ workflowsPath, dataConverter: workerDataConverter(dataConverter(config, () => undefined)), replayName: 'known-defect' }, history, 'local-activity-split-task');
  await expect(replay).rejects.toThrow(/Non-deprecated patch marker encountered for change clear-next-deadline, but there is no corresponding change command/);
});
