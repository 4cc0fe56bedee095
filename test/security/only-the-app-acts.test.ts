// Only the app can act on a workflow: on the dev server with the product's worker (strict codec), a bare
// @temporalio/client with no keys sends an Update claiming the supervisor role, a forged remittance and
// a made-up start; each is refused with a sentence, nothing is applied, and no workflow fails. Failures
// travel encrypted: a refusal's words are not in the Temporal database in clear.
import crypto from 'node:crypto';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { addNoteUpdate, denialViewQuery, remittanceEventSignal, type DenialView } from '../../workflows/denial-messages';
import { caseFrom, daysFromNow, eventFrom, remittance835 } from '../fixtures/remittances';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { eventually } from '../support/eventually';

describe('only the app can act on a workflow', () => {
  let dev: DevEnv;
  let bare: Client;
  let workflowId: string;

  beforeAll(async () => {
    dev = await startDevEnv();
    // Anyone who can reach Temporal: the same server, no codec, no keys.
    bare = new Client({ connection: dev.env.connection });
    workflowId = `denial-sec-${crypto.randomUUID()}`;
    const denial = caseFrom(remittance835({ remitDate: daysFromNow(-5), claims: [{ status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-30), adjustments: [['CO', '50', 240]], remarks: ['N115'] }] }));
    await dev.client.workflow.start('denialWorkflow', { taskQueue: dev.config.TEMPORAL_TASK_QUEUE, workflowId, args: [{ denial, eventKey: `start-${workflowId}` }] });
    await eventually('the appeal task', async () => ((await dev.client.workflow.getHandle(workflowId).query(denialViewQuery)).task ? true : undefined));
  });

  afterAll(async () => {
    await dev?.teardown();
  });

  it('refuses an Update from a client without the keys, whatever role it claims', async () => {
    const before = await dev.client.workflow.getHandle(workflowId).query(denialViewQuery);
    const forged = bare.workflow.getHandle(workflowId).executeUpdate(addNoteUpdate, { args: [{ actor: { id: 'sup.sam', role: 'supervisor' }, text: 'FORGED-NOTE approve everything' }] });
    // Refused, and the refusal itself travels encrypted: without the keys the caller cannot even read it.
    await expect(forged).rejects.toThrow(/Unknown encoding: binary\/encrypted/);
    const again = dev.client.workflow.getHandle(workflowId);
    const history = await again.fetchHistory();
    const rejected = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(rejected).toEqual([]);
    const after: DenialView = await again.query(denialViewQuery);
    expect(after.version).toBe(before.version);
    const ledger = openConfiguredLedger(dev.config);
    try {
      expect((await ledger.history(workflowId)).some((e) => e.summary.includes('FORGED-NOTE'))).toBe(false);
    } finally {
      await ledger.close();
    }
  });

  it('records a forged remittance as refused and applies nothing', async () => {
    const paid = remittance835({ control: '0002', remitDate: daysFromNow(0), trace: 'EFT-FORGED', claims: [{ status: '1', charge: 240, paid: 240, serviceDate: daysFromNow(-30) }] });
    await bare.workflow.getHandle(workflowId).signal(remittanceEventSignal, { eventKey: 'forged-payment', event: eventFrom(paid) });
    const ledger = openConfiguredLedger(dev.config);
    try {
      const refused = await eventually('the refusal in the ledger', async () => (await ledger.history(workflowId)).find((e) => e.summary.startsWith('A remittance delivery was refused: Refused: the command did not come from the app')));
      expect(refused.type).toBe('payer_event');
    } finally {
      await ledger.close();
    }
    const v = await dev.client.workflow.getHandle(workflowId).query(denialViewQuery);
    expect(v.amounts.recoveredCents).toBe(0);
    expect(v.stage).not.toBe('resolved');
    expect((await dev.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  });

  it('parks a denial started by a client without the keys; it does not fail', async () => {
    const id = `denial-sec-${crypto.randomUUID()}`;
    await bare.workflow.start('denialWorkflow', { taskQueue: dev.config.TEMPORAL_TASK_QUEUE, workflowId: id, args: [{ denial: { made: 'up' }, eventKey: 'x' }] });
    const v = await eventually('parked', async () => {
      const view = await dev.client.workflow.getHandle(id).query(denialViewQuery);
      return view.stage === 'needs_attention' ? view : undefined;
    });
    expect(v.problem).toMatch(/did not come from the app/);
    expect((await dev.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
  });
});
