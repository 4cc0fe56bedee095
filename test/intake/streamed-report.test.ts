// Issue #15: reports are written a claim line at a time, and still whole. `ingest --json` over several
// files, one with quarantined claims, prints one JSON document whose every report is a valid IngestReport
// listing each claim; the intake's saved report (and the inbox's copy of it) is sealed, owner-only and
// complete, while the entry points keep only the summary and the quarantined claims in memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRemittance } from '../../bench/remittance-generator';
import { InboxWatcher, inboxFolders } from '../../client/ingest/inbox';
import { createIntake, type Intake } from '../../client/ingest/intake';
import { IngestReport } from '../../client/ingest/report';
import { summaryOnly } from '../../client/ingest/report-stream';
import { isSealed } from '../../runtime/at-rest/sealed-bytes';
import { createRemittancesApi } from '../../client/web/remittances-api';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { malformedClaimsRemittance } from '../fixtures/remittances';
import { runCli } from '../support/cli';

const GENERATED_CLAIMS = 300;
const ownerOnly = (file: string) => fs.statSync(file).mode & 0o777;

describe('streamed reports', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'streamed-report-'));
  const generated = path.join(root, 'generated.835');
  const malformed = path.join(root, 'malformed.835');
  let intake: Intake;

  beforeAll(async () => {
    await generateRemittance(generated, { claims: GENERATED_CLAIMS, linesPerClaim: 2, claimsPerSet: 100, seed: 15 });
    fs.writeFileSync(malformed, malformedClaimsRemittance);
    intake = createIntake(loadConfig({ DATA_DIR: path.join(root, 'data'), DENIAL_ID_KEY: Buffer.alloc(32, 9).toString('base64') }), undefined, () => undefined);
  });
  afterAll(async () => {
    await intake?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('--json: one document, each report complete and valid, quarantined claims listed, totals unchanged', async () => {
    const r = await runCli('ingest.ts', ['--dry-run', '--json', generated, malformed], { DATA_DIR: path.join(root, 'cli-data') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // the quarantined claims are errors
    const out = JSON.parse(r.stdout) as { ok: boolean; dryRun: boolean; totals: Record<string, number>; errors: string[]; reports: unknown[] };
    const [big, bad] = out.reports.map((x) => IngestReport.parse(x));
    expect(big!.claims).toHaveLength(GENERATED_CLAIMS);
    expect(big!.totals.claims).toBe(GENERATED_CLAIMS);
    expect(bad!.claims.map((c) => [c.clp01, c.delivery])).toEqual([
      ['ACCT-1001', 'dry-run'],
      ['ACCT-2002', 'quarantined'],
      ['ACCT-3003', 'quarantined'],
    ]);
    expect(bad!.totals).toMatchObject({ claims: 1, denials: 1, quarantined: 2, errors: 2 });
    expect(out).toMatchObject({ ok: true, dryRun: true, errors: [] });
    expect(out.totals).toMatchObject({ files: 2, accepted: 2, claims: GENERATED_CLAIMS + 1, quarantined: 2, errors: 2 });
  });

  it('the saved report is sealed, owner-only and whole; the caller keeps only the quarantined claims', async () => {
    const summary = await intake.ingest(malformed, { via: 'cli', dryRun: false }, undefined, summaryOnly);
    expect(summary.claims.map((c) => c.clp01)).toEqual(['ACCT-2002', 'ACCT-3003']);
    const saved = intake.savedReport(summary.reportId)!;
    expect(isSealed(fs.readFileSync(saved))).toBe(true);
    expect(ownerOnly(saved)).toBe(0o600);
    expect(ownerOnly(path.dirname(saved))).toBe(0o700);
    const whole = (await intake.report(summary.reportId))!;
    expect(whole.claims.map((c) => [c.clp01, c.delivery])).toEqual([
      ['ACCT-1001', 'dry-run'], // no Temporal client: nothing to deliver to
      ['ACCT-2002', 'quarantined'],
      ['ACCT-3003', 'quarantined'],
    ]);
    expect(whole.totals).toEqual(summary.totals);
    expect((await intake.reportSummary(summary.reportId))!.claims).toHaveLength(2);
  });

  it('without a sink, ingest still returns every claim line (and saves the same report)', async () => {
    const r = await intake.ingest(generated, { via: 'cli', dryRun: false });
    expect(r.claims).toHaveLength(GENERATED_CLAIMS);
    expect((await intake.report(r.reportId))!.claims).toEqual(r.claims);
  });

  it('GET /api/remittances/:id returns a report over the size limit as its summary, saying so', async () => {
    const summary = await intake.ingest(malformed, { via: 'http', dryRun: false }, undefined, summaryOnly);
    const api = createRemittancesApi({ intake, uploadsDir: path.join(root, 'uploads'), maxBytes: 10_000, log: createLogger({ level: 'error' }), wholeReportMaxBytes: 0 });
    const get = api.routes.find((r) => r.method === 'GET')!;
    const body = get.response!.parse(await get.handler({ params: { reportId: summary.reportId } } as never)) as IngestReport & { claimsListed?: string };
    expect(body.claimsListed).toBe('quarantined');
    expect(body.claims.map((c) => c.clp01)).toEqual(['ACCT-2002', 'ACCT-3003']);
    expect(body.totals).toEqual(summary.totals);
  });

  it('the inbox keeps a sealed, owner-only copy of the whole report beside the 835', async () => {
    const dataDir = path.join(root, 'data');
    const folders = inboxFolders(dataDir);
    const watcher = new InboxWatcher(folders, intake, createLogger({ level: 'error' }), 0);
    fs.copyFileSync(malformed, path.join(folders.inbox, 'remit.835'));
    await watcher.scan();
    const [report] = await watcher.scan();
    const copy = path.join(folders.processed, fs.readdirSync(folders.processed).find((f) => f.endsWith('.report.json'))!);
    expect(ownerOnly(copy)).toBe(0o600);
    const text = intake.files.read(copy).toString('utf8');
    const parsed = IngestReport.parse(JSON.parse(text));
    expect(parsed.reportId).toBe(report!.reportId);
    expect(parsed.claims).toHaveLength(3);
  });
});
