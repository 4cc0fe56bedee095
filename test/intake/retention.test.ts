// Retention of what the intake keeps (UPLOAD_RETENTION_DAYS): kept 835s, their reports and error files,
// and the journal's reports go once older than the period; what is younger, and the inbox, stay.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { emptyTotals, type IngestReport } from '../../client/ingest/report';
import { sweepKeptFiles } from '../../client/ingest/retention';
import { createLogger } from '../../runtime/log';
import { openDenialsStore } from '../../runtime/store/schema';
import type { Sqlite } from '../../runtime/store/sqlite';
import { keyringWith, randomKey } from '../support/codec-keys';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

function report(reportId: string, receivedAt: string): IngestReport {
  return { reportId, file: 'r.835', sha256: 'a'.repeat(64), bytes: 1, receivedAt, finishedAt: receivedAt, via: 'http', dryRun: false, verdict: 'accepted', alreadyIngested: false, totals: emptyTotals(), findings: [], findingsOmitted: 0, claims: [] };
}

describe('retention sweep', () => {
  let dir: string;
  let db: Sqlite;
  let journal: IntakeJournal;
  const logged: string[] = [];
  const log = { ...createLogger({ level: 'error' }), info: (m: string) => void logged.push(m) };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-'));
    db = openDenialsStore(dir);
    journal = new IntakeJournal(sqliteDatabase(db), keyringWith(randomKey('k')));
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const put = (folder: string, name: string, ageDays: number) => {
    const file = path.join(dir, folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'x');
    fs.utimesSync(file, daysAgo(ageDays), daysAgo(ageDays));
    return file;
  };

  it('deletes kept files and journal reports older than the period, and keeps the rest', async () => {
    const old = [put('processed', 'a.835', 31), put('processed', 'a.835.report.json', 31), put('rejected', 'b.835.error.txt', 40), put('uploads', 'rpt-1_c.835', 90)];
    const young = [put('processed', 'd.835', 29), put('uploads', 'rpt-2_e.835', 1)];
    const waiting = put('inbox', 'f.835', 100);
    await journal.saveReport(report('rpt-old', daysAgo(31).toISOString()));
    await journal.saveReport(report('rpt-new', daysAgo(2).toISOString()));

    const swept = await sweepKeptFiles({
      dirs: ['uploads', 'processed', 'rejected'].map((f) => path.join(dir, f)),
      days: 30,
      forgetReports: (before) => journal.forgetReportsBefore(before),
      log,
      now: () => NOW,
    });

    expect(swept).toEqual({ files: 4, reports: 1 });
    for (const f of old) expect(fs.existsSync(f)).toBe(false);
    for (const f of [...young, waiting]) expect(fs.existsSync(f)).toBe(true);
    expect(await journal.getReport('rpt-old')).toBeUndefined();
    expect((await journal.getReport('rpt-new'))?.reportId).toBe('rpt-new');
    expect(logged).toEqual(['Retention: deleted 4 kept 835 and report files and 1 intake reports older than 30 days (UPLOAD_RETENTION_DAYS).']);
  });

  it('is quiet when there is nothing to delete, also when a folder does not exist yet', async () => {
    logged.length = 0;
    const swept = await sweepKeptFiles({ dirs: [path.join(dir, 'uploads')], days: 30, forgetReports: (b) => journal.forgetReportsBefore(b), log, now: () => NOW });
    expect(swept).toEqual({ files: 0, reports: 0 });
    expect(logged).toEqual([]);
  });
});
