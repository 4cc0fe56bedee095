// Claim status answers (277, 277CA, 999) through the intake to the denials they are about, as the
// claimStatus signal: real dev server with the product's worker, real denial workflows started by an 835,
// the real SQLite store. The signal is checked where it lands: the workflow's history, decoded.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, type Intake } from '../../client/ingest/intake';
import type { IngestReport } from '../../client/ingest/report';
import type { WebServer } from '../../client/web/server';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { ack277CA, ack999, status277 } from '../fixtures/claim-status-files';
import { fixturePatient, remittance835 } from '../fixtures/remittances';
import { runCli } from '../support/cli';
import { claimStatusSignals } from '../support/claim-status-signals';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { httpDeployment, inboxDeployment } from '../support/intake-deployments';

const API_KEY = 'test-claim-status-key-0123456789';
const PAYER = '04412';
const denial = (account: string, icn: string) => ({ account, icn, status: '4', charge: 240, paid: 0, serviceDate: '2026-01-10', adjustments: [['CO', '50', 240]] as [string, string, number][] });
/** Five denials: A by trace number, B by patient control number (277CA), C by the 837 it sent (999), D closed, and two sharing ACCT-5005. */
const denials835 = remittance835({
  remitDate: '2026-03-02',
  trace: 'EFT5001',
  claims: [denial('ACCT-1001', '2026061000101'), denial('ACCT-2002', '2026061000202'), denial('ACCT-3003', '2026061000303'), denial('ACCT-4004', '2026061000404'), denial('ACCT-5005', '2026061000505'), denial('ACCT-5005', '2026061000506')],
});

