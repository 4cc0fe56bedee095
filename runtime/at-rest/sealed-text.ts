/**
 * Database fields encrypted at rest with the codec key ring: `dnz1.<keyId>.<base64url of IV, ciphertext,
 * tag>`, AES-256-GCM under a key derived from the ring's key for this use only. The context (the row it
 * belongs to, e.g. `ledger_events:<workflowId>:<seq>`) is authenticated, so a sealed value copied into
 * another row does not open there.
 */
import crypto from 'node:crypto';
import type { CodecKeyring } from '../codec';
import { SealedDataError } from './sealed-format';

const PREFIX = 'dnz1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FIELD_KEY_INFO = Buffer.from('denials sealed field v1');
const derived = new WeakMap<Buffer, Buffer>();

function fieldKey(key: Buffer): Buffer {
  let k = derived.get(key);
  if (!k) derived.set(key, (k = Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), FIELD_KEY_INFO, 32))));
  return k;
}

export function isSealedText(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}.`);
}

/** Whether `value` is in clear, or (with `rotate`) sealed with another key than the ring's first. */
export function needsSealing(keyring: CodecKeyring, value: string, rotate: boolean): boolean {
  return !isSealedText(value) || (rotate && value.split('.')[1] !== keyring.active.id);
}

export function sealText(keyring: CodecKeyring, plain: string, context: string): string {
  const { id, key } = keyring.active;
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', fieldKey(key), iv);
  cipher.setAAD(Buffer.from(context));
  const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}.${id}.${sealed.toString('base64url')}`;
}

/** The plaintext of a sealed field; `context` must be the one it was sealed with. */
export function openText(keyring: CodecKeyring, sealed: string, context: string): string {
  const [prefix, keyId, data, extra] = sealed.split('.');
  if (prefix !== PREFIX || keyId === undefined || data === undefined || extra !== undefined) throw new SealedDataError(`${context}: a sealed field is damaged.`);
  const key = keyring.byId.get(keyId);
  if (!key) throw new SealedDataError(`${context} is encrypted with key ${keyId}, which is not in the key ring: add it to CODEC_KEYS (after the key that encrypts).`);
  const bytes = Buffer.from(data, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealedDataError(`${context}: a sealed field is damaged.`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', fieldKey(key), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedDataError(`${context} failed its integrity check: it was altered, moved from another row, or key ${keyId} in CODEC_KEYS is not the key it was sealed with.`);
  }
}
