/**
 * AES-256-GCM payload codec: every payload is encrypted in the client and the worker before it reaches the
 * Temporal server, so neither the server nor its database holds PHI in clear. The key id travels in the
 * payload metadata; several keys are accepted for decryption so keys can be rotated without losing history.
 *
 * Payloads are deflated before they are encrypted (ciphertext does not compress, so the server never could):
 * a denial's ledger entries repeat its facts, and history is most of what the Temporal database keeps.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { readOrCreateFile } from './secrets';
import { REFUSED_PAYLOAD } from '../domain/lifecycle/refused-payload';

export const ENCODING = 'binary/encrypted';
const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_KEY_ID = 'encryption-key-id';
/** How the encrypted bytes were compressed; absent = not compressed (every payload written before this). */
export const METADATA_COMPRESSION = 'encryption-compression';
export const DEFLATE = 'deflate-raw';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Below this a payload's deflate header and the metadata key cost more than deflate saves.
const COMPRESS_FROM_BYTES = 256;
// Far above Temporal's 2 MB payload limit; a payload inflating past it was made to exhaust memory.
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export interface CodecKey {
  id: string;
  key: Buffer;
}

export interface CodecKeyring {
  /** encrypts new payloads */
  active: CodecKey;
  /** all keys accepted for decryption, the active one included */
  byId: Map<string, Buffer>;
}

export function makeKeyring(keys: CodecKey[]): CodecKeyring {
  const [active] = keys;
  if (!active) throw new ValueError('At least one codec key is required');
  const byId = new Map<string, Buffer>();
  for (const k of keys) {
    if (k.key.length !== 32) throw new ValueError(`Codec key ${k.id} must be 32 bytes (AES-256), got ${k.key.length}`);
    byId.set(k.id, k.key);
  }
  return { active, byId };
}

/** Parses `id=base64;id2=base64` (the CODEC_KEYS setting); the first key encrypts. */
export function parseCodecKeys(spec: string): CodecKey[] {
  return spec.split(';').map((pair) => {
    const eq = pair.indexOf('=');
    return { id: pair.slice(0, eq), key: Buffer.from(pair.slice(eq + 1), 'base64') };
  });
}

export interface EncryptionCodecOptions {
  /**
   * The worker's setting: a payload that is not encrypted with a key of the ring (plain, an unknown key,
   * a failed tag) is replaced by a refusal (domain/lifecycle/refused-payload.ts) that validators refuse.
   * Throwing instead would fail the workflow task over and over on a payload that stays in history.
   */
  refuseUnencrypted?: boolean;
  /**
   * Deflate payloads before encrypting them (default true). Every version of the codec reads both forms;
   * turn it off only while workers or web nodes of a version that cannot inflate still run (README,
   * PAYLOAD_COMPRESSION).
   */
  compress?: boolean;
}

function refusal(why: string): Payload {
  return { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ [REFUSED_PAYLOAD]: why })) };
}

