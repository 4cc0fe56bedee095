/**
 * The key ring that encrypts data at rest: the codec's own (CODEC_KEYS, or the embedded default's key
 * file), so one secret protects Temporal payloads, documents, kept 835s and the ledger's free text, and
 * one rotation (a new key first, the old ones after it) covers them all. Loaded once per process.
 */
import type { Config } from '../config';
import { loadKeyring, type CodecKeyring } from '../codec';

const loaded = new Map<string, CodecKeyring>();

export type KeyringConfig = Pick<Config, 'CODEC_KEYS' | 'dataDir' | 'embedded'>;

export function deploymentKeyring(config: KeyringConfig, warn: (m: string) => void = (m) => process.stderr.write(`WARN: ${m}\n`)): CodecKeyring {
  const id = `${config.embedded}\0${config.dataDir}\0${config.CODEC_KEYS ?? ''}`;
  let ring = loaded.get(id);
  if (!ring) loaded.set(id, (ring = loadKeyring({ codecKeys: config.CODEC_KEYS, dataDir: config.dataDir, embedded: config.embedded, warn })));
  return ring;
}
