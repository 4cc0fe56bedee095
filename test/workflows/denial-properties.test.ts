// Property-based: random and hostile payloads for every Update and the remittance signal of the denial
// workflow (wrong types, huge strings, unknown ids, stale versions, wrong roles, fields missing or extra),
// on the time-skipping server. Whatever arrives, each workflow is still running or properly closed, no
// workflow task ever failed (a handler crash would), and every refusal is a validator's sentence.
// A failing run prints its seed: rerun with FC_SEED=<seed> npx vitest run test/workflows/denial-properties.test.ts
import crypto from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNoteUpdate,
  approvePacketUpdate,
  approveWriteOffUpdate,
  attachDocumentsUpdate,
  confirmRouteUpdate,
  denialViewQuery,
  reassignUpdate,
  recordPayerDecisionUpdate,
  recordSubmissionUpdate,
  remittanceEventSignal,
  resolveProblemUpdate,
  supplyCorrectionsUpdate,
  type DenialView,
} from '../../workflows/denial-messages';
import { caseFrom, daysFromNow, eventFrom, remittance835, withUnknownGroup, type ClaimSpec } from '../fixtures/remittances';
import { lifecycleWorker, RecordingNotifier, stubPackets, TASK_QUEUE, tempLedger, timeSkippingEnv } from '../support/lifecycle-env';

const RUNS = Number(process.env.FC_RUNS ?? 300);

type Fields = Record<string, unknown>;
/** Each Update with a plausible command made from what the page shows. */
const UPDATES: Record<string, { def: typeof addNoteUpdate; plausible: (v: DenialView, today: string) => Fields }> = {
  confirmRoute: { def: confirmRouteUpdate as never, plausible: () => ({ decision: 'override', route: { kind: 'bill_patient' }, reason: 'patient liable per ABN' }) },
  supplyCorrections: { def: supplyCorrectionsUpdate as never, plausible: () => ({ corrections: [{ field: 'modifier', line: 1, to: '25' }] }) },
  attachDocuments: { def: attachDocumentsUpdate as never, plausible: () => ({ documents: [{ id: 'doc-1', sha256: 'c'.repeat(64), name: 'note.pdf', contentType: 'application/pdf', size: 10 }] }) },
  approvePacket: { def: approvePacketUpdate as never, plausible: () => ({ argument: 'The records support medical necessity.' }) },
  recordSubmission: { def: recordSubmissionUpdate as never, plausible: (_v, today) => ({ date: today, channel: 'portal', reference: 'CONF-1' }) },
  recordPayerDecision: { def: recordPayerDecisionUpdate as never, plausible: (_v, today) => ({ outcome: 'partially_paid', paidAmount: 10, date: today }) },
  approveWriteOff: { def: approveWriteOffUpdate as never, plausible: () => ({ approve: false, reason: 'appeal instead' }) },
  resolveProblem: { def: resolveProblemUpdate as never, plausible: () => ({ action: 'retry', reason: 'fixed the rule' }) },
  reassign: { def: reassignUpdate as never, plausible: () => ({ to: 'ar.blair', reason: 'balancing the queue' }) },
  addNote: { def: addNoteUpdate as never, plausible: () => ({ text: 'Called the payer.' }) },
};
const ROLES = ['ar_specialist', 'supervisor', 'automation', 'admin'];

/** How a hostile or careless caller bends a plausible command. */
type Bend =
  | { kind: 'as-is' }
  | { kind: 'replace'; field: string; value: unknown }
  | { kind: 'drop'; field: string }
  | { kind: 'huge'; field: string }
  | { kind: 'stale'; by: number }
  | { kind: 'unknown-task' }
  | { kind: 'role'; role: string }
  | { kind: 'extra' }
  | { kind: 'anything'; value: unknown };

