/**
 * The prevention loop end to end on the time-skipping server, with the real intake pipeline, the real
 * ledger (SQLite), real mail over SMTP on loopback, and the real report renderer: two remittance feeds a
 * week apart open prevention tasks, the coding team records a control, the defect comes back and
 * reopens it, the KPIs come out at the values the feeds imply, and the weekly report PDF is mailed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeakageReportActivities } from '../../activities/leakage-report';
import { createPayerIssueActivities } from '../../activities/payer-issues';
import { createMailNotifier } from '../../services/notifications';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { ingestFile } from '../../client/ingest/pipeline';
import { temporalDeliverer } from '../../client/ingest/temporal-delivery';
import { computeKpis } from '../../domain/kpis/kpis';
import { preventionKeyFor } from '../../domain/prevention/defect-report';
import { addDays } from '../../domain/policy/dates';
import { remittance835, type ClaimSpec } from '../../domain/remittance/sample-835';
import { createLogger } from '../../runtime/log';
import { loadKpiInputs } from '../../runtime/store/kpi-inputs';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { PostgresLedgerStore } from '../../runtime/store/postgres-ledger';
import { openDenialsStore } from '../../runtime/store/schema';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../support/postgres';
import { pageTexts } from '../services/pdf-text';
import { lifecycleWorker, stubPackets, tempLedger, timeSkippingEnv } from '../support/lifecycle-env';
import { keyringWith, randomKey } from '../support/codec-keys';
import { eventually } from '../support/eventually';
import { startSmtp, type ReceivedMail } from '../support/smtp';
import { preventionViewQuery, recordControlUpdate, type PreventionView } from '../../workflows/prevention-messages';

const TASK_QUEUE = 'prevention-loop';
const PAYER: [string, string] = ['MEDICARE PART B', '04412'];

const denied = (account: string, reason: [string, string], charge: number, serviceDate: string): ClaimSpec => ({
  account,
  icn: `ICN${account}`,
  status: '4',
  charge,
  paid: 0,
  serviceDate,
  adjustments: [[reason[0], reason[1], charge]],
});
const paid = (account: string, serviceDate: string): ClaimSpec => ({
  account,
  icn: `ICN${account}`,
  status: '1',
  charge: 100,
  paid: 80,
  serviceDate,
  adjustments: [['CO', '45', 20]],
});

const postgresMissing = postgresUnavailable();
if (postgresMissing) console.log(`prevention loop on PostgreSQL skipped: ${postgresMissing}`);

/** The same loop with the ledger in SQLite (the default) and in PostgreSQL (DATABASE_URL). */
const stores = [{ store: 'SQLite' }, ...(postgresMissing === undefined ? [{ store: 'PostgreSQL' }] : [])];

