// Intake end to end on a real dev server with the product's worker: exactly one workflow per denied claim,
// a re-run changes nothing and says so, and a later payment reaches the same workflow.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, type Intake } from '../../client/ingest/intake';
import { loadConfig } from '../../runtime/config';
import { denialViewQuery } from '../../workflows/denial-messages';
import { deniedRemittance, paidRemittance, remittance835, type ClaimSpec } from '../fixtures/remittances';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { repoRoot } from '../support/launcher';
import { weekOf } from '../../domain/policy/dates';

describe('intake on the dev server', () => {
  let dev: DevEnv;
  let intake: Intake;
  let dir: string;

  beforeAll(async () => {
    dev = await startDevEnv();
    intake = createIntake(dev.config, dev.client, () => undefined);
    dir = path.join(dev.config.dataDir, 'files');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'denied.835'), deniedRemittance);
    fs.writeFileSync(path.join(dir, 'paid.835'), paidRemittance);
  });

  const configEnv = () => ({
    TEMPORAL_ADDRESS: dev.config.TEMPORAL_ADDRESS,
    CODEC_KEYS: dev.config.CODEC_KEYS,
    DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY,
  });

  afterAll(async () => {
    await intake?.close();
    await dev?.teardown();
  });

  it('files each reversal and PLB adjustment in the ledger once, linked to the denied claim it names (#16)', async () => {
    // The sample's recoupment names a claim of an earlier year; here it names the file's own denied claim.
    const file = path.join(dir, 'recouped.835');
    fs.writeFileSync(file, fs.readFileSync(path.join(repoRoot, 'samples/denials-5010.835'), 'utf8').replace('WO:ICN2025009999', 'WO:ICN2026000001'));
    const first = await intake.ingest(file, { via: 'cli', dryRun: false });
    await intake.ingest(file, { via: 'cli', dryRun: false });
    const denied = first.claims.find((c) => c.payerClaimControlNumber === 'ICN2026000001')!;
    expect(denied.denial).toBe(true);
    const ledger = openConfiguredLedger(dev.config);
    try {
      // The link is the denial's row in the ledger, which its workflow writes in its first moments.
      await expect.poll(async () => (await ledger.denialFacts()).some((f) => f.workflowId === denied.workflowId), { timeout: 30_000 }).toBe(true);
      const weeks = await ledger.silentMoneyByWeek({ from: '2026-01-01', to: '2026-12-31' });
      // PLB: WO 40.00 taken back, L6 interest 2.50 added; each once although the file came twice.
      expect(weeks).toEqual([{ week: weekOf('2026-03-02'), payerId: expect.any(String), takenCents: 4000, addedCents: 250, items: 2, linkedToDenials: 1 }]);
    } finally {
      await ledger.close();
    }
  });

  it('starts one workflow per denied claim, then recognises the same file as already ingested', async () => {
    const first = await intake.ingest(path.join(dir, 'denied.835'), { via: 'cli', dryRun: false });
    expect(first.verdict).toBe('accepted');
    expect(first.totals).toMatchObject({ claims: 1, denials: 1, started: 1, signaled: 0, duplicates: 0 });
    const workflowId = first.claims[0]!.workflowId!;
    expect(workflowId).toMatch(/^denial-[0-9a-f]{40}$/);
    expect(workflowId).not.toContain('ACCT-1001');
    expect(first.claims[0]).toMatchObject({ clp01: 'ACCT-1001', status: '4', charge: '240', paid: '0', denial: true, delivery: 'started' });

    const again = await intake.ingest(path.join(dir, 'denied.835'), { via: 'cli', dryRun: false });
    expect(again.totals).toMatchObject({ started: 0, signaled: 0, duplicates: 1 });
    expect(again.alreadyIngested).toBe(true);
    expect(again.claims[0]!.workflowId).toBe(workflowId);

    const handle = dev.client.workflow.getHandle(workflowId);
    const status = await handle.query(denialViewQuery);
    expect(status.eventsReceived).toBe(1);
    expect(status.amounts.atRiskCents).toBe(24000);
    // the saved report can be read back by id
    expect((await intake.report(first.reportId))?.totals.started).toBe(1);
  });

  it('even with its journal lost, a second intake lands the claim in the same workflow, which ignores the echo', async () => {
    const otherNode = createIntake(loadConfig({ ...configEnv(), DATA_DIR: path.join(dev.config.dataDir, 'other-node') }), dev.client, () => undefined);
    try {
      const r = await otherNode.ingest(path.join(dir, 'denied.835'), { via: 'cli', dryRun: false });
      expect(r.totals).toMatchObject({ started: 0, signaled: 1 });
      const view = await dev.client.workflow.getHandle(r.claims[0]!.workflowId!).query(denialViewQuery);
      expect(view.duplicatesIgnored).toBe(1);
      expect(view.eventsReceived).toBe(1);
    } finally {
      await otherNode.close();
    }
  });

  it('routes a later payment for the same claim to its workflow', async () => {
    const paid = await intake.ingest(path.join(dir, 'paid.835'), { via: 'cli', dryRun: false });
    expect(paid.totals).toMatchObject({ claims: 1, denials: 0, started: 0, signaled: 1 });
    const handle = dev.client.workflow.getHandle(paid.claims[0]!.workflowId!);
    // the remittance is a partial payment (180 of 240): recorded, and the rest is decided again
    await expect.poll(async () => (await handle.query(denialViewQuery)).amounts.recoveredCents, { timeout: 10_000 }).toBe(18000);
    const status = await handle.query(denialViewQuery);
    expect(status.amounts.atRiskCents).toBe(6000);
    expect(status.timeline.filter((t) => t.type === 'payer_event').map((t) => t.summary)).toEqual([expect.stringMatching(/^Payer partially paid: 180.00/)]);
  });

  it('a node that learned the workflow from a signal (its journal was lost) routes later payments to it too', async () => {
    const otherNode = createIntake(loadConfig({ ...configEnv(), DATA_DIR: path.join(dev.config.dataDir, 'other-node') }), dev.client, () => undefined);
    try {
      const paid = await otherNode.ingest(path.join(dir, 'paid.835'), { via: 'cli', dryRun: false });
      // Delivered (not 'not-tracked'); the workflow already has this payment from the first node and ignores the echo.
      expect(paid.totals).toMatchObject({ claims: 1, started: 0, signaled: 1, notTracked: 0 });
      const handle = dev.client.workflow.getHandle(paid.claims[0]!.workflowId!);
      await expect.poll(async () => (await handle.query(denialViewQuery)).duplicatesIgnored, { timeout: 10_000 }).toBe(2);
      expect((await handle.query(denialViewQuery)).amounts.recoveredCents).toBe(18000);
    } finally {
      await otherNode.close();
    }
  });

  it('reopens a recovered denial for review when the payer takes the money back, once (#16)', async () => {
    const claim = { account: 'ACCT-7001', icn: '2026061000777', serviceDate: '2026-01-10' };
    const remit = (control: string, remitDate: string, spec: Omit<ClaimSpec, keyof typeof claim>) => {
      const file = path.join(dir, `recoup-${control}.835`);
      fs.writeFileSync(file, remittance835({ control, remitDate, trace: `EFT${control}`, claims: [{ ...claim, ...spec }] }));
      return file;
    };
    const denied = await intake.ingest(remit('0071', '2026-03-02', { status: '4', charge: 240, paid: 0, adjustments: [['CO', '50', 240]] }), { via: 'cli', dryRun: false });
    const workflowId = denied.claims[0]!.workflowId!;
    const handle = dev.client.workflow.getHandle(workflowId);
    await intake.ingest(remit('0072', '2026-04-20', { status: '1', charge: 240, paid: 240 }), { via: 'cli', dryRun: false });
    expect(await handle.result()).toMatchObject({ resolution: 'recovered', recoveredCents: 24000 });
    const closedRun = (await handle.describe()).runId;
    const ledger = openConfiguredLedger(dev.config);
    const facts = async () => (await ledger.denialFacts({ workflowId }))[0];
    try {
      await expect.poll(async () => (await facts())?.resolution, { timeout: 10_000 }).toBe('recovered');
      const before = (await facts())!;

      // The payer reverses its payment (CLP02 22) and takes the 240.00 back.
      const reversal = remit('0073', '2026-05-11', { status: '22', charge: -240, paid: -240 });
      const r = await intake.ingest(reversal, { via: 'cli', dryRun: false });
      expect(r.totals).toMatchObject({ reopened: 1, closed: 0 });
      expect(r.claims[0]).toMatchObject({ workflowId, delivery: 'reopened' });
      await expect.poll(async () => (await handle.query(denialViewQuery)).task?.kind, { timeout: 30_000 }).toBe('resolve_problem');
      const view = await handle.query(denialViewQuery);
      expect(view.stage).toBe('needs_attention');
      expect(view.amounts).toMatchObject({ atRiskCents: 24000, recoveredCents: 0 });
      expect(view.problem).toMatch(/^Reopened: the payer took back 240.00 of the 240.00 recovered/);

      // In the ledger it is the same denial, open again: its first classification and period, entries numbered on.
      await expect.poll(async () => (await facts())?.taskKind, { timeout: 10_000 }).toBe('resolve_problem');
      const after = (await facts())!;
      expect(after).toMatchObject({ stage: 'needs_attention', category: before.category, rootCause: before.rootCause, remitDate: before.remitDate, atRiskCents: 24000, recoveredCents: 0 });
      expect(after.resolution).toBeUndefined();
      const history = await ledger.history(workflowId);
      expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
      expect(history.find((e) => e.seq === before.lastSeq + 1)?.summary).toBe('Reopened after recovery: the payer took back 240.00 (remittance EFT0073)');

      // The same reversal again reopens nothing.
      const again = await intake.ingest(reversal, { via: 'cli', dryRun: false });
      expect(again.totals).toMatchObject({ reopened: 0, duplicates: 1 });
      const run = (await handle.describe()).runId;
      expect(run).not.toBe(closedRun);
      expect((await handle.query(denialViewQuery)).eventsReceived).toBe(1);
    } finally {
      await ledger.close();
    }
  });

  it('reopens a recovered denial when the payer takes the money back at the provider level (PLB WO naming the claim)', async () => {
    const claim = { account: 'ACCT-7101', icn: '2026061000888', serviceDate: '2026-01-12' };
    const remit = (control: string, remitDate: string, claims: ClaimSpec[], plb: [string, string, number][] = []) => {
      const file = path.join(dir, `plb-${control}.835`);
      fs.writeFileSync(file, remittance835({ control, remitDate, trace: `EFT${control}`, claims, plb }));
      return file;
    };
    const denied = await intake.ingest(remit('0081', '2026-03-02', [{ ...claim, status: '4', charge: 300, paid: 0, adjustments: [['CO', '197', 300]] }]), { via: 'cli', dryRun: false });
    const workflowId = denied.claims[0]!.workflowId!;
    const handle = dev.client.workflow.getHandle(workflowId);
    await intake.ingest(remit('0082', '2026-04-20', [{ ...claim, status: '1', charge: 300, paid: 300 }]), { via: 'cli', dryRun: false });
    expect(await handle.result()).toMatchObject({ resolution: 'recovered', recoveredCents: 30000 });
    const ledger = openConfiguredLedger(dev.config);
    try {
      await expect.poll(async () => (await ledger.denialFacts({ workflowId }))[0]?.resolution, { timeout: 10_000 }).toBe('recovered');
      // A later remittance pays another claim and takes 120.00 back from this one at the provider level.
      const recoupment = remit('0083', '2026-06-01', [{ account: 'ACCT-7102', icn: '2026061000889', status: '1', charge: 500, paid: 500, serviceDate: '2026-05-01' }], [['WO', claim.icn, 120]]);
      const r = await intake.ingest(recoupment, { via: 'cli', dryRun: false });
      expect(r.verdict).toBe('accepted');
      expect(r.totals).toMatchObject({ reopened: 1 });
      await expect.poll(async () => (await handle.query(denialViewQuery)).task?.kind, { timeout: 30_000 }).toBe('resolve_problem');
      const view = await handle.query(denialViewQuery);
      expect(view.amounts).toMatchObject({ atRiskCents: 12000, recoveredCents: 18000 });
      expect(view.problem).toMatch(/^Reopened: the payer took back 120.00 of the 300.00 recovered/);
      await expect.poll(async () => (await ledger.denialFacts({ workflowId }))[0], { timeout: 10_000 }).toMatchObject({ stage: 'needs_attention', chargeCents: 30000, atRiskCents: 12000, recoveredCents: 18000 });
      expect((await intake.ingest(recoupment, { via: 'cli', dryRun: false })).totals.reopened).toBe(0);
    } finally {
      await ledger.close();
    }
  });

  it('reads a file whose ST01 says 837 as claims: an 835 body under it starts nothing, stores nothing, and says why', async () => {
    const file = path.join(dir, 'claim.837');
    fs.writeFileSync(file, deniedRemittance.replace('ST*835*0001*005010X221A1', 'ST*837*0001*005010X222A1'));
    const r = await intake.ingest(file, { via: 'cli', dryRun: false });
    expect(r.transaction).toBe('837');
    expect(r.totals).toMatchObject({ started: 0, stored: 0, claims: 0, quarantined: 1 });
    expect(r.findings.some((f) => /BPR where BHT should begin/.test(f.message))).toBe(true);
  });
});
