// Issue #12, PHI at rest: an 835 names patients (NM1*QC: name, member id) and their account numbers
// (CLP01). What the intake keeps of one - the processed or rejected file, its report and error file, an
// HTTP upload, the report in the intake journal - is encrypted with the codec key ring, and the intake
// still reads it (the same file dropped again is recognised by its plaintext sha256).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { InboxWatcher, inboxFolders } from '../../client/ingest/inbox';
import { createIntake } from '../../client/ingest/intake';
import type { IngestReport } from '../../client/ingest/report';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { isSealedText } from '../../runtime/at-rest/sealed-text';
import { denialsStorePath } from '../../runtime/store/schema';
import { fixturePatient, malformedClaimsRemittance } from '../fixtures/remittances';
import { startProductApp } from '../web/support/test-app';

const CLEAR = [fixturePatient.lastName, fixturePatient.memberId, 'ACCT-1001', 'ACCT-2002'];
const API_KEY = 'test-intake-key-0123456789';

function inClear(file: string): string[] {
  const bytes = fs.readFileSync(file);
  return CLEAR.filter((v) => bytes.includes(v));
}

/** What of the journal's report rows is in clear: each body must be sealed (its random ciphertext is left
 *  out of the search: a three-letter name turns up in a few kB of base64 about once in a hundred runs). */
function reportRowsInClear(dataDir: string): string[] {
  const db = new Database(denialsStorePath(dataDir), { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM intake_reports').all() as { body: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(isSealedText(r.body)).toBe(true);
    const text = JSON.stringify(rows.map(({ body: _sealed, ...clear }) => clear));
    return CLEAR.filter((v) => text.includes(v));
  } finally {
    db.close();
  }
}

describe('835 files at rest', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'remittances-at-rest-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('inbox: the processed 835, its report and error file are not in clear, and the intake still reads them', async () => {
    const dataDir = path.join(root, 'inbox-node');
    const intake = createIntake(loadConfig({ DATA_DIR: dataDir, DENIAL_ID_KEY: Buffer.alloc(32, 9).toString('base64') }), undefined, () => undefined);
    const folders = inboxFolders(dataDir);
    const watcher = new InboxWatcher(folders, intake, createLogger({ level: 'error' }), 0);
    fs.writeFileSync(path.join(folders.inbox, 'remit.835'), malformedClaimsRemittance);
    await watcher.scan();
    const [first] = await watcher.scan();
    expect(first?.totals.quarantined).toBe(2);

    const kept = fs.readdirSync(folders.processed);
    expect(kept.some((f) => f.endsWith('.report.json'))).toBe(true);
    expect(kept.some((f) => f.endsWith('.error.txt'))).toBe(true);
    for (const f of kept) expect({ f, clear: inClear(path.join(folders.processed, f)) }).toEqual({ f, clear: [] });
    expect(reportRowsInClear(dataDir)).toEqual([]);
    expect((await intake.report(first!.reportId))?.claims.map((c) => c.clp01)).toEqual(['ACCT-1001', 'ACCT-2002', 'ACCT-3003']);

    // The kept file, dropped in again: read through its encryption, the same plaintext (sha256).
    const processed = kept.find((f) => f.endsWith('remit.835'))!;
    fs.copyFileSync(path.join(folders.processed, processed), path.join(folders.inbox, 'again.835'));
    await watcher.scan();
    const [again] = await watcher.scan();
    expect(again?.sha256).toBe(first!.sha256);
    expect(again?.totals.claims).toBe(first!.totals.claims);
    await intake.close();
  });

  it('HTTP: the uploaded 835 is not in clear in uploads/, and its report is served in full', async () => {
    const dataDir = path.join(root, 'http-node');
    const app = await startProductApp(dataDir, { legacyIntakeKeys: [API_KEY] });
    try {
      const posted = await fetch(`${app.base}/api/remittances`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'x-file-name': 'remit.835' },
        body: malformedClaimsRemittance,
      });
      expect(posted.status).toBe(202);
      const { reportId } = (await posted.json()) as { reportId: string };
      let report: IngestReport & { status: string };
      for (;;) {
        const r = await fetch(`${app.base}/api/remittances/${reportId}`, { headers: { authorization: `Bearer ${API_KEY}` } });
        report = (await r.json()) as IngestReport & { status: string };
        if (report.status === 'done') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(report.verdict).toBe('accepted');
      expect(report.claims.map((c) => c.clp01)).toEqual(['ACCT-1001', 'ACCT-2002', 'ACCT-3003']);

      const uploads = fs.readdirSync(path.join(dataDir, 'uploads'));
      expect(uploads).toHaveLength(1);
      expect(inClear(path.join(dataDir, 'uploads', uploads[0]!))).toEqual([]);
      expect(reportRowsInClear(dataDir)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
