// After submission the payer has a response window; silence then opens a follow-up task and, later, an
// escalation. On its own time-skipping server: it skips months, which other tests' workflows would share.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/lifecycle/tasks';
import type { denialWorkflow } from '../../workflows/denial';
import { confirmRouteUpdate, denialViewQuery, recordSubmissionUpdate, supplyCorrectionsUpdate } from '../../workflows/denial-messages';
import { caseFrom, daysFromNow, remittance835 } from '../fixtures/remittances';
import { RecordingNotifier, TASK_QUEUE } from '../support/lifecycle-env';
import { ownLifecycleServer, viewWhen as waitFor } from '../support/own-server';

const specialist: Actor = { id: 'ar.alex', role: 'ar_specialist' };

describe('payer follow-up (time-skipping server)', () => {
  const notifier = new RecordingNotifier();
  const server = ownLifecycleServer(notifier);

  it('no answer within the payer response window: a follow-up task, then escalation', async () => {
    const env = server.env();
    const now = await env.currentTimeMs();
    const text = remittance835({
      remitDate: daysFromNow(-5, now),
      claims: [{ status: '4', charge: 300, paid: 0, filing: '12', serviceDate: daysFromNow(-30, now), adjustments: [['CO', '4', 300]], remarks: ['N519'] }],
    });
    const workflowId = `denial-follow-up-${crypto.randomUUID()}`;
    const handle = await env.client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ denial: caseFrom(text), eventKey: `start-${workflowId}` }],
    });
    // The commercial corrected-claim window is unverified: a person confirms the route first.
    let v = await waitFor(handle, (x) => x.task?.kind === 'confirm_route');
    await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
    v = await waitFor(handle, (x) => x.task?.kind === 'supply_corrections');
    await handle.executeUpdate(supplyCorrectionsUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, corrections: [{ field: 'modifier', line: 1, to: '25' }] }] });
    v = await waitFor(handle, (x) => x.task?.kind === 'record_submission');
    await handle.executeUpdate(recordSubmissionUpdate, {
      args: [{ taskId: v.task!.id, version: v.version, actor: specialist, date: daysFromNow(0, now), channel: 'portal', reference: 'CONF-9' }],
    });
    v = await waitFor(handle, (x) => x.stage === 'awaiting_payer');
    const window = /response due by (\d{4}-\d{2}-\d{2})/.exec(v.timeline.at(-1)!.summary)![1]!;
    const daysToWindow = Math.ceil((Date.parse(`${window}T23:59:59Z`) - (await env.currentTimeMs())) / 86_400_000);
    await env.sleep(`${daysToWindow + 1} days`);
    v = await waitFor(handle, (x) => x.task?.kind === 'follow_up');
    expect(v.stage).toBe('awaiting_payer');
    await env.sleep('15 days');
    await waitFor(handle, (x) => x.escalated);
    expect(notifier.sent.filter((n) => n.kind === 'escalation')).toEqual([expect.objectContaining({ reason: 'task_overdue', task: 'follow_up', deadline: window })]);
    // The specialist follows up (sends it again): the task closes and the payer's window starts over.
    v = await handle.query(denialViewQuery);
    const resent = daysFromNow(0, await env.currentTimeMs());
    await handle.executeUpdate(recordSubmissionUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, date: resent, channel: 'phone', reference: 'CALL-7' }] });
    v = await waitFor(handle, (x) => x.stage === 'awaiting_payer' && !x.task && x.submission?.reference === 'CALL-7');
    const again = /response due by (\d{4}-\d{2}-\d{2})/.exec(v.timeline.at(-1)!.summary)![1]!;
    expect(again > window).toBe(true);
    expect(v.timeline.some((t) => t.summary.startsWith(`Followed up ${resent} by phone`))).toBe(true);
    await handle.terminate('test done');
  });
});
