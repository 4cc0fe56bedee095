// `denials status-inquiry` against a real dev server with the product's worker and the real SQLite claim
// store, the CLI as a child process: the 276 about a matched claim and about a denial with none, owner-only,
// valid, addressed from the configured trading partner; a refusal exits 1 and writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, type Intake } from '../../client/ingest/intake';
import { validate276 } from '../../domain/claim-status';
import { submitted837 } from '../fixtures/claims-837';
import { daysFromNow } from '../fixtures/remittances';
import { runCli } from '../support/cli';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { ingestClaims } from '../web/support/work-app';

const serviceDate = daysFromNow(-40);
const denied = (account: string) => ({ account, icn: `ICN-${account}`, status: '4', charge: 100, paid: 0, serviceDate, adjustments: [['CO', '16', 100]] as [string, string, number][] });
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli('denial.ts', ['status-inquiry', ...args], env);
const segments = (text: string) => text.split('~\n').filter(Boolean);

interface Written {
  ok: true;
  file: string;
  traceNumber: string;
  controlNumber: number;
  claimId?: string;
  senderId: string;
  receiverId: string;
}

describe('denials status-inquiry', () => {
  let dev: DevEnv;
  let intake: Intake;
  let env: NodeJS.ProcessEnv;
  const out = (name: string) => path.join(dev.config.dataDir, name);

  beforeAll(async () => {
    dev = await startDevEnv();
    intake = createIntake(dev.config, dev.client, () => undefined);
    env = { TEMPORAL_ADDRESS: dev.env.address, DATA_DIR: dev.config.dataDir, CODEC_KEYS: dev.config.CODEC_KEYS, DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY };
  });

  afterAll(async () => {
    await intake?.close();
    await dev?.teardown();
  });

  it('writes the validated 276 about the matched claim, owner-only, from the trading partner to the payer', async () => {
    const claimFile = out('s1.837');
    fs.writeFileSync(claimFile, submitted837({ account: 'S-1', serviceDate }));
    const claim = (await intake.ingest(claimFile, { via: 'cli', dryRun: false })).claims[0]!;
    const workflowId = (await ingestClaims({ dev, intake }, 's1.835', [denied('S-1')])).claims[0]!.workflowId!;

    const file = out('s1.276');
    const r = await cli([workflowId, '--out', file, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = JSON.parse(r.stdout) as Written;
    // The embedded default: trading partner local, and the payer id of the denial as the receiver.
    expect(written).toMatchObject({ ok: true, file, traceNumber: workflowId, claimId: claim.claimId, senderId: 'local', receiverId: '04412' });
    expect(r.stdout).not.toMatch(/S-1|SMITH|JS00111223333/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(validate276(text, file)).toEqual([]);
    const lines = segments(text);
    expect(lines[1]).toMatch(new RegExp(`^GS\\*HR\\*local\\*04412\\*\\d{8}\\*\\d{4}\\*${written.controlNumber}\\*X\\*005010X212$`));
    expect(lines).toEqual(expect.arrayContaining([`TRN*1*${workflowId}`, 'REF*1K*ICN-S-1', 'REF*EJ*S-1', 'NM1*IL*1*SMITH*JANE****MI*JS00111223333', 'NM1*QC*1*SMITH*TED']));

    const human = await cli([workflowId, '--out', file], { ...env, CLEARINGHOUSE_TRADING_PARTNER: 'TP000123', CLEARINGHOUSE_RECEIVER_ID: 'CLEARHOUSE01' });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^Wrote the status inquiry \\(276\\) about the submitted claim ${claim.claimId} to .*s1\\.276 \\(control number ${written.controlNumber + 1}, trace number ${workflowId}, from TP000123 to CLEARHOUSE01\\)`),
    );
    expect(segments(fs.readFileSync(file, 'utf8'))[1]).toMatch(/^GS\*HR\*TP000123\*CLEARHOUSE01\*/);
  });

  it("builds it from the denial's own fields when no submitted claim matches", async () => {
    const workflowId = (await ingestClaims({ dev, intake }, 's2.835', [denied('S-2')])).claims[0]!.workflowId!;
    const file = out('s2.276');
    const r = await cli([workflowId, '--out', file, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(r.stdout) as Written;
    expect(written.claimId).toBeUndefined();
    const text = fs.readFileSync(file, 'utf8');
    expect(validate276(text, file)).toEqual([]);
    // The patient and payer as the 835 named them, the sample organization's provider.
    expect(segments(text)).toEqual(expect.arrayContaining(['NM1*PR*2*MEDICARE PART B*****PI*04412', 'NM1*IL*1*DOE*JANE****MI*1EG4TE5MK72', 'NM1*1P*2*Sample Clinic*****XX*1234567893', 'REF*EJ*S-2']));
    const human = await cli([workflowId, '--out', file], env);
    expect(human.stdout).toMatch(/about the denial's own fields \(no matched submitted claim\)/);
  });

  it('refuses with the reason and exit 1, writing nothing; a missing --out is a usage error', async () => {
    const workflowId = (await ingestClaims({ dev, intake }, 's3.835', [denied('S-3')])).claims[0]!.workflowId!;
    const file = out('s3.276');
    const tooLong = { ...env, CLEARINGHOUSE_TRADING_PARTNER: 'TP-0000000000000123' };
    const refused = await cli([workflowId, '--out', file], tooLong);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Not written: CLEARINGHOUSE_TRADING_PARTNER is longer than the 15 characters of an interchange sender id \(ISA06\)\./);
    const refusedJson = await cli([workflowId, '--out', file, '--json'], tooLong);
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.stdout)).toEqual({ ok: false, error: expect.stringContaining('CLEARINGHOUSE_TRADING_PARTNER') });
    expect(fs.existsSync(file)).toBe(false);

    const badSetting = await cli([workflowId, '--out', file], { ...env, CLEARINGHOUSE_KIND: 'ftp' });
    expect(badSetting.code).not.toBe(0);
    expect(badSetting.stderr).toContain('CLEARINGHOUSE_KIND="ftp": expected CLEARINGHOUSE_KIND as folder or sftp');

    const usage = await cli([workflowId], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/status-inquiry needs a workflow id and --out <file\.276>/);
  });
});
