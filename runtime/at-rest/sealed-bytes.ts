/**
 * Sealing and opening whole buffers in the at-rest format (sealed-format.ts): for documents and reports,
 * which are read and written whole anyway. Bytes without the format's header are returned as they are:
 * files written before encryption at rest stay readable.
 */
import type { CodecKeyring } from '../codec';
import { headerKeyId, layoutOf, newHeader, openRecord, readHeader, sealRecord, startsSealed, TAG_BYTES } from './sealed-format';

export function isSealed(data: Uint8Array): boolean {
  return startsSealed(data);
}

/** The id of the key that sealed `data`; undefined for plain bytes. */
export function sealedKeyId(data: Uint8Array): string | undefined {
  return startsSealed(data) ? headerKeyId(Buffer.from(data.buffer, data.byteOffset, data.byteLength)) : undefined;
}

export function sealBytes(keyring: CodecKeyring, plain: Uint8Array): Buffer {
  const h = newHeader(keyring);
  const records = Math.max(1, Math.ceil(plain.length / h.recordBytes));
  const out: Buffer[] = [h.bytes];
  for (let i = 0; i < records; i++) {
    out.push(sealRecord(h, i, i === records - 1, plain.subarray(i * h.recordBytes, (i + 1) * h.recordBytes)));
  }
  return Buffer.concat(out);
}

/** The plaintext of `data` (`what` names it in errors); plain bytes come back unchanged. */
export function openBytes(keyring: CodecKeyring, data: Uint8Array, what: string): Buffer {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!startsSealed(buf)) return buf;
  const h = readHeader(buf, keyring, what);
  const body = buf.subarray(h.bytes.length);
  const { records, plainBytes } = layoutOf(body.length, h.recordBytes, what);
  const out = Buffer.allocUnsafe(plainBytes);
  const stride = h.recordBytes + TAG_BYTES;
  let at = 0;
  for (let i = 0; i < records; i++) {
    at += openRecord(h, i, i === records - 1, body.subarray(i * stride, (i + 1) * stride), what).copy(out, at);
  }
  return out;
}
