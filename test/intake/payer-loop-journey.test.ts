// Closing the loop with the payer (#17), from the README's walkthrough: a CO-16 denial from an 835 whose
// original claim came in as an 837, corrected by a person, sent by the workflow as a validated
// frequency-7 837 to the clearinghouse outbox; the payer's response window passes, so a 276 goes out, a
// 277 says "pended"; then the payer's 835 pays and the denial closes as recovered. The product's worker
// and intake, on the official time-skipping server (months pass under env.sleep), a real SQLite store
// and the folder clearinghouse under DATA_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, type Intake } from '../../client/ingest/intake';
import { validate276 } from '../../domain/claim-status';
import { validate837 } from '../../domain/claims/validate-837';
import type { Actor } from '../../domain/lifecycle/tasks';
import { remittance835 } from '../../domain/remittance/sample-835';
import { clearinghouseFolders } from '../../runtime/clearinghouse';
import { confirmRouteUpdate, denialViewQuery, supplyCorrectionsUpdate } from '../../workflows/denial-messages';
import { ack277CA, status277 } from '../fixtures/claim-status-files';
import { submitted837 } from '../fixtures/claims-837';
import { daysFromNow } from '../fixtures/remittances';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { viewWhen } from '../support/own-server';

const specialist: Actor = { id: 'ar.alex', role: 'ar_specialist' };
const PAYER: [string, string] = ['ACME HEALTH', 'ACME01'];

