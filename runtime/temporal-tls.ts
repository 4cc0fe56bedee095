/**
 * The TLS part of the connection to a Temporal cluster: mutual TLS with TEMPORAL_TLS_CERT and _KEY, or
 * server-only TLS when just a CA (or an API key) is given. A file that cannot be read stops start-up with
 * the setting's name, instead of an ENOENT from deep inside the SDK.
 */
import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type Config } from './config';

type TlsSetting = 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA';

function readSetting(config: Config, key: TlsSetting): Buffer | undefined {
  const file = config[key];
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError([`${key}=${JSON.stringify(file)}: cannot read the PEM file (${why}); \`npm run cluster\` prints the paths of its certificates`]);
  }
}

/** undefined: a plain connection (no TLS setting is set). */
export function temporalTls(config: Config): TLSConfig | undefined {
  const crt = readSetting(config, 'TEMPORAL_TLS_CERT');
  const key = readSetting(config, 'TEMPORAL_TLS_KEY');
  const ca = readSetting(config, 'TEMPORAL_TLS_CA');
  if (!crt && !ca && !config.TEMPORAL_API_KEY) return undefined;
  return {
    serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
    serverRootCACertificate: ca,
    clientCertPair: crt && key ? { crt, key } : undefined,
  };
}
