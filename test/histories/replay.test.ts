// Every recorded history (test/histories/<tag>/) replays against the current workflow bundle: workflows
// started by older code keep running after a deploy. Re-record with `npm run histories:record`.
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { installQuietRuntime } from '../support/quiet-runtime';
import { workflowsPath } from '../support/lifecycle-env';
import { historiesDataConverter, recordedHistories } from './histories';

const histories = recordedHistories();

describe('recorded histories replay against the current workflows', () => {
  beforeAll(() => installQuietRuntime());

  it('covers every workflow type', () => {
    expect(new Set(histories.map((h) => h.workflowType))).toEqual(new Set(['denialWorkflow', 'preventionWorkflow', 'leakageReportWorkflow', 'payerIssueWorkflow']));
  });

  it('replays each one without a nondeterminism error', async () => {
    const results = Worker.runReplayHistories(
      { workflowsPath, dataConverter: historiesDataConverter(), replayName: 'recorded-histories' },
      histories.map((h) => ({ workflowId: h.workflowId, history: h.history })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const r of results) {
      replayed++;
      if (r.error) {
        const h = histories.find((x) => x.workflowId === r.workflowId);
        failures.push(`${h?.tag}/${h?.file}: ${r.error.message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  });
});
