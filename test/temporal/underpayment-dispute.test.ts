// An underpaid line, end to end on the Temporal CLI dev server with the deployment's real activities: the
// 835 read with a fee schedule, the payment_dispute route on the contracting team's queue, the packet with
// its underpayment letter rendered by pdf-lib, the submission, the payer's later payment, and the KPIs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeKpis } from '../../domain/kpis/kpis';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { readOpenedFile } from '../../runtime/at-rest/sealed-files';
import { loadConfig, type Config } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { temporalCliPath } from '../../worker/toolchain/paths';
import { realActivities } from '../../worker/activities';
import type { denialWorkflow } from '../../workflows/denial';
import { approvePacketUpdate, confirmRouteUpdate, denialViewQuery, recordSubmissionUpdate, remittanceEventSignal, type DenialView } from '../../workflows/denial-messages';
import { denialSearchAttributes } from '../../workflows/search-attributes';
import { UNDERPAID_CLAIM, UNDERPAID_FEES, caseWithFeeSchedule, daysFromNow, eventFrom, remittance835 } from '../fixtures/remittances';
import { pageTexts } from '../services/pdf-text';
import { installQuietRuntime } from '../support/quiet-runtime';

const TASK_QUEUE = 'underpayment-dev-server';
const workflowsPath = path.join(__dirname, '../../workflows');
const specialist = { id: 'pr.pat', role: 'ar_specialist' } as const;

describe('underpayment dispute on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let dataDir: string;
  let config: Config;
  let ledger: LedgerStore;

  beforeAll(async () => {
    installQuietRuntime();
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: denialSearchAttributes },
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'underpayment-'));
    config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    ledger = openConfiguredLedger(config);
    const real = realActivities(config, createLogger({ level: 'error' }), env.client, ledger);
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE, workflowsPath, activities: real.activities, maxCachedWorkflows: 100, stickyQueueScheduleToStartTimeout: '1s' });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await ledger?.close();
    await env?.teardown();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function view(handle: { query: (q: typeof denialViewQuery) => Promise<DenialView> }, what: (v: DenialView) => boolean): Promise<DenialView> {
    await expect.poll(async () => what(await handle.query(denialViewQuery)), { timeout: 20_000, interval: 100 }).toBe(true);
    return handle.query(denialViewQuery);
  }

  it('disputes the shortfall, sends the underpayment letter, and closes as recovered when the payer pays it', async () => {
    const now = Date.now();
    const remitDate = daysFromNow(-3, now);
    const text = remittance835({ remitDate, claims: [{ ...UNDERPAID_CLAIM, serviceDate: daysFromNow(-20, now) }] });
    const denial = caseWithFeeSchedule(text, UNDERPAID_FEES);
    expect(denial.detection.reasons.map((r) => r.code)).toEqual(['underpaid']);

    const workflowId = `denial-underpaid-${crypto.randomUUID()}`;
    const handle = await env.client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ denial, eventKey: `start-${workflowId}`, patient: { name: 'DOE, JANE', memberId: '1EG4TE5MK72' } }],
    });

    // Routed to the dispute (not posted), on contracting's queue; its window is an unverified default, so a
    // person confirms the route first.
    let v = await view(handle, (x) => x.task?.kind === 'confirm_route');
    expect(v.task?.team).toBe('contracting');
    expect(v.deadline).toMatchObject({ kind: 'payment_dispute', verify: true });
    await handle.executeUpdate(confirmRouteUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, decision: 'confirm' }] });
    v = await view(handle, (x) => x.task?.kind === 'prepare_appeal');
    expect(v.route).toEqual({ kind: 'payment_dispute', process: 'contract_payment_dispute' });
    expect(v.task?.team).toBe('contracting');
    // 2026.1 (level 1's window, assumed) or 2026.2 (the contract-dispute row) by the day it runs: both unverified.
    expect(v.deadline).toMatchObject({ kind: 'payment_dispute', limitId: expect.stringMatching(/^commercial-default@2026\.[12]#/), verify: true });
    expect(v.amounts.atRiskCents).toBe(18_000);

    await handle.executeUpdate(approvePacketUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist }] });
    v = await view(handle, (x) => x.task?.kind === 'record_submission');
    expect(v.task?.team).toBe('contracting');

    // The letter, read back from the stored (sealed) PDF.
    const ref = v.packet!.ref;
    expect(ref.name).not.toMatch(/DOE|JANE|1EG4TE5MK72/);
    const bytes = readOpenedFile(path.join(dataDir, 'documents', ref.sha256.slice(0, 2), ref.sha256), deploymentKeyring(config));
    const letter = (await pageTexts(bytes)).join(' ').replace(/\s+/g, ' ');
    expect(letter).toContain('Line 1, 99214: contracted rate $300.00; allowed $120.00; paid $96.00; variance $180.00');
    expect(letter).toMatch(/Total variance\s*\$180\.00/);

    await handle.executeUpdate(recordSubmissionUpdate, { args: [{ taskId: v.task!.id, version: v.version, actor: specialist, date: daysFromNow(0, now), channel: 'portal', reference: 'DISPUTE-77' }] });
    await view(handle, (x) => x.stage === 'awaiting_payer');

    // The payer pays the shortfall on the same claim: a remittance routed to this workflow.
    const payment = remittance835({ control: '0002', trace: 'EFT2002', remitDate: daysFromNow(0, now), claims: [{ status: '1', charge: 400, paid: 180, filing: '12', procedure: '99214', serviceDate: daysFromNow(-20, now) }] });
    await handle.signal(remittanceEventSignal, { eventKey: 'shortfall-paid', event: eventFrom(payment) });
    expect(await handle.result()).toMatchObject({ resolution: 'recovered', recoveredCents: 18_000, lostCents: 0 });

    // The ledger's facts feed the KPIs: one dispute opened, 180.00 disputed, 180.00 recovered.
    const facts = (await ledger.denialFacts()).filter((f) => f.workflowId === workflowId);
    expect(facts[0]).toMatchObject({ route: 'payment_dispute', paymentDisputed: true, underpaidCents: 18_000, recoveredCents: 18_000, workTeam: 'contracting' });
    const k = computeKpis({ facts, volumes: [], prevention: [] }, { from: remitDate, to: daysFromNow(0, now) });
    expect(k.underpaymentDisputes).toMatchObject({ opened: 1, disputedCents: 18_000, recoveredCents: 18_000 });
  }, 120_000);
});
