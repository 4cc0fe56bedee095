// The three entry points run one pipeline: the CLI, the inbox folder and POST /api/remittances report the
// same claims for the same file. Runs on a real dev server with the product's worker.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../client/ingest/intake';
import type { IngestReport } from '../../client/ingest/report';
import type { WebServer } from '../../client/web/server';
import { deniedRemittance } from '../fixtures/remittances';
import { runCli } from '../support/cli';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { httpDeployment, inboxDeployment } from '../support/intake-deployments';
import { freePort } from '../support/ports';

const API_KEY = 'test-intake-key-0123456789';

const ingest = (args: string[], env: NodeJS.ProcessEnv) => runCli('ingest.ts', args, env);

/** What must not depend on the entry point. */
function essence(r: IngestReport) {
  return {
    verdict: r.verdict,
    sha256: r.sha256,
    totals: { claims: r.totals.claims, denials: r.totals.denials, warnings: r.totals.warnings, errors: r.totals.errors },
    findings: r.findings.map((f) => f.code),
    claims: r.claims.map(({ delivery: _d, ...rest }) => rest),
  };
}

describe('intake entry points', () => {
  let dev: DevEnv;
  let web: WebServer;
  let file: string;
  let cliEnv: NodeJS.ProcessEnv;
  const intakes: Intake[] = [];

  beforeAll(async () => {
    dev = await startDevEnv();
    file = path.join(dev.config.dataDir, 'denied.835');
    fs.writeFileSync(file, deniedRemittance);
    cliEnv = {
      TEMPORAL_ADDRESS: dev.env.address,
      DATA_DIR: path.join(dev.config.dataDir, 'cli'),
      CODEC_KEYS: dev.config.CODEC_KEYS,
      DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY,
    };
  });

  afterAll(async () => {
    await web?.close();
    for (const i of intakes) await i.close();
    await dev?.teardown();
  });

  it('CLI: summary, JSON with each claim, a second run starts nothing new, exit codes', async () => {
    const first = await ingest([file, '--json'], cliEnv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as { ok: boolean; totals: { started: number }; reports: IngestReport[] };
    expect(out.totals.started).toBe(1);
    const claim = out.reports[0]!.claims[0]!;
    expect(claim).toMatchObject({ clp01: 'ACCT-1001', status: '4', charge: '240', paid: '0', denial: true });
    expect(claim.adjustments).toEqual([{ level: 'line', line: 1, group: 'CO', reason: '50', amount: '240' }]);
    expect(claim.why.length).toBeGreaterThan(0);

    const second = await ingest([file], cliEnv);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Already ingested: nothing new.');
    expect(second.stdout).toContain('0 workflows started');

    const missing = await ingest([path.join(dev.config.dataDir, 'nope.835')], cliEnv);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.835: no such file or folder');

    const usage = await ingest([], cliEnv);
    expect(usage.code).toBe(2);
  });

  it('CLI --dry-run needs no Temporal and records nothing', async () => {
    const dataDir = path.join(dev.config.dataDir, 'dry');
    const r = await ingest([file, '--dry-run', '--json'], { DATA_DIR: dataDir, TEMPORAL_ADDRESS: '', TEMPORAL_PORT: String(await freePort()) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { reports: IngestReport[] };
    expect(out.reports[0]!.claims[0]!.delivery).toBe('dry-run');
    expect(fs.existsSync(path.join(dataDir, 'denials.sqlite'))).toBe(false);
  });

  it('inbox and HTTP produce the same report as the CLI for the same file', async () => {
    const cli = JSON.parse((await ingest([file, '--json', '--dry-run'], cliEnv)).stdout) as { reports: IngestReport[] };
    // inbox, on its own data folder
    const { intake: inboxIntake, folders, watcher } = inboxDeployment(dev, cliEnv, 'inbox-deployment');
    intakes.push(inboxIntake);
    fs.copyFileSync(file, path.join(folders.inbox, 'denied.835'));
    expect(await watcher.scan()).toEqual([]); // first sight: waits for the size to settle
    const [fromInbox] = await watcher.scan();
    expect(fs.readdirSync(folders.inbox)).toEqual([]);
    expect(fs.readdirSync(folders.processed).some((n) => n.endsWith('_denied.835'))).toBe(true);
    expect(fs.readdirSync(folders.processed).some((n) => n.endsWith('_denied.835.report.json'))).toBe(true);

    // HTTP, on another
    const http = await httpDeployment(dev, cliEnv, 'http-deployment', API_KEY, 10_000);
    intakes.push(http.intake);
    web = http.web;
    const base = http.base;

    const unauthorized = await fetch(`${base}/api/remittances`, { method: 'POST', body: deniedRemittance });
    expect(unauthorized.status).toBe(401);
    const tooBig = await fetch(`${base}/api/remittances`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` }, body: 'x'.repeat(20_000) });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { message: string }).message).toMatch(/limit \(INTAKE_MAX_BYTES\)/);
    const empty = await fetch(`${base}/api/remittances`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` }, body: '' });
    expect(empty.status).toBe(400);

    const accepted = await fetch(`${base}/api/remittances`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'x-file-name': 'denied.835' },
      body: deniedRemittance,
    });
    expect(accepted.status).toBe(202);
    const { reportId } = (await accepted.json()) as { reportId: string };
    let fromHttp: (IngestReport & { status: string }) | undefined;
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${base}/api/remittances/${reportId}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      if (r.status === 200) {
        fromHttp = (await r.json()) as IngestReport & { status: string };
        break;
      }
      expect(r.status).toBe(202);
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(fromHttp?.status).toBe('done');

    // The inbox holds only a summary while it works; its whole report is the one it saved.
    expect(essence((await inboxIntake.report(fromInbox!.reportId))!)).toEqual(essence(cli.reports[0]!));
    expect(essence(fromHttp!)).toEqual(essence(cli.reports[0]!));
    expect(fromInbox!.via).toBe('inbox');
    expect(fromHttp!.via).toBe('http');
  });
});
