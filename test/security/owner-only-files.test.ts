// Issue #12, PHI at rest: every folder and file the app writes under DATA_DIR is owner-only (0700/0600),
// even when the process runs with a permissive umask (022), and the CLI commands set umask 077 for what
// they write elsewhere (sample 835s, saved packets).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderDocumentStore } from '../../services/documents';
import { produceLeakageReport } from '../../services/reports/leakage-report';
import { createMailNotifier } from '../../services/notifications';
import { InboxWatcher, inboxFolders } from '../../client/ingest/inbox';
import { createIntake } from '../../client/ingest/intake';
import { loadKeyring } from '../../runtime/codec';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { readOrCreateSecret } from '../../runtime/secrets';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import { denialEntry } from '../fixtures/ledger';
import { deniedRemittance } from '../fixtures/remittances';
import { runCli } from '../support/cli';

const looseEntries = (root: string): string[] => {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if ((st.mode & 0o077) !== 0) out.push(`${path.relative(root, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(root);
  return out;
};

describe('owner-only files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'owner-only-'));
  const dataDir = path.join(root, 'data');
  let umask: number;

  beforeAll(() => {
    // What an older release ran with: files 0644, folders 0755 unless the code asks for less.
    umask = process.umask(0o022);
  });

  afterAll(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes the data folder, keys, databases, documents, intake files, mail and reports for the owner only', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, DENIAL_ID_KEY: Buffer.alloc(32, 9).toString('base64'), LOG_LEVEL: 'error' });
    const keyring = loadKeyring({ dataDir, embedded: true, warn: () => undefined });
    readOrCreateSecret(path.join(dataDir, 'intake-api-key'), 24, () => undefined);

    const ledger = openLedgerStore({ dataDir, keyring });
    await ledger.append(denialEntry('denial-owner-only', 1, { type: 'note', summary: 'Called the patient' }));

    const documents = createFolderDocumentStore({ dir: path.join(dataDir, 'documents'), keyring });
    await documents.put(Buffer.from('%PDF-1.4 progress note'), { name: 'note.pdf', contentType: 'application/pdf' });

    const intake = createIntake(config, undefined, () => undefined, ledger);
    const folders = inboxFolders(dataDir);
    const watcher = new InboxWatcher(folders, intake, createLogger({ level: 'error' }), 0);
    fs.writeFileSync(path.join(folders.inbox, 'remit.835'), deniedRemittance);
    await watcher.scan(); // sees the file
    expect(await watcher.scan()).toHaveLength(1); // takes it: processed/ with its report
    await intake.close();

    const notifications = createMailNotifier({
      config: { from: 'Denials <denials@example.org>', teams: { coding: ['coding@example.org'] }, supervisors: ['sup@example.org'], publicUrl: 'http://127.0.0.1:3000' },
      outboxDir: path.join(dataDir, 'outbox'),
      sentDir: path.join(dataDir, 'notifications', 'sent'),
    });
    await notifications.notify({ kind: 'task_assigned', idempotencyKey: 'k1', workflowId: 'denial-owner-only', team: 'coding', task: 'prepare_appeal', category: 'coding', amountAtRiskCents: 100 });

    await produceLeakageReport({ ledger, reportsDir: path.join(dataDir, 'reports') }, { from: '2026-03-01', to: '2026-03-07' }, '2026-03-08T07:00:00.000Z');
    await ledger.close();

    expect(fs.readdirSync(path.join(dataDir, 'processed')).length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(dataDir, 'outbox')).length).toBeGreaterThan(0);
    expect(looseEntries(dataDir)).toEqual([]);
  });

  it('CLI commands write owner-only files whatever the umask they were started with', async () => {
    const out = path.join(root, 'samples-out');
    const r = await runCli('sample-835.ts', ['--out', out], { DATA_DIR: path.join(root, 'cli-data') });
    expect(r.code).toBe(0);
    const files = fs.readdirSync(out);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect({ f, mode: (fs.statSync(path.join(out, f)).mode & 0o777).toString(8) }).toEqual({ f, mode: '600' });
  });
});