describe('a corrected claim through the clearinghouse, to recovery (time-skipping server)', () => {
  let dev: DevEnv;
  let intake: Intake;

  beforeAll(async () => {
    dev = await startDevEnv({ timeSkipping: true });
    intake = createIntake(dev.config, dev.client, () => undefined);
  }, 180_000);

  afterAll(async () => {
    await intake?.close();
    await dev?.teardown();
  });

  const ingest = async (name: string, text: string) => {
    const file = path.join(dev.config.dataDir, name);
    fs.writeFileSync(file, text);
    return intake.ingest(file, { via: 'cli', dryRun: false });
  };
  const today = async () => daysFromNow(0, await dev.env.currentTimeMs());

  it('CO-16 → corrections → frequency-7 837 in the outbox → 276 → 277 pended → paying 835 → recovered', async () => {
    const now = await dev.env.currentTimeMs();
    const serviceDate = daysFromNow(-40, now);
    const stored = await ingest('claims.837', submitted837({ account: 'CC-1', serviceDate, payerId: PAYER[1] }));
    expect(stored.claims[0]).toMatchObject({ delivery: 'stored' });

    const claim = { account: 'CC-1', icn: 'ICN-CC-1', filing: 'CI', charge: 100, serviceDate };
    const denied = await ingest('denied.835', remittance835({ remitDate: daysFromNow(-3, now), payer: PAYER, claims: [{ ...claim, status: '4', paid: 0, adjustments: [['CO', '16', 100]], remarks: ['M51'] }] }));
    const workflowId = denied.claims[0]!.workflowId!;
    const handle = dev.client.workflow.getHandle(workflowId);

    let v = await viewWhen(handle, (x) => x.task?.kind === 'confirm_route' || x.task?.kind === 'supply_corrections');
    expect(v.route).toMatchObject({ kind: 'corrected_claim', claimFrequency: '7' });
    if (v.task!.kind === 'confirm_route') {
      await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
      v = await viewWhen(handle, (x) => x.task?.kind === 'supply_corrections');
    }
    await handle.executeUpdate(supplyCorrectionsUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, corrections: [{ field: 'modifier', line: 1, to: '25' }] }] });

    // The workflow sends the replacement itself and records it as the submission.
    v = await viewWhen(handle, (x) => x.stage === 'awaiting_payer' && x.claimFiles.length === 1);
    const [sentClaim] = v.claimFiles;
    expect(sentClaim).toMatchObject({ kind: '837', frequency: '7' });
    expect(sentClaim!.fileName).not.toContain('CC-1');
    expect(v.submission).toMatchObject({ channel: 'edi', reference: sentClaim!.fileName, by: 'system' });
    const outbox = clearinghouseFolders(dev.config.dataDir, dev.config.clearinghouse.tradingPartner).outbox;
    const claimText = fs.readFileSync(path.join(outbox, sentClaim!.fileName), 'utf8');
    expect(validate837(claimText, sentClaim!.fileName).filter((i) => i.severity === 'error')).toEqual([]);
    expect(claimText).toMatch(/CLM\*CC-1\*100(\.00)?\*\*\*11:B:7/);
    expect(claimText).toContain('REF*F8*ICN-CC-1');
    expect(claimText).toMatch(/SV1\*HC:\d{5}:25/);
    // ISA13: the control number recorded for the file.
    expect(claimText).toContain(`*${String(sentClaim!.controlNumber).padStart(9, '0')}*`);

    // Silence past the payer's response window: a 276 goes out and the follow-up task opens.
    const due = /response due by (\d{4}-\d{2}-\d{2})/.exec([...v.timeline].reverse().find((t) => t.summary.startsWith('Awaiting'))!.summary)![1]!;
    const days = Math.ceil((Date.parse(`${due}T23:59:59Z`) - (await dev.env.currentTimeMs())) / 86_400_000);
    await dev.env.sleep(`${days + 1} days`);
    v = await viewWhen(handle, (x) => x.task?.kind === 'follow_up' && x.claimFiles.length === 2);
    const inquiry = v.claimFiles[1]!;
    expect(inquiry.kind).toBe('276');
    const inquiryText = fs.readFileSync(path.join(outbox, inquiry.fileName), 'utf8');
    expect(validate276(inquiryText, inquiry.fileName).filter((i) => i.severity === 'error')).toEqual([]);
    expect(inquiryText).toContain(`TRN*1*${workflowId}`);
    expect(inquiryText).toContain('REF*1K*ICN-CC-1');

    // The payer's 277: pended. The follow-up task shows it.
    const pended = status277(PAYER[1], [{ trace: workflowId, stc: 'P1:20', account: 'CC-1' }]);
    const status = await ingest('status.277', pended);
    expect(JSON.stringify(status)).not.toContain('CC-1');
    v = await viewWhen(handle, (x) => x.claimStatuses.length === 1);
    expect(v.claimStatuses[0]).toMatchObject({ source: '277', classification: 'pended', categoryCode: 'P1', statusCode: '20', receivedOn: await today() });
    expect(v.task?.kind).toBe('follow_up');
    expect(v.timeline.some((t) => /Claim status \(277 P1:20, pended\)/.test(t.summary))).toBe(true);
    // Delivered again: nothing changes.
    await ingest('status-again.277', pended);

    // The payer pays the corrected claim.
    await ingest('paid.835', remittance835({ control: '0002', remitDate: await today(), payer: PAYER, claims: [{ ...claim, status: '1', paid: 100 }] }));
    v = await viewWhen(handle, (x) => x.stage === 'resolved');
    expect(v).toMatchObject({ resolution: 'recovered', amounts: { recoveredCents: 10000, atRiskCents: 0 } });
    expect((await handle.query(denialViewQuery)).claimStatuses).toHaveLength(1);
  });

  it('a corrected claim the clearinghouse rejects (277CA A7) goes back to the corrections, and the fixed one goes out', async () => {
    const now = await dev.env.currentTimeMs();
    const serviceDate = daysFromNow(-35, now);
    await ingest('claims-2.837', submitted837({ account: 'CC-2', serviceDate, payerId: PAYER[1] }));
    const denied = await ingest('denied-2.835', remittance835({ control: '0003', remitDate: daysFromNow(-2, now), payer: PAYER, claims: [{ account: 'CC-2', icn: 'ICN-CC-2', filing: 'CI', charge: 100, paid: 0, status: '4', serviceDate, adjustments: [['CO', '16', 100]], remarks: ['M51'] }] }));
    const handle = dev.client.workflow.getHandle(denied.claims[0]!.workflowId!);
    let v = await viewWhen(handle, (x) => x.task?.kind === 'confirm_route' || x.task?.kind === 'supply_corrections');
    if (v.task!.kind === 'confirm_route') {
      await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
      v = await viewWhen(handle, (x) => x.task?.kind === 'supply_corrections');
    }
    await handle.executeUpdate(supplyCorrectionsUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, corrections: [{ field: 'modifier', line: 1, to: '59' }] }] });
    v = await viewWhen(handle, (x) => x.stage === 'awaiting_payer' && x.claimFiles.length === 1);

    await ingest('ack.277ca', ack277CA(PAYER[1], [{ account: 'CC-2', stc: 'A7:21' }]));
    v = await viewWhen(handle, (x) => x.task?.kind === 'supply_corrections');
    expect(v.stage).toBe('in_work');
    expect(v.submission).toBeUndefined();
    expect(v.claimStatuses.at(-1)).toMatchObject({ source: '277CA', classification: 'rejected', categoryCode: 'A7' });
    expect(v.timeline.some((t) => t.summary.startsWith(`The corrected claim ${v.claimFiles[0]!.fileName} was rejected (277CA A7:21`))).toBe(true);
    // The filing deadline runs again while the claim is out of the payer's hands.
    expect(v.deadline).not.toBeNull();

    await handle.executeUpdate(supplyCorrectionsUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, corrections: [{ field: 'diagnosis_pointer', line: 1, to: '2' }] }] });
    v = await viewWhen(handle, (x) => x.stage === 'awaiting_payer' && x.claimFiles.length === 2);
    expect(v.claimFiles.map((f) => f.fileName)).toEqual([expect.stringMatching(/-corrected-claim-1\.837$/), expect.stringMatching(/-corrected-claim-2\.837$/)]);
    expect(v.claimFiles[1]!.controlNumber).toBeGreaterThan(v.claimFiles[0]!.controlNumber);
    await handle.terminate('test done');
  });

  it('a 277 asking for more information (R4) opens the follow-up at once, with the request on it', async () => {
    const now = await dev.env.currentTimeMs();
    const serviceDate = daysFromNow(-30, now);
    await ingest('claims-3.837', submitted837({ account: 'CC-3', serviceDate, payerId: PAYER[1] }));
    const denied = await ingest('denied-3.835', remittance835({ control: '0004', remitDate: daysFromNow(-2, now), payer: PAYER, claims: [{ account: 'CC-3', icn: 'ICN-CC-3', filing: 'CI', charge: 100, paid: 0, status: '4', serviceDate, adjustments: [['CO', '16', 100]], remarks: ['M51'] }] }));
    const workflowId = denied.claims[0]!.workflowId!;
    const handle = dev.client.workflow.getHandle(workflowId);
    let v = await viewWhen(handle, (x) => x.task?.kind === 'confirm_route' || x.task?.kind === 'supply_corrections');
    if (v.task!.kind === 'confirm_route') {
      await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
      v = await viewWhen(handle, (x) => x.task?.kind === 'supply_corrections');
    }
    await handle.executeUpdate(supplyCorrectionsUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, corrections: [{ field: 'modifier', line: 1, to: '25' }] }] });
    v = await viewWhen(handle, (x) => x.stage === 'awaiting_payer' && x.claimFiles.length === 1 && !x.task);

    await ingest('asks.277', status277(PAYER[1], [{ trace: workflowId, stc: 'R4:21', account: 'CC-3' }]));
    v = await viewWhen(handle, (x) => x.task?.kind === 'follow_up');
    expect(v.stage).toBe('awaiting_payer');
    expect(v.claimStatuses.at(-1)).toMatchObject({ source: '277', categoryCode: 'R4', classification: 'pended' });
    expect(v.timeline.some((t) => t.summary.startsWith('The payer asks for more information (277 R4:21'))).toBe(true);
    // Only the request opened it: no 276 went out, the window has not passed.
    expect(v.claimFiles.map((f) => f.kind)).toEqual(['837']);
    await handle.terminate('test done');
  });
});
