import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectClearinghouse } from '../../../runtime/clearinghouse/connect';
import { clearinghouseFolders } from '../../../runtime/clearinghouse/folder-connector';
import { ClearinghouseSettings } from '../../../runtime/clearinghouse/settings';
import { connectorContract } from './connector-contract';
import { x12 } from './x12-files';

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function folderConnector() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearinghouse-data-'));
  dataDirs.push(dataDir);
  const connector = await connectClearinghouse(ClearinghouseSettings.parse({ tradingPartner: 'TP000123' }), dataDir);
  return { connector, ...clearinghouseFolders(dataDir, 'TP000123'), dataDir };
}

describe('FolderConnector', () => {
  connectorContract(folderConnector);

  it('keeps its folders under DATA_DIR/clearinghouse, away from the 835 drop inbox and the mail outbox', async () => {
    const t = await folderConnector();
    expect(path.relative(t.dataDir, t.outbox)).toBe(path.join('clearinghouse', 'outbox', 'TP000123'));
    expect(path.relative(t.dataDir, t.inbox)).toBe(path.join('clearinghouse', 'inbox', 'TP000123'));
    expect(path.relative(t.dataDir, t.archive)).toBe(path.join('clearinghouse', 'inbox', 'TP000123', 'archive'));
  });

  it('writes owner-only files and folders, whatever the umask, as they hold PHI', async () => {
    const t = await folderConnector();
    const umask = process.umask(0o022);
    try {
      await t.connector.send({ name: 'claims.837', kind: '837', body: x12('837', { guide: '005010X222A1' }) });
      fs.mkdirSync(t.inbox, { recursive: true });
      fs.writeFileSync(path.join(t.inbox, 'era.835'), x12('835'));
      await t.connector.acknowledgeInbound('era.835');
    } finally {
      process.umask(umask);
    }
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(path.join(t.outbox, 'claims.837'))).toBe(0o600);
    expect(mode(t.outbox)).toBe(0o700);
    expect(mode(path.join(t.dataDir, 'clearinghouse'))).toBe(0o700);
    expect(mode(t.archive)).toBe(0o700);
  });

  it('lists nothing before anything has arrived', async () => {
    const t = await folderConnector();
    expect(await t.connector.listInbound()).toEqual([]);
  });
});
