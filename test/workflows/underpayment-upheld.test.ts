// An underpayment dispute the payer upholds goes on to the next level, still on contracting's queue, and
// a later payment closes it as recovered (time-skipping server, stub packets).
import crypto from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/lifecycle/tasks';
import type { denialWorkflow } from '../../workflows/denial';
import { approvePacketUpdate, confirmRouteUpdate, denialViewQuery, recordPayerDecisionUpdate, recordSubmissionUpdate, remittanceEventSignal } from '../../workflows/denial-messages';
import { UNDERPAID_CLAIM, caseWithFeeSchedule, daysFromNow, eventFrom, remittance835 } from '../fixtures/remittances';
import { RecordingNotifier, TASK_QUEUE } from '../support/lifecycle-env';
import { ownLifecycleServer, viewWhen } from '../support/own-server';

const specialist: Actor = { id: 'pr.pat', role: 'ar_specialist' };

describe('underpayment dispute upheld (time-skipping server)', () => {
  const server = ownLifecycleServer(new RecordingNotifier());
  const waitFor = viewWhen;

  async function fileAndSubmit(handle: WorkflowHandle, now: number): Promise<void> {
    let v = await waitFor(handle, (x) => x.task?.kind === 'prepare_appeal' || x.task?.kind === 'confirm_route');
    expect(v.task?.team).toBe('contracting');
    // The commercial default's windows are unverified: a person confirms the route first (on contracting's queue too).
    if (v.task?.kind === 'confirm_route') {
      await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task.id, version: v.version, actor: specialist, decision: 'confirm' }] });
      v = await waitFor(handle, (x) => x.task?.kind === 'prepare_appeal');
      expect(v.task?.team).toBe('contracting');
    }
    await handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist }] });
    v = await waitFor(handle, (x) => x.task?.kind === 'record_submission');
    await handle.executeUpdate(recordSubmissionUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, date: daysFromNow(0, now), channel: 'portal', reference: 'DISPUTE-1' }] });
    await waitFor(handle, (x) => x.stage === 'awaiting_payer');
  }

  it('upheld → formal appeal (level 2) on contracting’s queue → paid', async () => {
    const now = await server.env().currentTimeMs();
    const claim = { ...UNDERPAID_CLAIM, serviceDate: daysFromNow(-20, now) };
    // The contract says 500.00 for 99214, allowed 120.00: 380.00 short, worth a second level (380 × 0.4 − 120 > 0).
    const denial = caseWithFeeSchedule(remittance835({ remitDate: daysFromNow(-3, now), claims: [claim] }), [{ payerId: '04412', procedureCode: '99214', expectedAllowedCents: 50_000 }]);
    const workflowId = `denial-underpaid-upheld-${crypto.randomUUID()}`;
    const handle = await server.env().client.workflow.start<typeof denialWorkflow>('denialWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [{ denial, eventKey: `start-${workflowId}` }] });

    await fileAndSubmit(handle, now);
    expect((await handle.query(denialViewQuery)).route.kind).toBe('payment_dispute');
    // The payer upholds its payment by letter: recorded by hand, nothing paid.
    let x = await handle.query(denialViewQuery);
    await handle.executeUpdate(recordPayerDecisionUpdate, { args: [{ version: x.version, actor: specialist, outcome: 'denied', paidAmount: 0, date: daysFromNow(0, now), reference: 'LETTER-4' }] });
    const v = await waitFor(handle, (y) => y.appealLevel === 1 && (y.task?.kind === 'prepare_appeal' || y.task?.kind === 'confirm_route'));
    expect(v.route).toMatchObject({ kind: 'appeal', appealLevel: 2 });
    await fileAndSubmit(handle, now);
    await handle.signal(remittanceEventSignal, {
      eventKey: 'paid',
      event: eventFrom(remittance835({ control: '0003', trace: 'EFT3', remitDate: daysFromNow(1, now), claims: [{ status: '1', charge: 400, paid: 380, filing: '12', procedure: '99214', serviceDate: claim.serviceDate }] })),
    });
    expect(await handle.result()).toMatchObject({ resolution: 'recovered', recoveredCents: 38_000 });
    x = await handle.query(denialViewQuery);
    expect(x.timeline.map((t) => t.summary).join('\n')).toContain('The payer upheld its payment on the underpayment dispute');
  });
});
