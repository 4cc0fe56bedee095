// The dates a denial's next deadline counts from, kept by the workflow itself (time-skipping server): a
// payer decision recorded by hand carries its notice date to the next level, and the original EOB
// survives the later remittances that replace the case's remittance.
import crypto from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/lifecycle/tasks';
import { addDays, addMonths } from '../../domain/policy/dates';
import type { denialWorkflow } from '../../workflows/denial';
import { approvePacketUpdate, denialViewQuery, recordPayerDecisionUpdate, recordSubmissionUpdate, remittanceEventSignal, type DenialView } from '../../workflows/denial-messages';
import { caseFrom, daysFromNow, eventFrom, remittance835, type ClaimSpec } from '../fixtures/remittances';
import { RecordingNotifier, TASK_QUEUE } from '../support/lifecycle-env';
import { ownLifecycleServer } from '../support/own-server';

const specialist: Actor = { id: 'ar.alex', role: 'ar_specialist' };

describe('deadline anchors kept by the denial workflow (time-skipping server)', () => {
  const server = ownLifecycleServer(new RecordingNotifier());
  const { ledger } = server;

  async function start(text: string): Promise<WorkflowHandle<typeof denialWorkflow>> {
    const workflowId = `denial-anchors-${crypto.randomUUID()}`;
    return server.env().client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ denial: caseFrom(text), eventKey: `start-${workflowId}` }],
    });
  }

  async function waitFor(handle: WorkflowHandle, what: string, pred: (v: DenialView) => boolean): Promise<DenialView> {
    for (let i = 0; i < 300; i++) {
      const v = await handle.query(denialViewQuery);
      if (pred(v)) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    const v = await handle.query(denialViewQuery);
    throw new Error(`never reached ${what}: stage ${v.stage}, task ${v.task?.kind ?? 'none'}, route ${JSON.stringify(v.route)}`);
  }

  /** Packet approved and submission recorded for the level in work; returns once the case awaits the payer. */
  async function fileLevel(handle: WorkflowHandle, level: number, submittedOn: string): Promise<DenialView> {
    let v = await waitFor(handle, `level ${level} in work`, (x) => x.task?.kind === 'prepare_appeal' && 'appealLevel' in x.route && x.route.appealLevel === level);
    await handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist }] });
    v = await waitFor(handle, 'record_submission', (x) => x.task?.kind === 'record_submission');
    await handle.executeUpdate(recordSubmissionUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, date: submittedOn, channel: 'mail', reference: `LEVEL-${level}` }] });
    return waitFor(handle, 'awaiting_payer', (x) => x.stage === 'awaiting_payer');
  }

  const claim = (now: number, spec: Partial<ClaimSpec> = {}): ClaimSpec => ({
    status: '4',
    charge: 2400,
    paid: 0,
    serviceDate: daysFromNow(-70, now),
    adjustments: [['CO', '50', 2400]],
    remarks: ['N115'],
    ...spec,
  });

  it('a decision recorded by hand: the next Medicare level counts from its notice date, and the ledger keeps that date', async () => {
    const now = await server.env().currentTimeMs();
    const firstRemit = daysFromNow(-40, now);
    const handle = await start(remittance835({ remitDate: firstRemit, claims: [claim(now)] }));

    let v = await fileLevel(handle, 1, daysFromNow(-30, now));
    // A decision's notice date in the future, or before our filing, would move the next deadline too late.
    for (const date of [daysFromNow(1, now), daysFromNow(-31, now)]) {
      await expect(handle.executeUpdate(recordPayerDecisionUpdate, { args: [{ version: v.version, actor: specialist, outcome: 'denied', paidAmount: 0, date }] })).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/notice date .* (in the future|before the submission)/) },
      });
    }
    // The redetermination was decided by letter: the decision is recorded by hand, with the letter's date.
    const redetermination = daysFromNow(-12, now);
    await handle.executeUpdate(recordPayerDecisionUpdate, { args: [{ version: v.version, actor: specialist, outcome: 'denied', paidAmount: 0, date: redetermination }] });
    v = await waitFor(handle, 'level 2 in work', (x) => x.task?.kind === 'prepare_appeal' && x.appealLevel === 1);
    // QIC: 180 days from receipt (notice + 5) of the redetermination, not of the first remittance.
    expect(v.deadline).toMatchObject({ kind: 'appeal', appealLevel: 2, dueDate: addDays(redetermination, 185), anchor: { date: addDays(redetermination, 5), derivedFrom: redetermination } });
    expect(v.deadline?.dueDate).not.toBe(addDays(firstRemit, 185));

    // The QIC decision, also by letter: the ALJ request counts 60 days from its receipt — it is not late.
    v = await fileLevel(handle, 2, daysFromNow(-10, now));
    const reconsideration = daysFromNow(-1, now);
    await handle.executeUpdate(recordPayerDecisionUpdate, { args: [{ version: v.version, actor: specialist, outcome: 'denied', paidAmount: 0, date: reconsideration, reference: 'QIC-77' }] });
    v = await waitFor(handle, 'level 3 in work', (x) => x.task?.kind === 'prepare_appeal' && x.appealLevel === 2);
    expect(v.route).toMatchObject({ kind: 'appeal', appealLevel: 3 });
    expect(v.deadline).toMatchObject({ appealLevel: 3, dueDate: addDays(reconsideration, 65) });

    const recorded = (await ledger.history(handle.workflowId)).filter((e) => e.type === 'payer_event' && e.summary.startsWith('Payer decision recorded by hand'));
    expect(recorded.map((e) => e.facts.decisionNoticeDate)).toEqual([redetermination, reconsideration]);
    await handle.terminate('test done');
  });

  it("the original EOB survives a later remittance: UnitedHealthcare's second level is due 12 months from it", async () => {
    const now = await server.env().currentTimeMs();
    const today = daysFromNow(0, now);
    const originalEob = daysFromNow(-40, now);
    const uhc: [string, string] = ['UNITEDHEALTHCARE', '87726'];
    const handle = await start(remittance835({ remitDate: originalEob, payer: uhc, claims: [claim(now, { filing: '12' })] }));

    let v = await waitFor(handle, 'level 1 in work', (x) => x.task?.kind === 'prepare_appeal');
    expect(v.deadline).toMatchObject({ payerRuleId: 'uhc-commercial', appealLevel: 1, dueDate: addMonths(originalEob, 12) });
    await fileLevel(handle, 1, today);
    // The reconsideration is upheld on a new remittance dated today: it replaces the case's remittance.
    const upheld = remittance835({ control: '0009', remitDate: today, trace: 'EFT909', payer: uhc, claims: [claim(now, { filing: '12' })] });
    await handle.signal(remittanceEventSignal, { eventKey: `upheld-${handle.workflowId}`, event: eventFrom(upheld) });
    v = await waitFor(handle, 'level 2 in work', (x) => x.task?.kind === 'prepare_appeal' && x.appealLevel === 1);
    expect(v.deadline).toMatchObject({ appealLevel: 2, dueDate: addMonths(originalEob, 12), anchor: { kind: 'original_notice_date', date: originalEob } });
    expect(v.deadline?.dueDate).not.toBe(addMonths(today, 12));
    await handle.terminate('test done');
  });
});
