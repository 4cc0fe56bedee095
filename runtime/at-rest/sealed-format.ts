/**
 * The format of a file encrypted at rest with the codec key ring (documents, kept 835s and their reports):
 *
 *   magic    8 bytes   89 'D' 'N' 'Z' 0D 0A 1A 0A   (never the start of a PDF, an 835, JSON or text)
 *   version  1 byte    1
 *   key id   1 byte length n, then n bytes          which key of CODEC_KEYS sealed it
 *   salt     16 bytes                               per file: the file key is HKDF(key, salt)
 *   record   4 bytes   plaintext bytes per record (big-endian)
 *   records  AES-256-GCM of each record's plaintext, then its 16-byte tag; the last holds 0..record bytes
 *
 * Records let a 100 MB file be read and written in chunks. Each record's IV is its index and whether it
 * is the last, and every record authenticates the whole header, so a reordered, truncated or extended
 * file, or an edited header, fails to decrypt instead of yielding partial data.
 */
import crypto from 'node:crypto';
import type { CodecKeyring } from '../codec';

export const MAGIC = Buffer.from([0x89, 0x44, 0x4e, 0x5a, 0x0d, 0x0a, 0x1a, 0x0a]);
const VERSION = 1;
const SALT_BYTES = 16;
export const TAG_BYTES = 16;
/** The intake reads 835s in 256 KiB chunks; records of the same size keep its reads as they were. */
export const RECORD_BYTES = 256 * 1024;
const FILE_KEY_INFO = Buffer.from('denials sealed file v1');

export interface SealedHeader {
  bytes: Buffer;
  keyId: string;
  recordBytes: number;
  fileKey: Buffer;
}

export class SealedDataError extends Error {
  override readonly name = 'SealedDataError';
}

export function startsSealed(head: Uint8Array): boolean {
  return head.length >= MAGIC.length && MAGIC.equals(Buffer.from(head.buffer, head.byteOffset, MAGIC.length));
}

function fileKey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', key, salt, FILE_KEY_INFO, 32));
}

export function headerLength(keyId: string): number {
  return MAGIC.length + 2 + Buffer.byteLength(keyId) + SALT_BYTES + 4;
}

/** A fresh header under the ring's active key. */
export function newHeader(keyring: CodecKeyring, recordBytes = RECORD_BYTES): SealedHeader {
  const { id, key } = keyring.active;
  const idBytes = Buffer.from(id);
  if (idBytes.length > 255) throw new SealedDataError(`Codec key id ${id.slice(0, 40)}… is too long to seal files with: use an id of at most 255 characters in CODEC_KEYS.`);
  const salt = crypto.randomBytes(SALT_BYTES);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(recordBytes);
  const bytes = Buffer.concat([MAGIC, Buffer.from([VERSION, idBytes.length]), idBytes, salt, size]);
  return { bytes, keyId: id, recordBytes, fileKey: fileKey(key, salt) };
}

/** The key id of a sealed file's first bytes, or undefined when they are not (all) there yet. */
export function headerKeyId(head: Buffer): string | undefined {
  if (!startsSealed(head) || head.length < MAGIC.length + 2) return undefined;
  const n = head[MAGIC.length + 1]!;
  const end = MAGIC.length + 2 + n;
  return head.length >= end ? head.subarray(MAGIC.length + 2, end).toString() : undefined;
}

/** Parses the header at the start of `head` (which must hold all of it); `what` names the file in errors. */
export function readHeader(head: Buffer, keyring: CodecKeyring, what: string): SealedHeader {
  const version = head[MAGIC.length];
  if (version !== VERSION) throw new SealedDataError(`${what} is sealed in format version ${String(version)}, which this release cannot read: upgrade it.`);
  const keyId = headerKeyId(head);
  if (keyId === undefined || head.length < headerLength(keyId)) throw new SealedDataError(`${what} is truncated: its header is incomplete.`);
  const key = keyring.byId.get(keyId);
  if (!key) throw new SealedDataError(`${what} is encrypted with key ${keyId}, which is not in the key ring: add it to CODEC_KEYS (after the key that encrypts).`);
  const saltAt = MAGIC.length + 2 + Buffer.byteLength(keyId);
  const salt = head.subarray(saltAt, saltAt + SALT_BYTES);
  const recordBytes = head.readUInt32BE(saltAt + SALT_BYTES);
  if (recordBytes === 0) throw new SealedDataError(`${what} has a damaged header (record size 0).`);
  return { bytes: Buffer.from(head.subarray(0, headerLength(keyId))), keyId, recordBytes, fileKey: fileKey(key, salt) };
}

function iv(index: number, last: boolean): Buffer {
  const out = Buffer.alloc(12);
  out.writeUIntBE(index, 0, 6);
  out[11] = last ? 1 : 0;
  return out;
}

export function sealRecord(h: SealedHeader, index: number, last: boolean, plain: Uint8Array): Buffer {
  const cipher = crypto.createCipheriv('aes-256-gcm', h.fileKey, iv(index, last));
  cipher.setAAD(h.bytes);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

export function openRecord(h: SealedHeader, index: number, last: boolean, record: Buffer, what: string): Buffer {
  if (record.length < TAG_BYTES) throw new SealedDataError(`${what} is truncated.`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', h.fileKey, iv(index, last));
  decipher.setAAD(h.bytes);
  decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
  try {
    const plain = decipher.update(record.subarray(0, record.length - TAG_BYTES));
    // GCM's final() returns nothing: one buffer per record instead of a copy of it.
    const rest = decipher.final();
    return rest.length ? Buffer.concat([plain, rest]) : plain;
  } catch {
    throw new SealedDataError(`${what} failed its integrity check: it was altered or truncated, or key ${h.keyId} in CODEC_KEYS is not the key it was sealed with.`);
  }
}

/** How many records a sealed body of `bodyBytes` holds, and its plaintext size. */
export function layoutOf(bodyBytes: number, recordBytes: number, what: string): { records: number; plainBytes: number } {
  const records = Math.max(1, Math.ceil(bodyBytes / (recordBytes + TAG_BYTES)));
  const last = bodyBytes - (records - 1) * (recordBytes + TAG_BYTES);
  if (last < TAG_BYTES) throw new SealedDataError(`${what} is truncated.`);
  return { records, plainBytes: bodyBytes - records * TAG_BYTES };
}

/** The size of `plainBytes` sealed under `keyId`: the document store's check for a complete file. */
export function sealedLength(plainBytes: number, keyId: string, recordBytes = RECORD_BYTES): number {
  return headerLength(keyId) + plainBytes + Math.max(1, Math.ceil(plainBytes / recordBytes)) * TAG_BYTES;
}
