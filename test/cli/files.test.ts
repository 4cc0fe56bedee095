// `denials files`: the one-off migration of what a release before encryption at rest kept in clear
// (documents, kept 835s and reports, ledger rows, intake reports), key rotation, and reading a kept file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../services/documents';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { isSealed, sealedKeyId } from '../../runtime/at-rest/sealed-bytes';
import type { CodecKey } from '../../runtime/codec';
import { denialStream } from '../../runtime/store/ledger-sql';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import { denialsStorePath, openDenialsStore } from '../../runtime/store/schema';
import { denialEntry, specialist } from '../fixtures/ledger';
import { runCli } from '../support/cli';
import { keyringWith, randomKey } from '../support/codec-keys';

/** CODEC_KEYS for the command: the keys' ids and base64, the first encrypts. */
const spec = (...keys: CodecKey[]) => keys.map((k) => `${k.id}=${k.key.toString('base64')}`).join(';');

describe('denials files', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-cli-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const a = randomKey('key-a');
  const b = randomKey('key-b');
  const files = (args: string[], keys: string) => runCli('files.ts', args, { DATA_DIR: dataDir, CODEC_KEYS: keys, DATABASE_URL: '' });
  const pdf = Buffer.from('%PDF-1.4 progress note for JANE DOE');
  const document = path.join(dataDir, 'documents', sha256Hex(pdf).slice(0, 2), sha256Hex(pdf));
  const processed = path.join(dataDir, 'processed', '2026-01-01_remit.835');
  const note = denialEntry('denial-legacy', 1, { type: 'note', actor: specialist, summary: 'Called JANE DOE' });

  beforeAll(() => {
    // What a release before encryption at rest left behind: everything in clear.
    fs.mkdirSync(path.dirname(document), { recursive: true });
    fs.writeFileSync(document, pdf);
    fs.mkdirSync(path.dirname(processed), { recursive: true });
    fs.writeFileSync(processed, 'ISA*00*NM1*QC*1*DOE*JANE~');
    fs.writeFileSync(`${processed}.report.json`, '{"claims":[{"clp01":"ACCT-1001"}]}');
    fs.utimesSync(processed, new Date('2026-01-01'), new Date('2026-01-01'));
    const db = openDenialsStore(dataDir);
    const insert = denialStream.insertEvent(note, JSON.stringify(note));
    db.prepare(insert.sql).run(...insert.params);
    db.prepare('INSERT INTO intake_reports (report_id, file, sha256, received_at, verdict, body) VALUES (?, ?, ?, ?, ?, ?)').run('rpt-1', 'remit.835', 'a'.repeat(64), '2026-01-01T00:00:00Z', 'accepted', '{"claims":[{"clp01":"ACCT-1001"}]}');
    db.close();
  });

  it('seal: encrypts what was kept in clear, keeps it readable, and is a no-op the second time', async () => {
    const first = await files(['seal', '--json'], spec(a));
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ ok: true, key: 'key-a', filesChecked: 3, filesSealed: 3, ledgerRowsSealed: 1, intakeReportsSealed: 1, submittedClaimRowsSealed: 0 });

    for (const f of [document, processed, `${processed}.report.json`]) expect(sealedKeyId(fs.readFileSync(f))).toBe('key-a');
    expect(fs.statSync(processed).mtime.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const db = new Database(denialsStorePath(dataDir), { readonly: true });
    const dump = JSON.stringify([db.prepare('SELECT * FROM ledger_events').all(), db.prepare('SELECT * FROM intake_reports').all()]);
    db.close();
    expect(dump).not.toContain('JANE DOE');
    expect(dump).not.toContain('ACCT-1001');

    const store = openLedgerStore({ dataDir, keyring: keyringWith(a) });
    expect((await store.history('denial-legacy'))[0]!.summary).toBe('Called JANE DOE');
    await store.close();
    const journalDb = openDenialsStore(dataDir);
    expect(await new IntakeJournal(sqliteDatabase(journalDb), keyringWith(a)).sealStoredReports({ rotate: false })).toBe(0);
    journalDb.close();

    const shown = await files(['show', processed], spec(a));
    expect(shown.stdout).toBe('ISA*00*NM1*QC*1*DOE*JANE~');

    const again = await files(['seal', '--json'], spec(a));
    expect(JSON.parse(again.stdout)).toMatchObject({ filesSealed: 0, ledgerRowsSealed: 0, intakeReportsSealed: 0 });
  });

  it('seal --rotate: re-encrypts under the first key, after which the old key can go', async () => {
    const rotated = await files(['seal', '--rotate', '--json'], spec(b, a));
    expect(JSON.parse(rotated.stdout)).toMatchObject({ key: 'key-b', filesSealed: 3, ledgerRowsSealed: 1, intakeReportsSealed: 1 });
    expect(isSealed(fs.readFileSync(document))).toBe(true);
    expect(sealedKeyId(fs.readFileSync(document))).toBe('key-b');

    const out = path.join(dataDir, 'out.835');
    const shown = await files(['show', processed, '--out', out], spec(b));
    expect(shown.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('ISA*00*NM1*QC*1*DOE*JANE~');
    const store = openLedgerStore({ dataDir, keyring: keyringWith(b) });
    expect((await store.history('denial-legacy'))[0]!.summary).toBe('Called JANE DOE');
    await store.close();
  });

  it('show: says which key is missing, without a stack trace', async () => {
    const r = await files(['show', processed], spec(a));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`${processed} is encrypted with key key-b, which is not in the key ring: add it to CODEC_KEYS (after the key that encrypts).`);
  });
});
