/** Connection and data-converter settings shared by the worker, the web app and the CLI. */
import path from 'node:path';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Config } from './config';
import { EncryptionCodec, loadKeyring } from './codec';
import { temporalTls } from './temporal-tls';

export function connectionOptions(config: Config): ConnectionOptions {
  const opts: ConnectionOptions = { address: config.temporalAddress };
  const tls = temporalTls(config);
  if (tls) opts.tls = tls;
  if (config.TEMPORAL_API_KEY) opts.apiKey = config.TEMPORAL_API_KEY;
  return opts;
}

export function dataConverter(config: Config, warn: (msg: string) => void = (m) => console.warn(m)): DataConverter {
  const keyring = loadKeyring({ codecKeys: config.CODEC_KEYS, dataDir: config.dataDir, embedded: config.embedded, warn });
  const codec = new EncryptionCodec(keyring, { compress: config.PAYLOAD_COMPRESSION === 'deflate' });
  return { payloadCodecs: [codec], failureConverterPath: path.join(__dirname, 'failure-converter.js') };
}

/**
 * A worker's converter: the same keys, and whatever they did not encrypt is refused (a bare client with
 * no keys, or a plain payload, cannot reach a validator with a command it made up).
 */
export function workerDataConverter(converter: DataConverter): DataConverter {
  return { ...converter, payloadCodecs: (converter.payloadCodecs ?? []).map((c) => (c instanceof EncryptionCodec ? c.refusingUnencrypted() : c)) };
}

/** A client's converter: the same codec, JSON through Node's native UTF-8 (runtime/native-json-converter.ts). */
export function clientDataConverter(converter: DataConverter): DataConverter {
  return { ...converter, payloadConverterPath: require.resolve('./native-json-converter') };
}

export async function connectClient(config: Config, converter: DataConverter = dataConverter(config)): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: clientDataConverter(converter) });
}
