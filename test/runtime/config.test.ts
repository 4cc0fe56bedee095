import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../runtime/config';

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
});
