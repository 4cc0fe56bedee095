// A window that passed by an unverified limit becomes a check for a person, with no deadline of its own:
// left undone for a week, supervisors hear of it. On its own time-skipping server: it skips days, which
// other tests' workflows would share.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/lifecycle/tasks';
import type { denialWorkflow } from '../../workflows/denial';
import { confirmRouteUpdate } from '../../workflows/denial-messages';
import { caseFrom, daysFromNow, remittance835 } from '../fixtures/remittances';
import { RecordingNotifier, TASK_QUEUE } from '../support/lifecycle-env';
import { ownLifecycleServer, viewWhen as waitFor } from '../support/own-server';

const specialist: Actor = { id: 'ar.alex', role: 'ar_specialist' };

describe('window check (time-skipping server)', () => {
  const notifier = new RecordingNotifier();
  const server = ownLifecycleServer(notifier);

  it('nobody checks the window for a week: supervisors are told; a write-off afterwards is a person’s decision', async () => {
    const env = server.env();
    const now = await env.currentTimeMs();
    // Commercial, returned unprocessable (N517): the unverified 90-day filing limit passed 30 days ago.
    const text = remittance835({
      remitDate: daysFromNow(-5, now),
      claims: [{ status: '4', charge: 300, paid: 0, filing: '12', serviceDate: daysFromNow(-120, now), adjustments: [['CO', '16', 300]], remarks: ['N517'] }],
    });
    const workflowId = `denial-window-${crypto.randomUUID()}`;
    const handle = await env.client.workflow.start<typeof denialWorkflow>('denialWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [{ denial: caseFrom(text), eventKey: `start-${workflowId}` }] });
    let v = await waitFor(handle, (x) => x.task?.kind === 'confirm_route');
    expect(v.route.kind).toBe('verify_window');
    expect(v.escalated).toBe(false);
    await env.sleep('8 days');
    v = await waitFor(handle, (x) => x.escalated);
    expect(notifier.sent.filter((n) => n.kind === 'escalation')).toEqual([expect.objectContaining({ task: 'confirm_route', reason: 'task_overdue' })]);
    expect(v.timeline.some((t) => /^Escalated: check the claim filing window with the payer .* still not done 7 days after it was asked$/.test(t.summary))).toBe(true);
    expect(v.stage).not.toBe('timely_filing_loss');
    // The payer confirms the window is closed: the specialist chooses the write-off, which a supervisor approves.
    await handle.executeUpdate(confirmRouteUpdate, {
      args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'override', route: { kind: 'write_off', approvalRequired: true }, reason: 'payer confirms 90 days, call ref 5521' }],
    });
    v = await waitFor(handle, (x) => x.task?.kind === 'approve_write_off');
    expect(v.route).toEqual({ kind: 'write_off', approvalRequired: true });
    await handle.terminate('test done');
  });
});
