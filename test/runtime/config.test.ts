import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../runtime/config';
import { openClearinghouse } from '../../runtime/clearinghouse';
import { x12 } from './clearinghouse/x12-files';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults to the embedded dev server, the denials task queue and a data folder', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.embedded).toBe(true);
    expect(c.temporalAddress).toBe('127.0.0.1:7233');
    expect(c.TEMPORAL_NAMESPACE).toBe('default');
    expect(c.TEMPORAL_TASK_QUEUE).toBe('denials');
    expect(c.dataDir).toBe('/srv/app/data');
    expect(c.WEB_PORT).toBe(3000);
    expect(c.UPLOAD_RETENTION_DAYS).toBe(30);
  });

  it('joins a cluster when TEMPORAL_ADDRESS is set', () => {
    const c = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'rcm-prod' }, '/srv/app');
    expect(c.embedded).toBe(false);
    expect(c.temporalAddress).toBe('temporal.internal:7233');
  });

  it('names the setting and the expected form for a bad value', () => {
    expect(problems({ WEB_PORT: 'eighty' })).toEqual(['WEB_PORT="eighty": expected WEB_PORT as a whole number from 1 to 65535']);
    expect(problems({ TEMPORAL_ADDRESS: 'http://x' })[0]).toMatch(/^TEMPORAL_ADDRESS="http:\/\/x": expected host:port/);
    expect(problems({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL="loud": /);
    expect(problems({ UPLOAD_RETENTION_DAYS: '0' })).toEqual(['UPLOAD_RETENTION_DAYS="0": expected a number of days from 1 to 3650']);
  });

  it('never echoes a secret back in an error', () => {
    const [p] = problems({ CODEC_KEYS: 'not a key spec' });
    expect(p).toMatch(/^CODEC_KEYS: expected keyId=base64key/);
    expect(p).not.toContain('not a key spec');
  });

  it('requires certificate and key together, and a cluster address for TLS', () => {
    expect(problems({ TEMPORAL_ADDRESS: 'a:7233', TEMPORAL_TLS_CERT: '/c.pem' })).toEqual([
      'TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
    ]);
    expect(problems({ TEMPORAL_API_KEY: 'k' })[0]).toMatch(/TLS or API key settings need TEMPORAL_ADDRESS/);
  });

  it('reads a JSON config file named by DENIALS_CONFIG, with the environment taking precedence', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, 'denials.json');
    fs.writeFileSync(file, JSON.stringify({ WEB_PORT: 4000, TEMPORAL_TASK_QUEUE: 'denials-b' }));
    const c = loadConfig({ DENIALS_CONFIG: file, TEMPORAL_TASK_QUEUE: 'from-env' }, dir);
    expect(c.WEB_PORT).toBe(4000);
    expect(c.TEMPORAL_TASK_QUEUE).toBe('from-env');
  });

  it('rejects an unknown key in the config file, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, 'denials.json');
    fs.writeFileSync(file, JSON.stringify({ WEB_PROT: 4000 }));
    expect(() => loadConfig({ DENIALS_CONFIG: file }, dir)).toThrow(/unknown setting WEB_PROT/);
  });

  describe('clearinghouse', () => {
    const sftp = {
      CLEARINGHOUSE_KIND: 'sftp',
      CLEARINGHOUSE_TRADING_PARTNER: 'TP000123',
      CLEARINGHOUSE_SFTP_HOST: 'sftp.clearinghouse.example',
      CLEARINGHOUSE_SFTP_USER: 'clinic',
      CLEARINGHOUSE_SFTP_KEY_FILE: '/etc/denials/sftp.key',
      CLEARINGHOUSE_SFTP_HOST_KEY: `SHA256:${'A'.repeat(43)}`,
    };

    it('defaults to the local folder pair with trading partner local, so the embedded case needs nothing set', () => {
      expect(loadConfig({}, '/srv/app').clearinghouse).toEqual({ kind: 'folder', tradingPartner: 'local' });
      expect(loadConfig({ CLEARINGHOUSE_TRADING_PARTNER: 'TP9', CLEARINGHOUSE_RECEIVER_ID: 'CH01' }, '/srv/app').clearinghouse).toEqual({ kind: 'folder', tradingPartner: 'TP9', receiverId: 'CH01' });
    });

    it('reads SFTP from the CLEARINGHOUSE_* variables, the environment or the config file', () => {
      expect(loadConfig({ ...sftp, CLEARINGHOUSE_SFTP_PORT: '2222' }, '/srv/app').clearinghouse).toMatchObject({ kind: 'sftp', tradingPartner: 'TP000123', host: 'sftp.clearinghouse.example', port: 2222, user: 'clinic', remoteInbox: 'inbox', remoteOutbox: 'outbox' });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
      const file = path.join(dir, 'denials.json');
      fs.writeFileSync(file, JSON.stringify({ ...sftp, CLEARINGHOUSE_SFTP_PORT: 2200 }));
      expect(loadConfig({ DENIALS_CONFIG: file, CLEARINGHOUSE_SFTP_USER: 'from-env' }, dir).clearinghouse).toMatchObject({ kind: 'sftp', port: 2200, user: 'from-env' });
    });

    it('stops start-up naming the variable and the expected form', () => {
      expect(problems({ CLEARINGHOUSE_KIND: 'ftp' })).toEqual(['CLEARINGHOUSE_KIND="ftp": expected CLEARINGHOUSE_KIND as folder or sftp']);
      expect(problems({ ...sftp, CLEARINGHOUSE_SFTP_PORT: 'twenty-two' })).toEqual(['CLEARINGHOUSE_SFTP_PORT="twenty-two": expected CLEARINGHOUSE_SFTP_PORT as a whole number from 1 to 65535']);
      expect(problems({ CLEARINGHOUSE_RECEIVER_ID: 'A*B' })[0]).toMatch(/^CLEARINGHOUSE_RECEIVER_ID="A\*B": expected CLEARINGHOUSE_RECEIVER_ID as letters, digits/);
      // SFTP gets no default trading partner: 'local' would go out as the sender id.
      const { CLEARINGHOUSE_TRADING_PARTNER: _tp, ...noPartner } = sftp;
      expect(problems(noPartner)).toEqual([expect.stringMatching(/^CLEARINGHOUSE_TRADING_PARTNER: expected CLEARINGHOUSE_TRADING_PARTNER, the trading partner id/)]);
      // Alongside the other settings' problems, each named.
      expect(problems({ WEB_PORT: 'eighty', CLEARINGHOUSE_KIND: 'ftp' })).toHaveLength(2);
    });

    it('never echoes the SFTP password or key passphrase back', () => {
      const { CLEARINGHOUSE_SFTP_KEY_FILE: _k, ...withoutKey } = sftp;
      const shown = problems({ ...withoutKey, CLEARINGHOUSE_SFTP_KEY_PASSPHRASE: 'hunter2-passphrase', CLEARINGHOUSE_SFTP_PASSWORD: 'hunter2-password' });
      expect(shown).toEqual(['CLEARINGHOUSE_SFTP_KEY_PASSPHRASE: CLEARINGHOUSE_SFTP_KEY_PASSPHRASE is set without CLEARINGHOUSE_SFTP_KEY_FILE']);
      expect(shown.join('\n')).not.toContain('hunter2');
    });

    it('openClearinghouse opens the configured folder pair under DATA_DIR', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
      const connector = await openClearinghouse(loadConfig({ DATA_DIR: 'data', CLEARINGHOUSE_TRADING_PARTNER: 'TP9' }, dir));
      try {
        const body = x12('276', { guide: '005010X212' });
        const sent = await connector.send({ name: 'inquiry-1.276', kind: '276', body });
        expect(sent.location).toBe(path.join(dir, 'data', 'clearinghouse', 'outbox', 'TP9', 'inquiry-1.276'));
        expect(fs.readFileSync(sent.location, 'utf8')).toBe(body);
      } finally {
        await connector.close();
      }
    });
  });
});
