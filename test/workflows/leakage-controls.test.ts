/**
 * Every leakage control a remittance can show, end to end: one 835 carrying each control's example claim
 * goes through the real intake into denial workflows on the time-skipping server; each control's
 * prevention task must be opened and the KPI that tracks it must move from zero.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { ingestFile } from '../../client/ingest/pipeline';
import { temporalDeliverer } from '../../client/ingest/temporal-delivery';
import { computeKpis, type KpiReport } from '../../domain/kpis/kpis';
import { LEAKAGE_CONTROLS } from '../../domain/prevention/controls';
import { addDays } from '../../domain/policy/dates';
import { remittance835 } from '../../domain/remittance/sample-835';
import { loadKpiInputs } from '../../runtime/store/kpi-inputs';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { openDenialsStore } from '../../runtime/store/schema';
import { exampleClaimSpec } from '../fixtures/control-examples';
import { lifecycleWorker, RecordingNotifier, stubPackets, tempLedger, timeSkippingEnv } from '../support/lifecycle-env';
import { keyringWith, randomKey } from '../support/codec-keys';

const TASK_QUEUE = 'leakage-controls';
const detectable = LEAKAGE_CONTROLS.filter((c) => c.detection.kind === 'remittance');

describe('each remittance-detectable leakage control opens its prevention task and moves its KPI', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let ledger: LedgerStore;
  const notifier = new RecordingNotifier();
  let before: KpiReport;
  let after: KpiReport;
  let period: { from: string; to: string };

  beforeAll(async () => {
    env = await timeSkippingEnv();
    const temp = tempLedger();
    ledger = temp.ledger;
    worker = await lifecycleWorker(env, { ledger, notifier, packets: stubPackets() }, TASK_QUEUE);
    running = worker.run();

    const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    period = { from: today, to: today };
    before = computeKpis(await loadKpiInputs(ledger, period), period);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'controls-')), 'controls.835');
    const claims = detectable.map((c, i) =>
      exampleClaimSpec(c.detection.kind === 'remittance' ? c.detection.example : (undefined as never), { serviceDate: addDays(today, -30), account: `LP${c.leakPoint}`, icn: `ICN-LP-${i}` }),
    );
    fs.writeFileSync(file, remittance835({ remitDate: today, trace: 'EFT-CONTROLS', claims }));
    const report = await ingestFile(file, { via: 'cli', dryRun: false }, {
      claimIdKey: crypto.randomBytes(32),
      deliverer: temporalDeliverer(env.client, TASK_QUEUE),
      journal: new IntakeJournal(sqliteDatabase(openDenialsStore(temp.dataDir)), keyringWith(randomKey('journal'))),
      recordVolumes: async (vs) => void (await Promise.all(vs.map((v) => ledger.recordRemittanceVolume(v)))),
    });
    expect(report.totals).toMatchObject({ claims: detectable.length, denials: detectable.length, started: detectable.length });

    // Every denial reports to its prevention task once classified; wait until all have.
    const until = Date.now() + 90_000;
    for (;;) {
      const entries = await ledger.preventionEntries(period);
      if (new Set(entries.filter((e) => e.type === 'occurrence').map((e) => e.denialWorkflowId)).size >= detectable.length) break;
      if (Date.now() > until) throw new Error(`only ${entries.filter((e) => e.type === 'occurrence').length} of ${detectable.length} occurrences reached the prevention ledger`);
      await new Promise((r) => setTimeout(r, 250));
    }
    after = computeKpis(await loadKpiInputs(ledger, period), period);
  }, 180_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await ledger?.close();
  });

  it.each(detectable.map((c) => [c.leakPoint, c.leakPointName, c] as const))('#%i %s', async (leakPoint, _name, control) => {
    const tasks = await ledger.preventionTasks();
    const task = tasks.find((t) => t.leakPoint === leakPoint);
    expect(task, `a prevention task for leak point ${leakPoint}`).toBeDefined();
    expect(task).toMatchObject({ control: control.control, status: 'open' });
    expect(task!.occurrences).toBeGreaterThanOrEqual(1);
    // The team's mail follows the ledger entry: give it a moment.
    const mailed = () => notifier.sent.some((n) => n.kind === 'prevention_task_opened' && n.workflowId === task!.preventionId);
    for (let i = 0; i < 100 && !mailed(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(mailed(), `the owning team is told about ${task!.preventionId}`).toBe(true);

    const kpiBefore = before.leakPoints.find((l) => l.leakPoint === leakPoint)!;
    const kpiAfter = after.leakPoints.find((l) => l.leakPoint === leakPoint)!;
    expect(kpiBefore.denials).toBe(0);
    expect(kpiAfter.kpi).toBe(control.kpi);
    expect(kpiAfter.denials).toBeGreaterThanOrEqual(1);
    expect(kpiAfter.rate.value).toBeGreaterThan(0);
  });
});
