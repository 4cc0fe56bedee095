import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../runtime/config';
import { connectionOptions } from '../../runtime/temporal';

function pemFiles(): { dir: string; cert: string; key: string; ca: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-cfg-'));
  const write = (name: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `-----BEGIN ${name}-----\n`);
    return file;
  };
  return { dir, cert: write('client.pem'), key: write('client-key.pem'), ca: write('ca.pem') };
}

describe('the TLS settings of the Temporal connection', () => {
  it('reads the client pair and the CA for mutual TLS', () => {
    const f = pemFiles();
    const opts = connectionOptions(loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_TLS_CERT: f.cert, TEMPORAL_TLS_KEY: f.key, TEMPORAL_TLS_CA: f.ca, TEMPORAL_TLS_SERVER_NAME: 'localhost' }));
    expect(opts.tls).toEqual({
      serverNameOverride: 'localhost',
      serverRootCACertificate: fs.readFileSync(f.ca),
      clientCertPair: { crt: fs.readFileSync(f.cert), key: fs.readFileSync(f.key) },
    });
  });

  it('uses server-only TLS with just a CA, and no TLS with nothing set', () => {
    const f = pemFiles();
    expect(connectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'a:7233', TEMPORAL_TLS_CA: f.ca })).tls).toEqual({
      serverNameOverride: undefined,
      serverRootCACertificate: fs.readFileSync(f.ca),
      clientCertPair: undefined,
    });
    expect(connectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'a:7233' })).tls).toBeUndefined();
  });

  it('names the setting whose file is missing', () => {
    const f = pemFiles();
    const config = loadConfig({ TEMPORAL_ADDRESS: 'a:7233', TEMPORAL_TLS_CERT: f.cert, TEMPORAL_TLS_KEY: path.join(f.dir, 'gone.pem') });
    expect(() => connectionOptions(config)).toThrow(ConfigError);
    expect(() => connectionOptions(config)).toThrow(/TEMPORAL_TLS_KEY=".*gone\.pem": cannot read the PEM file \(no such file\)/);
  });

  it('needs a cluster address for a CA too', () => {
    const f = pemFiles();
    expect(() => loadConfig({ TEMPORAL_TLS_CA: f.ca })).toThrow(/TLS or API key settings need TEMPORAL_ADDRESS/);
  });
});