describe.each(stores)('prevention loop: two feeds a week apart, ledger in $store', ({ store }) => {
  let pg: TestPostgres | undefined;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let ledger: LedgerStore;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let dir: string;
  let day0: string;
  let journal: IntakeJournal;
  const claimIdKey = crypto.randomBytes(32);

  async function feed(name: string, remitDate: string, claims: ClaimSpec[], control: string) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, remittance835({ control, remitDate, trace: `EFT-${name}`, payer: PAYER, claims }));
    return ingestFile(file, { via: 'cli', dryRun: false }, {
      claimIdKey,
      deliverer: temporalDeliverer(env.client, TASK_QUEUE),
      journal,
      recordVolumes: async (vs) => void (await Promise.all(vs.map((v) => ledger.recordRemittanceVolume(v)))),
    });
  }

  const view = (id: string) => env.client.workflow.getHandle(id).query(preventionViewQuery);
  const waitFor = (id: string, ok: (v: PreventionView) => boolean) =>
    eventually(`prevention task ${id}`, async () => {
      const v = await view(id);
      return ok(v) ? v : undefined;
    });
  const mailsTo = (address: string, subject: RegExp) => smtp.received.filter((m: ReceivedMail) => m.to.includes(address) && subject.test(m.headers.subject ?? ''));

  const modifierTask = preventionKeyFor('wrong_modifier', 'coding', PAYER[1]).id;
  const eligibilityTask = preventionKeyFor('eligibility_not_verified', 'patient_access', PAYER[1]).id;
  const authorizationTask = preventionKeyFor('authorization_missing', 'patient_access', PAYER[1]).id;
  const necessityTask = preventionKeyFor('missing_medical_necessity', 'cdi_providers', PAYER[1]).id;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    smtp = await startSmtp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prevention-loop-'));
    const temp = tempLedger();
    if (store === 'PostgreSQL') {
      pg = await startTestPostgres();
      await temp.ledger.close();
      ledger = new PostgresLedgerStore(pg.url, keyringWith(randomKey('test')));
    } else {
      ledger = temp.ledger;
    }
    journal = new IntakeJournal(sqliteDatabase(openDenialsStore(temp.dataDir)), keyringWith(randomKey('journal')));
    const log = createLogger({ level: 'error' });
    const notifications = createMailNotifier({
      config: {
        from: 'Denials <denials@test.localhost>',
        teams: {
          coding: ['coding@test.localhost'],
          patient_access: ['access@test.localhost'],
          cdi_providers: ['cdi@test.localhost'],
          ar_follow_up: ['ar@test.localhost'],
        },
        supervisors: ['supervisors@test.localhost'],
        publicUrl: 'http://denials.test',
      },
      smtpUrl: smtp.url,
      sentDir: path.join(dir, 'sent'),
      log,
    });
    worker = await lifecycleWorker(env, { ledger, notifier: notifications, packets: stubPackets() }, TASK_QUEUE, {
      ...createLeakageReportActivities({ ledger, reportsDir: path.join(dir, 'reports') }),
      ...createPayerIssueActivities({ ledger, reportsDir: path.join(dir, 'reports') }),
    });
    running = worker.run();
    day0 = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await smtp?.close();
    await ledger?.close();
    await pg?.stop();
  });

  it('week 1: each preventable root cause opens a task for its owning team, which is mailed', async () => {
    const served = addDays(day0, -20);
    const report = await feed('week1.835', day0, [
      denied('A1', ['CO', '4'], 200, served),
      denied('A2', ['CO', '31'], 150, served),
      denied('A3', ['CO', '197'], 300, served),
      denied('A4', ['CO', '50'], 400, served),
      paid('A5', served),
      paid('A6', served),
      paid('A7', served),
      paid('A8', served),
    ], '0101');
    expect(report.totals).toMatchObject({ claims: 8, denials: 4, started: 4 });

    for (const id of [modifierTask, eligibilityTask, authorizationTask, necessityTask]) {
      const v = await waitFor(id, (x) => x.occurrences === 1);
      expect(v.status).toBe('open');
    }
    expect((await view(modifierTask)).control).toMatchObject({ leakPoint: 4, control: 'modifier checklist' });
    await eventually('mail to the coding team', async () => (mailsTo('coding@test.localhost', /Prevention task opened/).length === 1 ? true : undefined));
    await eventually('mail to patient access', async () => (mailsTo('access@test.localhost', /Prevention task opened/).length === 2 ? true : undefined));
  });

  it('the coding team records its control; a stale page is refused', async () => {
    const before = await view(modifierTask);
    const handle = env.client.workflow.getHandle(modifierTask);
    const stale = await handle
      .executeUpdate(recordControlUpdate, { args: [{ taskId: before.taskId, version: before.version + 5, actor: { id: 'cody', role: 'ar_specialist' }, kind: 'checklist', what: 'Modifier 25/59 checklist added to charge review' }] })
      .then(() => null, (err: Error) => err);
    expect((stale?.cause as Error | undefined)?.message).toMatch(/^Stale: the prevention task is at version/);
    const after = await handle.executeUpdate(recordControlUpdate, {
      args: [{ taskId: before.taskId, version: before.version, actor: { id: 'cody', role: 'ar_specialist' }, kind: 'checklist', what: 'Modifier 25/59 checklist added to charge review', effectiveFrom: day0 }],
    });
    expect(after.status).toBe('control_in_place');
    expect(after.controls).toEqual([expect.objectContaining({ by: 'cody', effectiveFrom: day0 })]);
  });

  it('week 2: the modifier defect comes back and reopens its task as a repeat; eligibility just counts', async () => {
    await env.sleep('7 days');
    const day7 = addDays(day0, 7);
    const report = await feed('week2.835', day7, [
      denied('B1', ['CO', '4'], 200, addDays(day0, 2)),
      denied('B2', ['CO', '31'], 150, addDays(day0, 2)),
      paid('B3', addDays(day0, 2)),
      paid('B4', addDays(day0, 2)),
    ], '0102');
    expect(report.totals).toMatchObject({ claims: 4, denials: 2, started: 2 });

    const modifier = await waitFor(modifierTask, (x) => x.occurrences === 2);
    expect(modifier).toMatchObject({ status: 'reopened', repeats: 1, taskId: `${modifierTask}#2` });
    const eligibility = await waitFor(eligibilityTask, (x) => x.occurrences === 2);
    expect(eligibility).toMatchObject({ status: 'open', repeats: 0 });
    await eventually('reopened mail to the coding team', async () => (mailsTo('coding@test.localhost', /Prevention task reopened/).length === 1 ? true : undefined));

    const board = await eventually('prevention board', async () => {
      const tasks = await ledger.preventionTasks();
      return tasks.find((t) => t.preventionId === modifierTask && t.repeats === 1) ? tasks : undefined;
    });
    expect(board.find((t) => t.preventionId === modifierTask)).toMatchObject({ status: 'reopened', occurrences: 2, totalCents: 40_000 });
  });

  it('the KPIs are the values the two feeds imply', async () => {
    const filter = { from: day0, to: addDays(day0, 7) };
    const k = await eventually('all six denials in the ledger', async () => {
      const kpis = computeKpis(await loadKpiInputs(ledger, filter), filter);
      return kpis.denials.count === 6 && kpis.prevention.occurrences === 6 ? kpis : undefined;
    });
    expect(k.volume).toEqual({ claims: 12, chargeCents: 200_000, remittances: 2 });
    expect(k.initialDenialRate.byCount).toEqual({ numerator: 6, denominator: 12, value: 0.5 });
    expect(k.initialDenialRate.byDollars.numerator).toBe(140_000);
    // Modifier, eligibility (x2), authorization are preventable; medical necessity is not.
    expect(k.preventableDenialRate).toMatchObject({ numerator: 5, denominator: 6 });
    expect(k.denialRateByCategory.modifier).toMatchObject({ numerator: 2, denominator: 12 });
    expect(k.denialRateByCategory.eligibility).toMatchObject({ numerator: 2, denominator: 12 });
    expect(k.denialRateByCategory.authorization).toMatchObject({ numerator: 1, denominator: 12 });
    expect(k.denialRateByCategory.medical_necessity).toMatchObject({ numerator: 1, denominator: 12 });
    expect(k.repeatDefectRate).toMatchObject({ numerator: 1, denominator: 6 });
    expect(k.prevention).toMatchObject({ controlsRecorded: 1, reopened: 1 });
    expect(k.openAtRisk).toMatchObject({ count: 6, totalCents: 140_000 });

    const coding = computeKpis(await loadKpiInputs(ledger, { ...filter, ownerTeam: 'coding' }), { ...filter, ownerTeam: 'coding' });
    expect(coding.denials.count).toBe(2);
    expect(coding.repeatDefectRate).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('the weekly report workflow renders the PDF with its charts and mails it to the supervisors', async () => {
    const result = await env.client.workflow.execute('leakageReportWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: `leakage-report-${crypto.randomUUID()}`,
      args: [{ from: day0, to: addDays(day0, 7) }],
    });
    expect(result).toMatchObject({ mailed: true, headline: { denials: 6, repeatDefects: 1 } });
    const mail = await eventually('report mail', async () => mailsTo('supervisors@test.localhost', /Weekly leakage report/)[0]);
    const attachment = /Content-Type: application\/pdf[^]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(mail.raw);
    expect(attachment, 'the mail carries the PDF').not.toBeNull();
    const pdf = Buffer.from(attachment![1]!.replace(/\s+/g, ''), 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(result.pages);
    const text = (await pageTexts(pdf)).join('\n');
    expect(text).toContain('50.0%');
    expect(text).toContain('16.7%');
    expect(text).not.toMatch(/NaN|undefined/);
  });
});
