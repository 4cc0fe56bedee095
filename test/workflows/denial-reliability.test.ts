// The denial workflow's promises under misuse, on the time-skipping server: a human task completes exactly
// once when four identical Updates arrive together, for every task kind; input the rules cannot judge
// parks the case for a supervisor instead of failing it, with its deadline still running; mail that cannot
// be sent and a malformed remittance are recorded and the case goes on. No workflow ends Failed.
// Packets and mail are stubbed (counting) here; their real paths run in denial-real-paths.test.ts.
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PacketBuilder } from '../../activities';
import { createActivities } from '../../activities';
import { createPreventionActivities } from '../../activities/prevention';
import { createLogger } from '../../runtime/log';
import type { DefectReport } from '../../domain/prevention/prevention-state';
import type { NotifyInput } from '../../services/notifications/notify-input';
import type { DenialCase } from '../../domain/denial-case';
import type { Actor } from '../../domain/lifecycle/tasks';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import type { LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import {
  approvePacketUpdate,
  approveWriteOffUpdate,
  confirmRouteUpdate,
  denialViewQuery,
  reassignUpdate,
  recordSubmissionUpdate,
  remittanceEventSignal,
  resolveProblemUpdate,
  supplyCorrectionsUpdate,
  type DenialView,
} from '../../workflows/denial-messages';
import { actOnDenial } from '../../client/denials/actions';
import { caseFrom, daysFromNow, eventFrom, remittance835, withUnknownGroup, type ClaimSpec } from '../fixtures/remittances';
import { lifecycleWorker, RecordingNotifier, stubPackets, TASK_QUEUE, tempLedger, timeSkippingEnv, workflowsPath } from '../support/lifecycle-env';
import { viewWhen } from '../support/own-server';

const specialist: Actor = { id: 'ar.alex', role: 'ar_specialist' };
const supervisor: Actor = { id: 'sup.sam', role: 'supervisor' };
const TOGETHER = 4;

/** Counts packets, and takes a while to build one: the window in which a second click used to get through. */
class CountingPackets implements PacketBuilder {
  built = 0;
  private readonly stub = stubPackets();
  async build(req: Parameters<PacketBuilder['build']>[0]) {
    await new Promise((r) => setTimeout(r, 400));
    this.built++;
    return this.stub.build(req);
  }
}

/** Refuses task-assignment mail for some denials, as a mail server refusing a recipient would, and is slow for others. */
class RefusingNotifier extends RecordingNotifier {
  refuseFor = new Set<string>();
  /** Longer than the SDK's heartbeat of a workflow task waiting on local activities (8 s of its 10 s timeout). */
  slowFor = new Set<string>();
  override async notify(n: NotifyInput): Promise<void> {
    if (n.kind === 'task_assigned' && this.refuseFor.has(n.workflowId)) throw ApplicationFailure.nonRetryable('recipient address rejected', 'MailRefused');
    if (n.kind === 'task_assigned' && this.slowFor.has(n.workflowId)) await new Promise((r) => setTimeout(r, 9_000));
    return super.notify(n);
  }
}

describe('denial workflow reliability (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let ledger: LedgerStore;
  const packets = new CountingPackets();
  const notifier = new RefusingNotifier();
  const started: WorkflowHandle[] = [];
  /** Denials whose prevention report the prevention side refuses, as a prevention workflow it cannot start would. */
  const preventionRefusedFor = new Set<string>();
  /** Denials whose ledger appends fail this many more times, as a ledger briefly locked would. */
  const ledgerFailuresFor = new Map<string, number>();

  beforeAll(async () => {
    env = await timeSkippingEnv();
    ledger = tempLedger().ledger;
    const { reportDefect } = createPreventionActivities({ ledger, client: env.client });
    const refusingReportDefect = async (report: DefectReport) => {
      if (preventionRefusedFor.has(report.occurrence.denialWorkflowId)) throw ApplicationFailure.nonRetryable('prevention task unavailable', 'PreventionUnavailable');
      return reportDefect(report);
    };
    const { appendLedgerEntries } = createActivities({ log: createLogger({ level: 'error' }), ledger, notifier, packets });
    const failingAppend = async (entries: LedgerEntry[]) => {
      const id = entries[0]?.workflowId ?? '';
      const left = ledgerFailuresFor.get(id) ?? 0;
      if (left > 0) {
        ledgerFailuresFor.set(id, left - 1);
        throw new Error('database is locked');
      }
      return appendLedgerEntries(entries);
    };
    worker = await lifecycleWorker(env, { ledger, notifier, packets }, undefined, { reportDefect: refusingReportDefect, appendLedgerEntries: failingAppend });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  let serverNow = Date.now();
  beforeEach(async () => {
    serverNow = await env.currentTimeMs();
  });

  function claim(spec: Partial<ClaimSpec> & Pick<ClaimSpec, 'adjustments'>): DenialCase {
    return caseFrom(remittance835({ remitDate: daysFromNow(-5, serverNow), claims: [{ status: '4', charge: 300, paid: 0, serviceDate: daysFromNow(-30, serverNow), ...spec }] }));
  }

  async function start(denial: DenialCase, before?: (workflowId: string) => void): Promise<WorkflowHandle> {
    const workflowId = `denial-test-${crypto.randomUUID()}`;
    before?.(workflowId);
    const handle = await env.client.workflow.start('denialWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [{ denial, eventKey: `start-${workflowId}` }] });
    started.push(handle);
    return handle;
  }

  const waitFor = (handle: WorkflowHandle, what: string, pred: (v: DenialView) => boolean) => viewWhen(handle, pred, { what, timeout: 30_000 });
  const task = (handle: WorkflowHandle, kind: string) => waitFor(handle, `task ${kind}`, (v) => v.task?.kind === kind && !v.task.claimedBy);

  /** Sends the same completion TOGETHER times at once: exactly one must complete the task. */
  async function together(handle: WorkflowHandle, update: typeof approvePacketUpdate, v: DenialView, fields: Record<string, unknown>, actor: Actor = specialist): Promise<void> {
    const args = [{ taskId: v.task!.id, version: v.version, actor, ...fields } as never];
    const results = await Promise.allSettled(Array.from({ length: TOGETHER }, () => handle.executeUpdate(update as never, { args } as never)));
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(done, `${v.task!.kind}: one completion`).toHaveLength(1);
    expect(refused).toHaveLength(TOGETHER - 1);
    for (const err of refused) {
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      // A validator's sentence, never a crash.
      expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/already being completed|no longer open|^Stale|no open task/);
    }
    const completions = (await ledger.history(handle.workflowId)).filter((e) => e.type === 'task_completed' && e.facts.taskId === v.task!.id);
    expect(completions, `${v.task!.kind}: one task_completed in the ledger`).toHaveLength(1);
  }

  it('approve-packet ×4: one packet, the submission task open next', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }));
    const before = packets.built;
    await together(handle, approvePacketUpdate, await task(handle, 'prepare_appeal'), { argument: 'The note documents failed conservative therapy.' });
    expect(packets.built - before).toBe(1);
    const v = await task(handle, 'record_submission');
    expect(v.packet?.pages).toBe(3);
    await together(handle, recordSubmissionUpdate, v, { date: daysFromNow(0, serverNow), channel: 'portal', reference: 'CONF-1' });
    await waitFor(handle, 'awaiting the payer', (x) => x.stage === 'awaiting_payer');
  });

  it('the same click sent four times through the action layer is one Update: every copy gets its answer, one packet', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }));
    const v = await task(handle, 'prepare_appeal');
    const before = packets.built;
    const click = () => actOnDenial(env.client, handle.workflowId, 'approve-packet', { argument: 'The note documents failed conservative therapy.' }, specialist, { taskId: v.task!.id, version: v.version }, v);
    const results = await Promise.all(Array.from({ length: TOGETHER }, click));
    // A double click, or a retry after the answer was lost: the person sees success, not a refusal of their own click.
    expect(results.map((r) => r.ok)).toEqual(Array(TOGETHER).fill(true));
    expect(packets.built - before).toBe(1);
    const completions = (await ledger.history(handle.workflowId)).filter((e) => e.type === 'task_completed' && e.facts.taskId === v.task!.id);
    expect(completions).toHaveLength(1);
    // The same click again later is the same Update: its answer, not a stale-version refusal or a second run.
    expect(await click()).toMatchObject({ ok: true });
    // A different command on that old version is a new Update, and the validator refuses it.
    const other = await actOnDenial(env.client, handle.workflowId, 'reassign', { to: 'ar.alex', reason: 'Taking it' }, specialist, { version: v.version }, v);
    expect(other).toMatchObject({ ok: false, rejection: expect.stringMatching(/^Stale/) });
  });

  it('confirm-route ×4 and approve-write-off ×4: each once', async () => {
    const handle = await start(claim({ filing: '12', adjustments: [['CO', '96', 300]], remarks: ['N130'] }));
    await together(handle, confirmRouteUpdate, await task(handle, 'confirm_route'), { decision: 'confirm' });
    await together(handle, approveWriteOffUpdate, await task(handle, 'approve_write_off'), { approve: true, reason: 'non-covered, no ABN' }, supervisor);
    expect(await handle.result()).toMatchObject({ resolution: 'written_off' });
  });

  it('input the rules cannot judge parks the case for a supervisor; resolve-problem ×4 resolves it once', async () => {
    const bad = withUnknownGroup(claim({ adjustments: [['CO', '50', 300]] }));
    const handle = await start(bad);
    const v = await task(handle, 'resolve_problem');
    expect(v).toMatchObject({ stage: 'needs_attention', team: 'supervisors', problem: expect.stringMatching(/^The rules could not classify and route this denial: adjustment 1 \(XX-50\): group /) });
    const desc = await handle.describe();
    expect(desc.status.name).toBe('RUNNING');
    await together(handle, resolveProblemUpdate, v, { action: 'override', route: { kind: 'bill_patient' }, reason: 'Adjustment group fixed by hand: patient responsibility' }, supervisor);
    const next = await task(handle, 'record_submission');
    expect(next.route).toEqual({ kind: 'bill_patient' });
    const history = await ledger.history(handle.workflowId);
    expect(history.map((e) => e.stage)).toContain('needs_attention');
  });

  it('supply-corrections ×4, then a problem mid-case keeps the deadline: the missed deadline is still a recorded loss', async () => {
    const handle = await start(claim({ filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'] }));
    // The commercial corrected-claim window is unverified: a person confirms the route first.
    await handle.executeUpdate(confirmRouteUpdate, { args: [{ ...(await taskRef(handle, 'confirm_route')), actor: specialist, decision: 'confirm' }] });
    await together(handle, supplyCorrectionsUpdate, await task(handle, 'supply_corrections'), { corrections: [{ field: 'modifier', line: 1, to: '25' }] });
    const v = await task(handle, 'record_submission');
    const due = v.deadline!.dueDate;
    // The payer "answers" with an adjustment group no payer uses: routing again cannot judge it.
    const odd = remittance835({ control: '0009', remitDate: daysFromNow(0, serverNow), trace: 'EFT-ODD', claims: [{ status: '4', charge: 300, paid: 0, filing: '12', serviceDate: daysFromNow(-30, serverNow), adjustments: [['CO', '4', 300]] }] });
    await handle.signal(remittanceEventSignal, { eventKey: 'odd-answer', event: withUnknownGroup(eventFrom(odd)) });
    const parked = await task(handle, 'resolve_problem');
    expect(parked.deadline?.dueDate).toBe(due);
    // Nobody resolves it: awaiting the result lets the server skip to the deadline.
    expect(await handle.result()).toMatchObject({ resolution: 'timely_filing_loss', lostCents: 30000 });
    const last = (await ledger.history(handle.workflowId)).at(-1)!;
    expect(last).toMatchObject({ stage: 'timely_filing_loss', deadline: { dueDate: due } });
  });

  it('mail that cannot be sent is recorded in the ledger; the case goes on', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }), (id) => notifier.refuseFor.add(id));
    await task(handle, 'prepare_appeal');
    const notice = async () => (await ledger.history(handle.workflowId)).find((e) => e.type === 'notification')?.summary;
    await expect.poll(notice, { timeout: 30_000 }).toMatch(/^Mail task_assigned \(task:prepare_appeal-1\) could not be sent: recipient address rejected/);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('a prevention report that cannot be delivered is recorded in the ledger; the case goes on to its task', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }), (id) => preventionRefusedFor.add(id));
    await task(handle, 'prepare_appeal');
    const notes = async () => (await ledger.history(handle.workflowId)).filter((e) => e.type === 'note').map((e) => e.summary);
    await expect.poll(notes, { timeout: 30_000 }).toContainEqual(expect.stringMatching(/^Could not report \w+ to its prevention task: prevention task unavailable/));
    // Sent beside the opening's entries (prevention-alongside): the note that it went out stands, and the failure follows it.
    expect(await notes()).toContainEqual(expect.stringMatching(/^Reported to prevention task prevention-/));
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('a new denial opens in one workflow task: its entries, mail and report go out before its first wait, no activity scheduled', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }));
    await task(handle, 'prepare_appeal');
    const events = (await handle.fetchHistory()).events ?? [];
    const firstWait = events.findIndex((e) => e.timerStartedEventAttributes);
    expect(firstWait).toBeGreaterThan(0);
    const opening = events.slice(0, firstWait);
    expect(opening.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(opening.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    // The rules' two answers, then the ledger batch, the mail and the prevention report.
    expect(opening.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(5);
    expect((await ledger.history(handle.workflowId)).map((e) => e.type)).toContain('task_opened');
    expect(notifier.sent.some((n) => n.workflowId === handle.workflowId && n.kind === 'task_assigned')).toBe(true);
  });

  it('a ledger that fails the opening’s quick local tries gets its entries through an activity, each once', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }), (id) => ledgerFailuresFor.set(id, 2));
    await task(handle, 'prepare_appeal');
    const entries = async () => ledger.history(handle.workflowId);
    await expect.poll(async () => (await entries()).map((e) => e.type), { timeout: 30_000 }).toContain('task_opened');
    const seqs = (await entries()).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(ledgerFailuresFor.get(handle.workflowId)).toBe(0);
    const scheduled = ((await handle.fetchHistory()).events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(scheduled).toContain('appendLedgerEntries');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  // A patch first met after such a split does not replay (test/histories/known-defects.test.ts); a new run
  // asks its one patch before any local activity, so the opening's slow mail must not break its replay.
  it('a mail slower than the task heartbeat splits the opening’s workflow task, and its history still replays', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }), (id) => notifier.slowFor.add(id));
    await task(handle, 'prepare_appeal');
    await expect.poll(() => notifier.sent.some((n) => n.workflowId === handle.workflowId && n.kind === 'task_assigned'), { timeout: 30_000 }).toBe(true);
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const firstWait = events.findIndex((e) => e.timerStartedEventAttributes);
    expect(firstWait).toBeGreaterThan(0);
    expect(events.slice(0, firstWait).filter((e) => e.workflowTaskCompletedEventAttributes).length, 'the opening heartbeat into a second task').toBeGreaterThan(1);
    await Worker.runReplayHistory({ workflowsPath, replayName: 'slow-opening' }, history, handle.workflowId);
  }, 60_000);

  it('a malformed remittance delivery is recorded and changes nothing; a reassign to a made-up team is refused', async () => {
    const handle = await start(claim({ adjustments: [['CO', '50', 300]], remarks: ['N115'] }));
    const v = await task(handle, 'prepare_appeal');
    await handle.signal(remittanceEventSignal, { eventKey: 'junk', event: { kind: 'payment', claim: 'not a claim' } } as never);
    await expect.poll(async () => (await ledger.history(handle.workflowId)).some((e) => e.summary.startsWith('A remittance delivery was refused: invalid'))).toBe(true);
    const made = handle.executeUpdate(reassignUpdate, { args: [{ version: v.version, actor: supervisor, to: 'ar.blair', team: 'made_up', reason: 'balancing' } as never] });
    await expect(made).rejects.toMatchObject({ cause: { message: expect.stringMatching(/team: unknown team "made_up"/) } });
    const display = handle.executeUpdate(reassignUpdate, { args: [{ version: v.version, actor: supervisor, to: 'Sam Lee', reason: 'balancing' }] });
    await expect(display).rejects.toMatchObject({ cause: { message: expect.stringMatching(/^to: expected a staff id/) } });
    const after = await handle.query(denialViewQuery);
    expect({ version: after.version, stage: after.stage, amounts: after.amounts }).toEqual({ version: v.version, stage: v.stage, amounts: v.amounts });
  });

  // Last: it skips the payer's response window, which moves every other workflow's clock too.
  it('record-submission ×4 on a follow-up task: once', async () => {
    const handle = await start(claim({ filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'] }));
    await handle.executeUpdate(confirmRouteUpdate, { args: [{ ...(await taskRef(handle, 'confirm_route')), actor: specialist, decision: 'confirm' }] });
    await handle.executeUpdate(supplyCorrectionsUpdate, { args: [{ ...(await taskRef(handle, 'supply_corrections')), actor: specialist, corrections: [{ field: 'modifier', line: 1, to: '25' }] }] });
    await handle.executeUpdate(recordSubmissionUpdate, { args: [{ ...(await taskRef(handle, 'record_submission')), actor: specialist, date: daysFromNow(0, serverNow), channel: 'portal', reference: 'CONF-9' }] });
    await waitFor(handle, 'awaiting the payer', (x) => x.stage === 'awaiting_payer');
    await env.sleep('100 days');
    const v = await task(handle, 'follow_up');
    await together(handle, recordSubmissionUpdate, v, { date: daysFromNow(0, await env.currentTimeMs()), channel: 'phone', reference: 'CALL-1' });
    await waitFor(handle, 'awaiting the payer again', (x) => x.stage === 'awaiting_payer' && !x.task);
  });

  it('no workflow of this suite ended Failed', async () => {
    const statuses = await Promise.all(started.map(async (h) => (await h.describe()).status.name));
    expect(statuses.filter((s) => s === 'FAILED')).toEqual([]);
  });

  async function taskRef(handle: WorkflowHandle, kind: string): Promise<{ taskId: string; version: number }> {
    const v = await task(handle, kind);
    return { taskId: v.task!.id, version: v.version };
  }
});
