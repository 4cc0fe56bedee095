// The practice's own 837 claims through the intake's three entry points: stored once under keyed ids,
// sealed at rest, reported like an 835 (readable and --json), and bad input refused naming file and
// segment with nothing lost. Real dev server, real SQLite file, the CLI as a child process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../client/ingest/intake';
import type { IngestReport } from '../../client/ingest/report';
import type { WebServer } from '../../client/web/server';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { loadConfig } from '../../runtime/config';
import { denialsStorePath } from '../../runtime/store/schema';
import { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { runCli } from '../support/cli';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { httpDeployment, inboxDeployment } from '../support/intake-deployments';
import { sampleText } from '../domain/claims/support';

const API_KEY = 'test-claims-intake-key-0123456789';
const ingest = (args: string[], env: NodeJS.ProcessEnv) => runCli('ingest.ts', args, env);
type CliJson = { ok: boolean; reports: IngestReport[]; totals: Record<string, number> };

const professional = sampleText('valid-837p.txt');
const twoClaims = sampleText('two-claims-single-provider.837i');
/** The first claim's charge unreadable: that claim quarantined, the second stored. */
const oneBadClaim = twoClaims.replace('CLM*756048Q*89.95', 'CLM*756048Q*8O.95');
const truncated = professional.slice(0, professional.indexOf('SV1*') + 8);
/** A transaction the intake does not read (a 277 or 999 goes to the claim status intake now). */
const order820 = [
  'ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*SUNRISECLINIC  *260301*0930*^*00501*000000001*0*P*:~',
  'GS*RA*ACMEHEALTH*SUNRISECLINIC*20260301*0930*1*X*005010X218~',
  'ST*820*0001*005010X218~',
  'BPR*I*100*C*ACH~',
  'TRN*3*ORDER-1~',
  'SE*4*0001~',
  'GE*1*1~',
  'IEA*1*000000001~',
].join('\n');

describe('837 claims through the intake', () => {
  let dev: DevEnv;
  let web: WebServer | undefined;
  let dir: string;
  let cliEnv: NodeJS.ProcessEnv;
  const intakes: Intake[] = [];
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    dev = await startDevEnv();
    dir = path.join(dev.config.dataDir, 'files');
    fs.mkdirSync(dir);
    cliEnv = { TEMPORAL_ADDRESS: dev.env.address, DATA_DIR: path.join(dev.config.dataDir, 'cli'), CODEC_KEYS: dev.config.CODEC_KEYS, DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY };
  });

  afterAll(async () => {
    await web?.close();
    for (const i of intakes) await i.close();
    await dev?.teardown();
  });

  it('CLI: stores each claim once, sealed; a second run says already known; --json and exit codes', async () => {
    const files = [write('claims.837', professional), write('claims.837i', twoClaims)];
    const first = await ingest([...files, '--json'], cliEnv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as CliJson;
    expect(out.totals).toMatchObject({ claimsStored: 3, claimsAlreadyKnown: 0, errors: 0 });
    const [p, i] = out.reports;
    expect(p).toMatchObject({ transaction: '837', verdict: 'accepted', totals: { claims: 1, stored: 1, claimsTotalCharge: '100.00' } });
    expect(p!.claims[0]).toMatchObject({ clp01: '26463774', status: '1', charge: '100', outcome: 'submitted', delivery: 'stored', claimId: expect.stringMatching(/^claim-[0-9a-f]{40}$/) });
    expect(i!.claims.map((c) => c.clp01)).toEqual(['756048Q', '756049Q']);

    const second = await ingest(files, cliEnv);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('claims.837: 837: 1 submitted claims (100.00 charged), 0 stored, 1 already known. Already known: nothing new.');
    expect(second.stdout).toContain('0 submitted claims stored, 3 already known');

    const config = loadConfig(cliEnv);
    const store = SubmittedClaimStore.open({ dataDir: config.dataDir, keyring: deploymentKeyring(config) });
    try {
      const stored = await store.claim(p!.claims[0]!.claimId!);
      expect(stored).toMatchObject({ patientControlNumber: '26463774', payerId: '999996666', frequency: '1', sourceFile: p!.sha256, kind: 'professional' });
      expect(stored!.original.claim[0]).toMatch(/^CLM\*26463774/);
    } finally {
      await store.close();
    }
    const database = fs.readFileSync(denialsStorePath(config.dataDir)).toString('latin1') + fs.readFileSync(`${denialsStorePath(config.dataDir)}-wal`, { flag: 'a+' }).toString('latin1');
    expect(database).not.toContain('756048Q');
    expect(database).not.toContain('NM1*IL');
  });

  it('bad input: each file named with its segment and reason, exit 1, nothing stored from a rejected file', async () => {
    const env = { ...cliEnv, DATA_DIR: path.join(dev.config.dataDir, 'cli-bad') };
    const files = [write('cut.837', truncated), write('one-bad.837i', oneBadClaim), write('notes.837', 'These are not claims.\n'), write('order.820', order820)];
    const r = await ingest(files, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^cut\.837: REJECTED, nothing stored\. .*ends in the middle of segment \d+ \(SV1\).*\(segment \d+, SV1\)/m);
    expect(r.stdout).toMatch(/^one-bad\.837i: 837: 1 submitted claims \(50\.00 charged\), 1 stored, 0 already known, 1 quarantined/m);
    expect(r.stdout).toMatch(/^ {4}756048Q, charge unreadable, set \d+, segment \d+: .*CLM02/m);
    expect(r.stdout).toMatch(/^notes\.837: REJECTED, nothing started\. No ISA or ST segment/m);
    // Another transaction type is the 835 reader's rejection, positioned like every other (the fuzzer holds the intake to that).
    expect(r.stdout).toMatch(/^order\.820: REJECTED, nothing started\. No 835 transaction set in the file \(found 820\): the intake reads 835 remittances, 837P\/837I claims and claim status files \(277, 277CA, 999\)\. \(segment \d+, IEA\)/m);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .*:\d+:\d+/);

    const json = JSON.parse((await ingest([files[1]!, files[0]!, '--json'], env)).stdout) as CliJson;
    expect(json.reports[1]).toMatchObject({ file: 'cut.837', verdict: 'rejected', totals: { stored: 0 }, claims: [] });
    const quarantined = json.reports[0]!.claims.find((c) => c.delivery === 'quarantined');
    expect(quarantined).toMatchObject({ clp01: '756048Q', outcome: 'submitted', position: { segment: expect.any(Number) } });
    expect(json.reports[0]!.findings.some((f) => f.position.segmentId === 'CLM' && f.position.file === 'one-bad.837i')).toBe(true);
  });

  it('inbox and HTTP store and report the same claims as the CLI; an 820 is refused and kept', async () => {
    const file = write('same.837i', twoClaims);
    const cli = JSON.parse((await ingest([file, '--json', '--dry-run'], cliEnv)).stdout) as CliJson;
    const essence = (r: IngestReport) => ({ transaction: r.transaction, verdict: r.verdict, sha256: r.sha256, claims: r.claims.map(({ delivery: _d, ...rest }) => rest) });
    const { intake: inboxIntake, folders, watcher } = inboxDeployment(dev, cliEnv, 'inbox-deployment');
    intakes.push(inboxIntake);
    fs.copyFileSync(file, path.join(folders.inbox, 'same.837i'));
    fs.writeFileSync(path.join(folders.inbox, 'order.820'), order820);
    expect(await watcher.scan()).toEqual([]);
    const scanned = await watcher.scan();
    const fromInbox = scanned.find((r) => r.file === 'same.837i');
    expect(fs.readdirSync(folders.inbox)).toEqual([]);
    expect(fromInbox).toMatchObject({ transaction: '837', totals: { stored: 2 } });
    expect(scanned.find((r) => r.file === 'order.820')).toMatchObject({ verdict: 'rejected', findings: [expect.objectContaining({ message: expect.stringContaining('(found 820)') })] });
    expect(fs.readdirSync(folders.rejected).some((n) => n.endsWith('_order.820'))).toBe(true);

    const http = await httpDeployment(dev, cliEnv, 'http-deployment', API_KEY, 100_000);
    intakes.push(http.intake);
    web = http.web;
    const base = http.base;
    const post = async (name: string, body: string) => {
      const posted = await fetch(`${base}/api/remittances`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'x-file-name': name }, body });
      expect(posted.status).toBe(202);
      const { reportId } = (await posted.json()) as { reportId: string };
      for (;;) {
        const r = await fetch(`${base}/api/remittances/${reportId}`, { headers: { authorization: `Bearer ${API_KEY}` } });
        if (r.status !== 202) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    const done = await post('same.837i', twoClaims);
    expect(done.status).toBe(200);
    const fromHttp = (await done.json()) as IngestReport;
    expect(fromHttp.totals.stored).toBe(2);
    expect(essence(fromHttp)).toEqual(essence(cli.reports[0]!));
    expect(essence((await inboxIntake.report(fromInbox!.reportId))!)).toEqual(essence(cli.reports[0]!));

    const refused = await post('order.820', order820);
    expect(refused.status).toBe(200);
    expect((await refused.json()) as IngestReport).toMatchObject({ verdict: 'rejected', findings: [expect.objectContaining({ message: expect.stringContaining('No 835 transaction set in the file (found 820)') })] });
  });
});
