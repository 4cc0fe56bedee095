/**
 * The SFTP connector against a real OpenSSH server (see test-sshd.ts): the shared contract, then what
 * only SFTP has: the pinned host key, authentication, and errors that name the setting to fix.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClearinghouse } from '../../../runtime/clearinghouse/connect';
import { ClearinghouseSettings, type SftpClearinghouseSettings } from '../../../runtime/clearinghouse/settings';
import { connectorContract, expectProblem } from './connector-contract';
import { startTestSshd, sshdUnavailable, type TestSshd } from './test-sshd';
import { x12 } from './x12-files';

const missing = sshdUnavailable();
if (missing) console.log(`Skipping "SftpConnector": ${missing}.`);

describe.skipIf(missing !== undefined)('SftpConnector', () => {
  let sshd: TestSshd;
  let folders = 0;
  beforeAll(async () => {
    sshd = await startTestSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  /** A fresh inbox and outbox on the server for each test; the archive is left for the connector to make. */
  function remoteFolders() {
    const base = path.join(sshd.root, `partner-${++folders}`);
    const inbox = path.join(base, 'inbox');
    const outbox = path.join(base, 'outbox');
    fs.mkdirSync(inbox, { recursive: true });
    fs.mkdirSync(outbox, { recursive: true });
    return { inbox, outbox, archive: path.join(inbox, 'archive') };
  }

  function settings(overrides: Record<string, unknown> = {}): SftpClearinghouseSettings {
    const parsed = ClearinghouseSettings.parse({
      kind: 'sftp',
      tradingPartner: 'TP000123',
      host: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      keyFile: sshd.userKeyFile,
      hostKeyFingerprint: sshd.hostKeyFingerprint,
      connectTimeoutSeconds: 10,
      ...overrides,
    });
    if (parsed.kind !== 'sftp') throw new Error('expected SFTP settings');
    return parsed;
  }

  describe('contract', () => {
    connectorContract(async () => {
      const f = remoteFolders();
      const connector = await connectClearinghouse(settings({ remoteInbox: f.inbox, remoteOutbox: f.outbox }), '/nonexistent-data-dir');
      return { connector, ...f };
    });
  });

  it('makes the archive folder when missing, and writes owner-only files on the server', async () => {
    const f = remoteFolders();
    const connector = await connectClearinghouse(settings({ remoteInbox: f.inbox, remoteOutbox: f.outbox }), '/unused');
    try {
      expect(fs.statSync(f.archive).isDirectory()).toBe(true);
      const sent = await connector.send({ name: 'claims.837', kind: '837', body: x12('837', { guide: '005010X222A1' }) });
      expect(sent.location).toBe(`sftp://127.0.0.1:${sshd.port}${f.outbox}/claims.837`);
      expect(fs.statSync(path.join(f.outbox, 'claims.837')).mode & 0o077).toBe(0);
    } finally {
      await connector.close();
    }
  });

  it('reconnects after being closed', async () => {
    const f = remoteFolders();
    const connector = await connectClearinghouse(settings({ remoteInbox: f.inbox, remoteOutbox: f.outbox }), '/unused');
    await connector.close();
    fs.writeFileSync(path.join(f.inbox, 'era.835'), x12('835'));
    try {
      expect((await connector.listInbound()).map((i) => i.name)).toEqual(['era.835']);
    } finally {
      await connector.close();
    }
  });

  it('refuses a server whose host key is not the pinned one, naming the setting, before sending anything', async () => {
    const f = remoteFolders();
    const err = await expectProblem(
      connectClearinghouse(settings({ remoteInbox: f.inbox, remoteOutbox: f.outbox, hostKeyFingerprint: sshd.strangerKeyFingerprint }), '/unused'),
      'host-key-mismatch',
      'CLEARINGHOUSE_SFTP_HOST_KEY',
      sshd.hostKeyFingerprint,
    );
    expect(err.message).toContain(`127.0.0.1:${sshd.port}`);
    expect(fs.existsSync(f.archive)).toBe(false);
  });

  it('accepts any of several pinned fingerprints, for a key rotation', async () => {
    const f = remoteFolders();
    const both = `${sshd.strangerKeyFingerprint}, ${sshd.hostKeyFingerprint}`;
    const connector = await connectClearinghouse(settings({ remoteInbox: f.inbox, remoteOutbox: f.outbox, hostKeyFingerprint: both }), '/unused');
    await connector.close();
  });

  it('says which credential the server refused', async () => {
    const f = remoteFolders();
    const base = { remoteInbox: f.inbox, remoteOutbox: f.outbox };
    await expectProblem(connectClearinghouse(settings({ ...base, keyFile: sshd.strangerKeyFile }), '/unused'), 'auth-refused', 'CLEARINGHOUSE_SFTP_KEY_FILE', sshd.user);
    await expectProblem(connectClearinghouse(settings({ ...base, keyFile: undefined, password: 'not-the-password' }), '/unused'), 'auth-refused', 'CLEARINGHOUSE_SFTP_PASSWORD');
    await expectProblem(connectClearinghouse(settings({ ...base, keyFile: path.join(f.inbox, 'no-such-key') }), '/unused'), 'key-unreadable', 'CLEARINGHOUSE_SFTP_KEY_FILE');
  });

  it('says when the server cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    await expectProblem(connectClearinghouse(settings({ port: closed }), '/unused'), 'unreachable', 'connection refused', 'CLEARINGHOUSE_SFTP_HOST', 'CLEARINGHOUSE_SFTP_PORT');
  });

  it('says which remote folder is missing', async () => {
    const f = remoteFolders();
    await expectProblem(
      connectClearinghouse(settings({ remoteInbox: path.join(f.inbox, 'nope'), remoteOutbox: f.outbox }), '/unused'),
      'folder-missing',
      'CLEARINGHOUSE_SFTP_INBOX',
      path.join(f.inbox, 'nope'),
    );
    await expectProblem(connectClearinghouse(settings({ remoteInbox: f.inbox, remoteOutbox: path.join(f.outbox, 'nope') }), '/unused'), 'folder-missing', 'CLEARINGHOUSE_SFTP_OUTBOX');
  });
});