describe('claim status intake on the dev server', () => {
  let dev: DevEnv;
  let intake: Intake;
  let dir: string;
  let web: WebServer | undefined;
  const intakes: Intake[] = [];
  const ids: Record<string, string> = {};
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const ingest = (file: string) => intake.ingest(file, { via: 'cli', dryRun: false });

  const statusSignals = (workflowId: string) => claimStatusSignals(dev.client, workflowId);

  beforeAll(async () => {
    dev = await startDevEnv();
    intake = createIntake(dev.config, dev.client, () => undefined);
    dir = path.join(dev.config.dataDir, 'files');
    fs.mkdirSync(dir);
    const started = await ingest(write('denials.835', denials835));
    expect(started.totals.started).toBe(6);
    for (const c of started.claims) ids[c.payerClaimControlNumber!.slice(-3)] = c.workflowId!;
    // The 837 denial C sent, as the send activity records it.
    const store = SubmittedClaimStore.open({ dataDir: dev.config.dataDir, keyring: deploymentKeyring(dev.config) });
    try {
      await store.recordSentFile({ fileName: 'corrected-0042.837', workflowId: ids['303']!, kind: '837', controlNumber: 42, sha256: 'ab'.repeat(32), sentAt: '2026-03-03T10:00:00Z' });
    } finally {
      await store.close();
    }
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    for (const i of intakes) await i.close();
    await intake?.close();
    await dev?.teardown();
  });

  it('277: TRN*2 names the denial; one that names none is reported unmatched, one under two denials ambiguous; a second delivery signals nothing', async () => {
    const file = write('status.277', status277(PAYER, [
      { trace: ids['101']!, stc: 'F2:88', account: 'ACCT-1001' },
      { trace: 'PAYER-TRACE-77', stc: 'A4', account: 'ACCT-9999' },
      { trace: 'PAYER-TRACE-78', stc: 'P1', account: 'ACCT-5005' },
    ]));
    const first = await ingest(file);
    expect(first).toMatchObject({ transaction: '277', verdict: 'accepted', totals: { answers: 3, signaled: 1, unmatched: 1, ambiguous: 1 } });
    expect(first.answers).toEqual([
      expect.objectContaining({ delivery: 'signaled', workflowId: ids['101'], matchedBy: 'trace-number', classification: 'denied', categoryCode: 'F2', statusCode: '88', position: { set: '0001', segment: 14 } }),
      expect.objectContaining({ delivery: 'unmatched', classification: 'not-found', reason: 'no denial has this payer and patient control number', position: { set: '0001', segment: 20 } }),
      expect.objectContaining({ delivery: 'ambiguous', candidates: 2, position: { set: '0001', segment: 26 } }),
    ]);
    const [signal, ...more] = await statusSignals(ids['101']!);
    expect(more).toEqual([]);
    expect(signal).toEqual({ eventKey: expect.stringMatching(/^[0-9a-f]{40}$/), source: '277', classification: 'denied', categoryCode: 'F2', statusCode: '88', explanation: 'F2: Finalized/Denial; 88: Entity not eligible for benefits for submitted dates of service.', effectiveDate: '2026-03-05' });

    const again = await ingest(file);
    expect(again).toMatchObject({ alreadyIngested: true, totals: { signaled: 0, duplicates: 1, unmatched: 1, ambiguous: 1 } });
    expect(await statusSignals(ids['101']!)).toHaveLength(1);
    const text = JSON.stringify([first, again]);
    for (const phi of ['ACCT-', fixturePatient.memberId, fixturePatient.lastName, 'PAYER-TRACE']) expect(text).not.toContain(phi);
  });

  it('277CA: TRN*2 (CLM01) and the payer lead to the denial; a rejection arrives as rejected', async () => {
    const report = await ingest(write('ack.277ca', ack277CA(PAYER, [{ account: 'ACCT-2002', stc: 'A7:562:85' }])));
    expect(report).toMatchObject({ transaction: '277CA', verdict: 'accepted', totals: { answers: 1, signaled: 1 } });
    expect(report.answers![0]).toMatchObject({ delivery: 'signaled', workflowId: ids['202'], matchedBy: 'patient-control-number', classification: 'rejected', categoryCode: 'A7' });
    expect(await statusSignals(ids['202']!)).toEqual([expect.objectContaining({ source: '277CA', classification: 'rejected', categoryCode: 'A7', statusCode: '562', effectiveDate: '2026-03-06' })]);
    expect(JSON.stringify(report)).not.toContain('ACCT-2002');
  });

  it('999: the rejected set names the 837 the denial sent; a set we never sent is unmatched', async () => {
    const report = await ingest(write('ack.999', ack999([{ control: '0042', result: 'R' }, { control: '0777', result: 'A' }])));
    expect(report).toMatchObject({ transaction: '999', totals: { answers: 2, signaled: 1, unmatched: 1 } });
    expect(report.answers).toEqual([
      expect.objectContaining({ delivery: 'signaled', workflowId: ids['303'], matchedBy: 'control-number', classification: 'rejected' }),
      expect.objectContaining({ delivery: 'unmatched', reason: 'no 837 this product sent has control number 777' }),
    ]);
    const [signal] = await statusSignals(ids['303']!);
    expect(signal).toMatchObject({ source: '999', classification: 'rejected', categoryCode: 'R', answersFile: 'corrected-0042.837' });
    expect(signal!.explanation).toMatch(/^Transaction set 837 0042 was rejected/);
    expect(JSON.stringify(report)).not.toContain('ACCT-3003');
  });

  it('a closed denial is counted closed, not failed', async () => {
    await dev.client.workflow.getHandle(ids['404']!).terminate('test: the denial closed');
    const report = await ingest(write('closed.277', status277(PAYER, [{ trace: ids['404']!, stc: 'F1:65' }])));
    expect(report).toMatchObject({ verdict: 'accepted', totals: { answers: 1, closed: 1, signaled: 0 } });
    expect(report.answers![0]).toMatchObject({ delivery: 'closed', workflowId: ids['404'] });
  });

  it('an answer that does not make a valid status report is refused and counted as an error, nothing sent', async () => {
    const report = await ingest(write('odd.277', status277(PAYER, [{ trace: ids['101']!, stc: 'F2ZZ:88' }], 905)));
    expect(report).toMatchObject({ verdict: 'accepted', totals: { answers: 1, signaled: 0, errors: 1 } });
    expect(report.answers![0]).toMatchObject({ delivery: 'refused', workflowId: ids['101'], reason: expect.stringMatching(/^not a valid claim status report \(categoryCode: .*\); nothing was sent$/) });
    expect(await statusSignals(ids['101']!)).toHaveLength(1);
  });

  it('a garbled 277 and a file that is not X12 are rejected with positions, nothing signaled', async () => {
    const good = status277(PAYER, [{ trace: ids['101']!, stc: 'F4:65' }]);
    const garbled = await ingest(write('cut.277', good.slice(0, good.indexOf('STC*') + 9)));
    expect(garbled).toMatchObject({ transaction: '277', verdict: 'rejected', answers: [], totals: { answers: 0, signaled: 0 } });
    expect(garbled.findings[0]).toMatchObject({ severity: 'envelope', code: 'envelope-structure', position: { file: 'cut.277', segment: 14, segmentId: 'STC' } });
    const notX12 = await ingest(write('notes.277', 'Claim status: see attached.\n'));
    expect(notX12).toMatchObject({ verdict: 'rejected', findings: [expect.objectContaining({ position: expect.objectContaining({ segment: expect.any(Number) }) })] });
    expect(await statusSignals(ids['101']!)).toHaveLength(1);
  });

  it('CLI (readable and --json), inbox and HTTP run the same claim status intake', async () => {
    const file = write('cli.277', status277(PAYER, [{ trace: ids['505']!, stc: 'P1', account: 'ACCT-5005' }, { trace: 'UNKNOWN-1', stc: 'A4', account: 'ACCT-8888' }], 911));
    const env = { TEMPORAL_ADDRESS: dev.env.address, DATA_DIR: dev.config.dataDir, CODEC_KEYS: dev.config.CODEC_KEYS, DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY };
    const readable = await runCli('ingest.ts', [file], env);
    expect(readable.stderr).toBe('');
    expect(readable.code).toBe(0);
    expect(readable.stdout).toContain('cli.277: 277: 2 answers, 1 signaled, 0 duplicates, 1 matched no denial.');
    expect(readable.stdout).toContain(`277 set 0001, segment 14: pended (P1) → ${ids['505']} (by trace number), signaled.`);
    expect(readable.stdout).toMatch(/277 set 0001, segment 20: not-found \(A4\), matched no denial: no denial has this payer and patient control number\./);
    const json = JSON.parse((await runCli('ingest.ts', [file, '--json'], env)).stdout) as { reports: IngestReport[]; totals: Record<string, number> };
    expect(json.reports[0]).toMatchObject({ transaction: '277', alreadyIngested: true, totals: { duplicates: 1, unmatched: 1 }, answers: [expect.objectContaining({ delivery: 'duplicate', workflowId: ids['505'] }), expect.objectContaining({ delivery: 'unmatched' })] });
    expect(json.totals).toMatchObject({ statusAnswers: 2, statusUnmatched: 1 });
    expect(`${readable.stdout}${JSON.stringify(json)}`).not.toContain('ACCT-');
    const dry = await runCli('ingest.ts', [file, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('cli.277: 277: 2 answers, dry run: nothing signaled.');
    expect(dry.stdout).toContain('dry run, not looked up');

    // The inbox and HTTP deployments keep their own stores and journals: the trace number still names the
    // denial on the shared server (the same event key again, which the workflow drops); ACCT-8888 matches none.
    const inbox = inboxDeployment(dev, env, 'inbox-deployment');
    intakes.push(inbox.intake);
    fs.copyFileSync(file, path.join(inbox.folders.inbox, 'cli.277'));
    expect(await inbox.watcher.scan()).toEqual([]);
    const [fromInbox] = await inbox.watcher.scan();
    expect(fromInbox).toMatchObject({ transaction: '277', verdict: 'accepted', totals: { answers: 2, signaled: 1, unmatched: 1 } });
    const kept = fs.readdirSync(inbox.folders.processed);
    expect(kept.some((n) => n.endsWith('_cli.277.error.txt'))).toBe(true);
    const errorText = inbox.intake.files.read(path.join(inbox.folders.processed, kept.find((n) => n.endsWith('.error.txt'))!)).toString();
    expect(errorText).toContain('Answers that reached no denial:');
    expect(errorText).not.toContain('ACCT-');

    const http = await httpDeployment(dev, env, 'http-deployment', API_KEY, 100_000);
    intakes.push(http.intake);
    web = http.web;
    const posted = await fetch(`${http.base}/api/remittances`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'x-file-name': 'cli.277' }, body: fs.readFileSync(file) });
    expect(posted.status).toBe(202);
    const { reportId } = (await posted.json()) as { reportId: string };
    let done: Response;
    for (;;) {
      done = await fetch(`${http.base}/api/remittances/${reportId}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      if (done.status !== 202) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(done.status).toBe(200);
    const fromHttp = (await done.json()) as IngestReport;
    expect(fromHttp).toMatchObject({ transaction: '277', totals: { answers: 2 } });
    expect(fromHttp.answers?.map((a) => a.position)).toEqual(json.reports[0]!.answers!.map((a) => a.position));
  });
});