export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keyring: CodecKeyring,
    private readonly options: EncryptionCodecOptions = {},
  ) {}

  /** The same keys, refusing what they did not encrypt: what a worker decodes with. */
  refusingUnencrypted(): EncryptionCodec {
    return new EncryptionCodec(this.keyring, { ...this.options, refuseUnencrypted: true });
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keyring.active;
    return payloads.map((payload) => {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      let plain = Buffer.from(encodePayloadProto(payload));
      const metadata: Record<string, Uint8Array> = { [METADATA_ENCODING_KEY]: Buffer.from(ENCODING), [METADATA_KEY_ID]: Buffer.from(id) };
      if (this.options.compress !== false && plain.length >= COMPRESS_FROM_BYTES) {
        const deflated = zlib.deflateRawSync(plain);
        if (deflated.length < plain.length) {
          plain = deflated;
          metadata[METADATA_COMPRESSION] = Buffer.from(DEFLATE);
          // Bound into the tag: stripping or adding the marker fails authentication instead of misreading.
          cipher.setAAD(Buffer.from(DEFLATE));
        }
      }
      const encrypted = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata, data: encrypted };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!this.options.refuseUnencrypted) return this.decrypt(payload);
      try {
        return this.decrypt(payload, true);
      } catch (err) {
        return refusal((err as Error).message);
      }
    });
  }

  private decrypt(payload: Payload, strict = false): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString() !== ENCODING) {
      if (strict) throw new ValueError('the payload is not encrypted with a key of this deployment');
      return payload;
    }
    const keyIdBytes = payload.metadata?.[METADATA_KEY_ID];
    if (!keyIdBytes) throw new ValueError('Encrypted payload has no encryption-key-id metadata');
    const keyId = Buffer.from(keyIdBytes).toString();
    const key = this.keyring.byId.get(keyId);
    if (!key) throw new ValueError(`No codec key with id ${keyId}: add it to CODEC_KEYS to read this payload`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const body = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    const compression = payload.metadata?.[METADATA_COMPRESSION] ? Buffer.from(payload.metadata[METADATA_COMPRESSION]).toString() : undefined;
    if (compression !== undefined && compression !== DEFLATE) throw new ValueError(`Encrypted payload is compressed with ${compression}, which this version cannot read (it reads ${DEFLATE})`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    if (compression) decipher.setAAD(Buffer.from(compression));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new ValueError(`the payload failed authentication with key ${keyId}: it was altered or not made with this key`);
    }
    if (compression) {
      try {
        plain = zlib.inflateRawSync(plain, { maxOutputLength: MAX_INFLATED_BYTES });
      } catch (err) {
        throw new ValueError(`the payload's compressed bytes do not inflate: ${(err as Error).message}`);
      }
    }
    return decodePayloadProto(plain);
  }
}

// The encrypted blob is the whole Payload protobuf, so the original metadata (its encoding) comes back too.
function encodePayloadProto(payload: Payload): Uint8Array {
  return temporal.api.common.v1.Payload.encode(payload).finish();
}

function decodePayloadProto(bytes: Uint8Array): Payload {
  return temporal.api.common.v1.Payload.decode(bytes) as Payload;
}

/** Where the embedded default keeps its generated keys. */
export const codecKeysFile = (dataDir: string) => path.join(dataDir, 'codec-keys.json');

/**
 * Keys for this deployment: CODEC_KEYS when set; otherwise the key file under the data folder; in the
 * embedded case a key is generated there on first run. Joining a cluster without keys is refused, since
 * payloads would otherwise reach a shared server in clear.
 */
export function loadKeyring(opts: { codecKeys?: string; dataDir: string; embedded: boolean; warn: (msg: string) => void }): CodecKeyring {
  if (opts.codecKeys) return makeKeyring(parseCodecKeys(opts.codecKeys));
  const file = codecKeysFile(opts.dataDir);
  if (!opts.embedded && !fs.existsSync(file)) {
    throw new ValueError('CODEC_KEYS is required when joining a Temporal cluster (TEMPORAL_ADDRESS is set): set keyId=base64key with a 32-byte key, e.g. from `openssl rand -base64 32`.');
  }
  if (!opts.embedded) opts.warn(`Using codec keys from ${file}; production deployments should supply CODEC_KEYS from a secret store.`);
  const generated = () =>
    JSON.stringify({ keys: [{ id: `local-${new Date().toISOString().slice(0, 10)}`, key: crypto.randomBytes(32).toString('base64') }] }, null, 2);
  const stored = JSON.parse(
    readOrCreateFile(file, generated, () =>
      opts.warn(`Generated a payload encryption key in ${file} for the embedded server. Production must supply its own keys in CODEC_KEYS; keep this file as long as its workflows exist.`),
    ),
  ) as { keys: { id: string; key: string }[] };
  return makeKeyring(stored.keys.map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') })));
}
