// The denial lifecycle on the official time-skipping server: each end state reached through the Updates a
// person would use, deadlines on durable timers, stale completions rejected, a worker restart mid-case.
// Notifications and packets are recorded/stubbed here; their real paths (SMTP, pdf-lib) are tested in
// test/workflows/denial-real-paths.test.ts.
import crypto from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import type { Actor } from '../../domain/lifecycle/tasks';
import type { denialWorkflow } from '../../workflows/denial';
import {
  approvePacketUpdate,
  approveWriteOffUpdate,
  confirmRouteUpdate,
  denialViewQuery,
  recordSubmissionUpdate,
  reassignUpdate,
  remittanceEventSignal,
  supplyCorrectionsUpdate,
  type DenialView,
} from '../../workflows/denial-messages';
import { caseFrom, daysFromNow, eventFrom, remittance835, type ClaimSpec } from '../fixtures/remittances';
import { lifecycleWorker, RecordingNotifier, stubPackets, TASK_QUEUE, tempLedger, timeSkippingEnv } from '../support/lifecycle-env';

const specialist: Actor = { id: 'ar.alex', role: 'ar_specialist' };
const supervisor: Actor = { id: 'sup.sam', role: 'supervisor' };

describe('denial workflow lifecycle (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let ledger: LedgerStore;
  const notifier = new RecordingNotifier();

  beforeAll(async () => {
    env = await timeSkippingEnv();
    ledger = tempLedger().ledger;
    worker = await lifecycleWorker(env, { ledger, notifier, packets: stubPackets() });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  // The server's clock, not the machine's: earlier tests skipped it ahead while awaiting results.
  let serverNow = Date.now();
  const now = () => serverNow;
  beforeEach(async () => {
    serverNow = await env.currentTimeMs();
  });
  function denial(spec: Partial<ClaimSpec> & Pick<ClaimSpec, 'adjustments'>, remitDaysAgo = 5) {
    const claim: ClaimSpec = { status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-30, now()), ...spec };
    return remittance835({ remitDate: daysFromNow(-remitDaysAgo, now()), claims: [claim] });
  }

  async function start(text: string): Promise<WorkflowHandle<typeof denialWorkflow>> {
    const workflowId = `denial-test-${crypto.randomUUID()}`;
    return env.client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ denial: caseFrom(text), eventKey: `start-${workflowId}`, patient: { name: 'DOE, JANE', memberId: '1EG4TE5MK72' } }],
    });
  }

  /** The view once the workflow has opened a task of this kind (or reached this stage). */
  async function waitFor(handle: WorkflowHandle, pred: (v: DenialView) => boolean): Promise<DenialView> {
    let v = await handle.query(denialViewQuery);
    for (let i = 0; i < 300 && !pred(v); i++) {
      await new Promise((r) => setTimeout(r, 100));
      v = await handle.query(denialViewQuery);
    }
    expect(pred(v), `view did not reach the expected state; stage ${v.stage}, task ${v.task?.kind}`).toBe(true);
    return v;
  }
  const taskIs = (kind: string) => (v: DenialView) => v.task?.kind === kind;

  async function submit(handle: WorkflowHandle, v: DenialView): Promise<DenialView> {
    await handle.executeUpdate(recordSubmissionUpdate, {
      args: [{ taskId: v.task!.id, version: v.version, actor: specialist, date: daysFromNow(0, now()), channel: 'portal', reference: 'CONF-123' }],
    });
    return handle.query(denialViewQuery);
  }

  // First: the one that skips months of time, before other tests' workflows share the server's clock.
  it('timely-filing breach: reminders, escalation at T-7, and a recorded loss — never silent', async () => {
    notifier.sent.length = 0;
    const handle = await start(denial({ adjustments: [['CO', '50', 240]], remarks: ['N115'] }, 1));
    const v = await waitFor(handle, taskIs('prepare_appeal'));
    const due = v.deadline!.dueDate;
    // nobody acts: time skips to the deadline
    const outcome = await handle.result();
    expect(outcome).toMatchObject({ resolution: 'timely_filing_loss', lostCents: 24000 });
    const mine = notifier.sent.filter((n) => n.workflowId === handle.workflowId);
    expect(mine.map((n) => `${n.kind}${n.kind === 'reminder' ? ` ${n.daysLeft}` : ''}`)).toEqual([
      'task_assigned',
      'reminder 30',
      'reminder 14',
      'reminder 7',
      'escalation', // same morning as T-7: still not submitted, so a supervisor hears of it

      'reminder 2',
      'deadline_breach',
    ]);
    expect(mine.find((n) => n.kind === 'escalation')).toMatchObject({ reason: 'deadline_near', deadline: due });
    // mail is refused if a patient identifier ever slips into it: the workflow hands over what to look for
    expect(mine[0]!.phiValues).toEqual(expect.arrayContaining(['DOE, JANE', '1EG4TE5MK72']));
    const history = await ledger.history(handle.workflowId);
    expect(history.at(-1)).toMatchObject({ stage: 'timely_filing_loss', facts: { resolution: 'timely_filing_loss' }, amounts: { lostCents: 24000 } });
    expect(history.at(-1)?.deadline?.dueDate).toBe(due);
  });
  it('appeal won: CO-50 → appeal packet → submitted → paid → recovered, all of it in the ledger', async () => {
    const text = denial({ adjustments: [['CO', '50', 240]], remarks: ['N115'] });
    const handle = await start(text);
    let v = await waitFor(handle, taskIs('prepare_appeal'));
    expect(v.classification).toMatchObject({ category: 'medical_necessity', ruleId: 'CARC-50' });
    expect(v.route).toMatchObject({ kind: 'appeal', appealLevel: 1 });
    expect(v.deadline?.kind).toBe('appeal');
    const approved = await handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, argument: 'The note documents failed conservative therapy.' }] });
    // The answer names the next task: the workflow opened it while the Update finished.
    expect(approved).toMatchObject({ stage: 'packet_ready', taskId: expect.stringMatching(/^record_submission-/) });
    v = await handle.query(denialViewQuery);
    expect(v.packet?.pages).toBe(3);
    v = await waitFor(handle, taskIs('record_submission'));
    await submit(handle, v);
    await waitFor(handle, (x) => x.stage === 'awaiting_payer');
    const paid = remittance835({ control: '0002', remitDate: daysFromNow(0, now()), trace: 'EFT777', claims: [{ status: '1', charge: 240, paid: 240, serviceDate: daysFromNow(-30, now()) }] });
    await handle.signal(remittanceEventSignal, { eventKey: 'payment-1', event: eventFrom(paid) });
    expect(await handle.result()).toMatchObject({ resolution: 'recovered', recoveredCents: 24000, lostCents: 0 });

    const history = await ledger.history(handle.workflowId);
    const stages = history.filter((e) => e.type === 'transition').map((e) => e.stage);
    expect(stages).toEqual(['intake', 'classified', 'routed', 'in_work', 'packet_ready', 'submitted', 'awaiting_payer', 'resolved']);
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
    expect(history.find((e) => e.type === 'task_completed')?.actor).toEqual(specialist);
    expect(history.at(-1)?.facts.resolution).toBe('recovered');
    // PHI only in the first entry's subject, which the store seals (ledger-store.test.ts: never in the file in clear); no member id at all.
    expect(history[0]!.subject).toMatchObject({ patientName: 'DOE, JANE', accountNumber: 'ACCT-1001' });
    expect(JSON.stringify(history.map(({ subject: _subject, ...rest }) => rest))).not.toMatch(/DOE|1EG4TE5MK72|ACCT-1001/);
    expect(JSON.stringify(history)).not.toContain('1EG4TE5MK72');
  });

  it('appeal upheld → the next level of the ladder when it is worth the work', async () => {
    const handle = await start(denial({ adjustments: [['CO', '50', 2400]], remarks: ['N115'], charge: 2400 }));
    let v = await waitFor(handle, taskIs('prepare_appeal'));
    await handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist }] });
    v = await waitFor(handle, taskIs('record_submission'));
    await submit(handle, v);
    await waitFor(handle, (x) => x.stage === 'awaiting_payer');
    const upheld = remittance835({ control: '0003', remitDate: daysFromNow(0, now()), trace: 'EFT778', claims: [{ status: '4', charge: 2400, paid: 0, serviceDate: daysFromNow(-30, now()), adjustments: [['CO', '50', 2400]] }] });
    await handle.signal(remittanceEventSignal, { eventKey: 'upheld-1', event: eventFrom(upheld) });
    v = await waitFor(handle, (x) => x.appealLevel === 1 && x.task?.kind === 'prepare_appeal');
    expect(v.route).toMatchObject({ appealLevel: 2 });
    expect(v.deadline?.appealLevel).toBe(2);
    await handle.terminate('test done');
  });

  it('a refused reopening goes to the redetermination, due from the original determination, not to another reopening', async () => {
    const handle = await start(denial({ filing: 'MB', adjustments: [['CO', '4', 300]], charge: 300 }));
    let v = await waitFor(handle, taskIs('prepare_appeal'));
    expect(v.route).toEqual({ kind: 'reopening' });
    await handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist }] });
    v = await waitFor(handle, taskIs('record_submission'));
    await submit(handle, v);
    await waitFor(handle, (x) => x.stage === 'awaiting_payer');
    const refused = remittance835({ control: '0005', remitDate: daysFromNow(0, now()), trace: 'EFT780', claims: [{ status: '4', charge: 300, paid: 0, filing: 'MB', serviceDate: daysFromNow(-30, now()), adjustments: [['CO', '4', 300]] }] });
    await handle.signal(remittanceEventSignal, { eventKey: 'reopening-refused', event: eventFrom(refused) });
    v = await waitFor(handle, (x) => x.route.kind !== 'reopening' && x.task?.kind === 'prepare_appeal');
    expect(v.route).toMatchObject({ kind: 'appeal', appealLevel: 1 });
    // 120 days after the original remittance (5 days ago) is presumed received, 5 days after it.
    expect(v.deadline).toMatchObject({ kind: 'appeal', dueDate: daysFromNow(-5 + 5 + 120, now()) });
    const history = await ledger.history(handle.workflowId);
    expect(history.map((e) => e.summary)).toEqual(expect.arrayContaining([expect.stringMatching(/refused the reopening/)]));
    await handle.terminate('test done');
  });

  it('corrected claim: the unverified window confirmed, corrections supplied, submitted, paid', async () => {
    const handle = await start(denial({ filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'], charge: 300 }));
    let v = await waitFor(handle, taskIs('confirm_route'));
    expect(v.route).toMatchObject({ kind: 'corrected_claim', claimFrequency: '7' });
    // The commercial corrected-claim window is an unverified default: a person confirms it even with weeks left.
    expect(v.deadline).toMatchObject({ kind: 'corrected_claim', verify: true });
    expect(v.rationale.join(' ')).toMatch(/unverified limit/);
    await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
    v = await waitFor(handle, taskIs('supply_corrections'));
    await handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [{ taskId: v.task!.id, version: v.version, actor: specialist, corrections: [{ field: 'modifier', line: 1, from: '', to: '25' }] }],
    });
    v = await waitFor(handle, taskIs('record_submission'));
    expect(v.corrections).toEqual([{ field: 'modifier', line: 1, from: '', to: '25' }]);
    await submit(handle, v);
    const paid = remittance835({ control: '0004', remitDate: daysFromNow(0, now()), trace: 'EFT779', claims: [{ status: '1', charge: 300, paid: 300, filing: '12', serviceDate: daysFromNow(-30, now()) }] });
    await handle.signal(remittanceEventSignal, { eventKey: 'paid-corrected', event: eventFrom(paid) });
    expect(await handle.result()).toMatchObject({ resolution: 'recovered', recoveredCents: 30000 });
  });

  it('an unverified window that passed: the specialist checks it with the payer, then the claim goes out against the confirmed last day', async () => {
    // Commercial (no payer rule of its own): the 90-day filing limit is an unverified default, passed 30 days ago.
    const handle = await start(denial({ filing: '12', adjustments: [['CO', '16', 300]], remarks: ['N517'], charge: 300, serviceDate: daysFromNow(-120, now()) }));
    let v = await waitFor(handle, taskIs('confirm_route'));
    expect(v.route).toMatchObject({ kind: 'verify_window', window: 'timely_filing' });
    expect(v.routeDescription).toMatch(/^check the claim filing window with the payer \(by an unverified limit it ended \d{4}-\d{2}-\d{2}\)$/);
    expect(v.deadline).toBeNull(); // nothing is lost while a person checks
    const confirmOnly = handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
    await expect(confirmOnly).rejects.toMatchObject({ cause: { message: expect.stringMatching(/Checking the window ends in a route/) } });
    const noDate = handle.executeUpdate(confirmRouteUpdate, {
      args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'override', route: { kind: 'corrected_claim', claimFrequency: '1' }, reason: 'payer says 180 days' }],
    });
    await expect(noDate).rejects.toMatchObject({ cause: { message: expect.stringMatching(/Give the last day of the window/) } });
    const lastDay = daysFromNow(60, now());
    await handle.executeUpdate(confirmRouteUpdate, {
      args: [
        {
          taskId: v.task!.id,
          version: v.version,
          actor: specialist,
          decision: 'override',
          route: { kind: 'corrected_claim', claimFrequency: '1' },
          windowDueDate: lastDay,
          reason: 'provider services line, call ref 4471: 180 days from the date of service',
        },
      ],
    });
    v = await waitFor(handle, taskIs('supply_corrections'));
    expect(v.route).toEqual({ kind: 'corrected_claim', claimFrequency: '1' });
    expect(v.deadline).toMatchObject({ kind: 'timely_filing', dueDate: lastDay, verify: false });
    expect(v.deadline?.description).toMatch(/window confirmed with the payer by ar\.alex: last day/);
    expect(v.task?.dueDate).toBe(lastDay);
    const history = await ledger.history(handle.workflowId);
    expect(history.some((e) => e.type === 'task_completed' && /window confirmed with the payer: last day/.test(e.summary))).toBe(true);
    expect(history.some((e) => e.stage === 'timely_filing_loss' || e.stage === 'written_off')).toBe(false);
    await handle.terminate('test done');
  });

  it('write-off above the threshold needs a supervisor; a specialist cannot approve it', async () => {
    const handle = await start(denial({ filing: '12', adjustments: [['CO', '96', 300]], remarks: ['N130'], charge: 300 }));
    let v = await waitFor(handle, taskIs('confirm_route'));
    expect(v.route).toMatchObject({ kind: 'write_off', approvalRequired: true });
    await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
    v = await waitFor(handle, taskIs('approve_write_off'));
    expect(v.task?.team).toBe('supervisors');
    const byspecialist = handle.executeUpdate(approveWriteOffUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, approve: true, reason: 'not worth it' }] });
    await expect(byspecialist).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(byspecialist).rejects.toMatchObject({ cause: { message: expect.stringMatching(/Role ar_specialist may not complete approve_write_off/) } });
    await handle.executeUpdate(approveWriteOffUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: supervisor, approve: true, reason: 'non-covered service, no ABN' }] });
    expect(await handle.result()).toMatchObject({ resolution: 'written_off', lostCents: 30000 });
    const last = (await ledger.history(handle.workflowId)).at(-1)!;
    expect(last.stage).toBe('written_off');
    expect((await ledger.history(handle.workflowId)).some((e) => e.type === 'task_completed' && e.actor.id === 'sup.sam')).toBe(true);
  });

  it('rejects a stale or repeated completion with what changed, before it touches history', async () => {
    const handle = await start(denial({ adjustments: [['CO', '50', 240]], remarks: ['N115'] }));
    const v = await waitFor(handle, taskIs('prepare_appeal'));
    const after = await handle.executeUpdate(reassignUpdate, { args: [{ version: v.version, actor: supervisor, to: 'ar.blair', reason: 'balancing the queue' }] });
    expect(after.version).toBe(v.version + 1);
    const stale = handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist }] });
    await expect(stale).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/^Stale: the denial is at version \d+, your page showed version \d+\. Since then: reassigned from team ar_follow_up to ar.blair by sup.sam/) },
    });
    await handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: after.version, actor: specialist }] });
    const twice = handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: after.version, actor: specialist }] });
    await expect(twice).rejects.toMatchObject({ cause: { message: expect.stringMatching(/Stale|no longer open/) } });
    const invalid = handle.executeUpdate(recordSubmissionUpdate, { args: [{ taskId: 'x', version: 0, actor: specialist, date: 'tomorrow', channel: 'pigeon', reference: '' } as never] });
    await expect(invalid).rejects.toMatchObject({ cause: { message: expect.stringMatching(/date: expected a date as YYYY-MM-DD/) } });
    // rejected updates leave no trace in the workflow's history
    const history = await handle.fetchHistory();
    const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    expect(accepted).toBe(2); // the reassignment and the one approval
    await handle.terminate('test done');
  });

  it('payments that arrive with the start, together, both count: the second completes the recovery', async () => {
    // Both signals reach the workflow before any worker runs, so its first task holds the start and both:
    // the handlers run before the main loop, and each payment must still be counted.
    const queue = 'denials-batch';
    const workflowId = `denial-test-${crypto.randomUUID()}`;
    const handle = await env.client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: queue,
      workflowId,
      args: [{ denial: caseFrom(denial({ adjustments: [['CO', '50', 240]], remarks: ['N115'] })), eventKey: `start-${workflowId}` }],
    });
    const payment = (paid: number, trace: string) =>
      eventFrom(remittance835({ control: '0009', remitDate: daysFromNow(0, now()), trace, claims: [{ status: '1', charge: 240, paid, serviceDate: daysFromNow(-30, now()), adjustments: [['CO', '45', 240 - paid]] }] }));
    await handle.signal(remittanceEventSignal, { eventKey: 'pay-180', event: payment(180, 'EFT-A') });
    await handle.signal(remittanceEventSignal, { eventKey: 'pay-60', event: payment(60, 'EFT-B') });
    const batchWorker = await lifecycleWorker(env, { ledger, notifier, packets: stubPackets() }, queue);
    const outcome = await batchWorker.runUntil(handle.result());
    expect(outcome).toMatchObject({ resolution: 'recovered', recoveredCents: 24000, lostCents: 0 });
  });

  // Last: after a worker restart the test server stops skipping time for later workflows.
  it('keeps the case when the worker restarts while it waits for a person', async () => {
    // Its own queue and workers without a cache: the test server never moves a workflow off a stopped
    // worker's sticky queue (a real server does after stickyQueueScheduleToStartTimeout).
    const queue = 'denials-restart';
    const uncached = () => lifecycleWorker(env, { ledger, notifier, packets: stubPackets() }, queue, {}, { maxCachedWorkflows: 0 });
    const workflowId = `denial-test-${crypto.randomUUID()}`;
    const handle = await env.client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: queue,
      workflowId,
      args: [{ denial: caseFrom(denial({ filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'], charge: 300 })), eventKey: `start-${workflowId}` }],
    });
    const first = await uncached();
    const firstRun = first.run();
    // The commercial corrected-claim window is unverified, so a person confirms the route first.
    const confirm = await waitFor(handle, taskIs('confirm_route'));
    first.shutdown();
    await firstRun;
    const second = await uncached();
    const secondRun = second.run();
    await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: confirm.task!.id, version: confirm.version, actor: specialist, decision: 'confirm' }] });
    const v = await waitFor(handle, taskIs('supply_corrections'));
    await handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [{ taskId: v.task!.id, version: v.version, actor: specialist, corrections: [{ field: 'authorization_number', to: 'AUTH-555' }] }],
    });
    expect((await handle.query(denialViewQuery)).corrections).toHaveLength(1);
    const next = await waitFor(handle, taskIs('record_submission'));
    expect(next.timeline.some((t) => t.summary.startsWith('Corrections supplied'))).toBe(true);
    await handle.terminate('test done');
    second.shutdown();
    await secondRun;
  });

});
