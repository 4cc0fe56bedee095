// The prevention workflow under misuse, on the time-skipping server: four identical "control in place"
// Updates record one control; a malformed occurrence and mail that cannot be sent are noted on the task,
// which keeps counting. It never ends Failed. Mail is a refusing stub here; its real path (outbox, SMTP)
// runs in prevention-loop.test.ts.
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyInput } from '../../services/notifications/notify-input';
import { defectReportFor } from '../../domain/prevention/defect-report';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { defectObservedSignal, preventionViewQuery, recordControlUpdate } from '../../workflows/prevention-messages';
import { lifecycleWorker, RecordingNotifier, stubPackets, TASK_QUEUE, tempLedger, timeSkippingEnv } from '../support/lifecycle-env';

class RefusingNotifier extends RecordingNotifier {
  override async notify(n: NotifyInput): Promise<void> {
    if (n.kind === 'prevention_task_opened') throw ApplicationFailure.nonRetryable('mailbox unavailable', 'MailRefused');
    return super.notify(n);
  }
}

describe('prevention workflow reliability (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let ledger: LedgerStore;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    ledger = tempLedger().ledger;
    worker = await lifecycleWorker(env, { ledger, notifier: new RefusingNotifier(), packets: stubPackets() });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('notes refused mail and a malformed occurrence, keeps counting, and records one control of four identical ones', async () => {
    const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    const report = (n: number) =>
      defectReportFor({ workflowId: `denial-beef${String(n).padStart(8, '0')}`, rootCause: 'wrong_modifier', ownerTeam: 'coding', category: 'coding', payerId: '04412', amountCents: 5_000, remitDate: today, codes: ['CO-4'] })!;
    const first = report(1);
    await env.client.workflow.signalWithStart('preventionWorkflow', {
      workflowId: first.key.id,
      taskQueue: TASK_QUEUE,
      args: [{ key: first.key, control: first.control, escalation: first.escalation }],
      signal: defectObservedSignal,
      signalArgs: [first.occurrence],
    });
    const handle = env.client.workflow.getHandle(first.key.id);
    await handle.signal(defectObservedSignal, { denialWorkflowId: 42, codes: 'CO-4' } as never);
    await handle.signal(defectObservedSignal, report(2).occurrence);
    await expect.poll(async () => (await handle.query(preventionViewQuery)).occurrences, { timeout: 20_000 }).toBe(2);
    const summaries = async () => (await ledger.preventionEntries()).filter((e) => e.preventionId === first.key.id).map((e) => e.summary);
    await expect.poll(summaries, { timeout: 20_000 }).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Mail prevention_task_opened could not be sent: mailbox unavailable/), expect.stringMatching(/^An occurrence was refused: invalid denialWorkflowId/)]),
    );

    const v = await handle.query(preventionViewQuery);
    const cmd = { taskId: v.taskId, version: v.version, actor: { id: 'cody', role: 'ar_specialist' as const }, kind: 'checklist' as const, what: 'Modifier 25/59 checklist added to charge review' };
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => handle.executeUpdate(recordControlUpdate, { args: [cmd] })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason.cause?.message).toMatch(/^Stale|already recorded/);
    expect((await handle.query(preventionViewQuery)).controls).toHaveLength(1);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});