const fieldName = fc.constantFrom('taskId', 'version', 'actor', 'decision', 'route', 'reason', 'corrections', 'documents', 'argument', 'date', 'channel', 'reference', 'outcome', 'paidAmount', 'approve', 'action', 'to', 'team', 'text');
const bend: fc.Arbitrary<Bend> = fc.oneof(
  fc.constant<Bend>({ kind: 'as-is' }),
  fc.record({ kind: fc.constant('replace' as const), field: fieldName, value: fc.anything({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('drop' as const), field: fieldName }),
  fc.record({ kind: fc.constant('huge' as const), field: fieldName }),
  fc.record({ kind: fc.constant('stale' as const), by: fc.integer({ min: -3, max: 5 }).filter((n) => n !== 0) }),
  fc.constant<Bend>({ kind: 'unknown-task' }),
  fc.record({ kind: fc.constant('role' as const), role: fc.oneof(fc.constantFrom(...ROLES), fc.string()) }),
  fc.constant<Bend>({ kind: 'extra' }),
  fc.record({ kind: fc.constant('anything' as const), value: fc.anything({ maxDepth: 3 }) }),
);

function bent(command: Fields, b: Bend): unknown {
  switch (b.kind) {
    case 'as-is':
      return command;
    case 'replace':
      return { ...command, [b.field]: b.value };
    case 'drop': {
      const { [b.field]: _dropped, ...rest } = command;
      return rest;
    }
    case 'huge':
      return { ...command, [b.field]: 'x'.repeat(200_000) };
    case 'stale':
      return { ...command, version: Number(command.version ?? 0) - b.by };
    case 'unknown-task':
      return { ...command, taskId: `prepare_appeal-${crypto.randomInt(100, 999)}` };
    case 'role':
      return { ...command, actor: { id: 'ar.alex', role: b.role } };
    case 'extra':
      return { ...command, patientName: 'DOE, JANE' };
    case 'anything':
      return b.value;
  }
}

describe('denial workflow under random and hostile messages (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const handles: WorkflowHandle[] = [];
  let now = 0;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await lifecycleWorker(env, { ledger: tempLedger().ledger, notifier: new RecordingNotifier(), packets: stubPackets() });
    running = worker.run();
    now = await env.currentTimeMs();
    const specs: (Partial<ClaimSpec> & Pick<ClaimSpec, 'adjustments'>)[] = [
      { adjustments: [['CO', '50', 300]], remarks: ['N115'] },
      { filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'] },
      { filing: '12', adjustments: [['CO', '96', 300]], remarks: ['N130'] },
      { filing: '12', adjustments: [['CO', '50', 300]] },
    ];
    for (const [i, spec] of specs.entries()) {
      const workflowId = `denial-prop-${crypto.randomUUID()}`;
      const read = caseFrom(remittance835({ remitDate: daysFromNow(-5, now), claims: [{ status: '4', charge: 300, paid: 0, serviceDate: daysFromNow(-30, now), ...spec }] }));
      // The last one is parked: input the rules cannot judge.
      const denial = i === specs.length - 1 ? withUnknownGroup(read) : read;
      handles.push(await env.client.workflow.start('denialWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [{ denial, eventKey: `start-${workflowId}` }] }));
    }
    for (const h of handles) {
      for (let i = 0; i < 300 && (await h.query(denialViewQuery)).task === null; i++) await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('every Update and signal, bent at random: accepted or refused by a validator, never a crash', async () => {
    const refusals: string[] = [];
    const update = fc.record({ target: fc.nat(handles.length - 1), name: fc.constantFrom(...Object.keys(UPDATES)), bend, actorRole: fc.constantFrom('ar_specialist', 'supervisor') });
    const signal = fc.record({ target: fc.nat(handles.length - 1), payload: fc.oneof(fc.anything({ maxDepth: 3 }), fc.constant('valid-payment'), fc.constant('bent-payment')) });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: update, weight: 4 }, { arbitrary: signal, weight: 1 }), async (msg) => {
        const handle = handles[msg.target]!;
        const closed = (stage: string) => stage === 'resolved' || stage === 'written_off' || stage === 'timely_filing_loss';
        // A case an earlier message closed (an approved write-off, a payment) takes no more messages: the
        // server refuses a signal to a completed workflow before any code of ours runs.
        if ('payload' in msg && closed((await handle.query(denialViewQuery)).stage)) return;
        if ('payload' in msg) {
          const text = remittance835({ control: '0042', remitDate: daysFromNow(0, now), trace: `EFT${crypto.randomInt(1e6)}`, claims: [{ status: '1', charge: 300, paid: 1, serviceDate: daysFromNow(-30, now) }] });
          const event = msg.payload === 'valid-payment' ? { eventKey: crypto.randomUUID(), event: eventFrom(text) } : msg.payload === 'bent-payment' ? { eventKey: crypto.randomUUID(), event: { ...eventFrom(text), claim: null } } : msg.payload;
          await handle.signal(remittanceEventSignal, event as never);
          return;
        }
        const v = await handle.query(denialViewQuery);
        if (closed(v.stage)) return;
        const spec = UPDATES[msg.name]!;
        const command = { taskId: v.task?.id ?? 'none', version: v.version, actor: { id: 'ar.alex', role: msg.actorRole }, ...spec.plausible(v, daysFromNow(0, now)) };
        try {
          await handle.executeUpdate(spec.def, { args: [bent(command, msg.bend) as never] });
        } catch (err) {
          expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
          const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message?: string };
          // Refused by the validator, in words: never an accepted Update that then crashed.
          expect(cause.type, cause.message).toBe('TaskRejection');
          expect(cause.message).toMatch(/\S/);
          refusals.push(cause.message!);
        }
      }),
      { numRuns: RUNS, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
    expect(refusals.length).toBeGreaterThan(RUNS / 4);

    for (const h of handles) {
      const status = (await h.describe()).status.name;
      expect(['RUNNING', 'COMPLETED']).toContain(status);
      const history = await h.fetchHistory();
      expect(history.events!.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
      await h.query(denialViewQuery);
    }
  }, 240_000);
});
