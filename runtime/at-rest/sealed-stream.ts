/**
 * Reading and writing sealed files (sealed-format.ts) a record at a time, for 835s of 100 MB: the intake
 * reads them in 256 KiB chunks, and an HTTP upload is sealed as it arrives. Plain files (an 835 dropped
 * into the inbox, one kept by an older release) are read as they are.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { CodecKeyring } from '../codec';
import { OWNER_ONLY_FILE } from './private-files';
import { headerKeyId, headerLength, layoutOf, MAGIC, newHeader, openRecord, readHeader, RECORD_BYTES, SealedDataError, sealRecord, startsSealed, TAG_BYTES } from './sealed-format';

/** The longest header: magic, version, key id length, a 255-byte key id, salt, record size. */
const MAX_HEADER = MAGIC.length + 2 + 255 + 16 + 4;

async function readHead(fh: fsp.FileHandle): Promise<Buffer> {
  const head = Buffer.alloc(MAX_HEADER);
  const { bytesRead } = await fh.read(head, 0, MAX_HEADER, 0);
  return head.subarray(0, bytesRead);
}

/**
 * The plaintext of `file` in chunks of up to 256 KiB. A sealed file without a key ring to open it, or
 * one that fails its check, throws a SealedDataError naming `what` and the fix.
 */
export async function* openedChunks(file: string, keyring: CodecKeyring | undefined, what = file): AsyncGenerator<Buffer> {
  const fh = await fsp.open(file, 'r');
  let handedOver = false;
  try {
    const head = await readHead(fh);
    if (!startsSealed(head)) {
      handedOver = true;
      for await (const chunk of fh.createReadStream({ start: 0, highWaterMark: RECORD_BYTES })) yield chunk as Buffer;
      return;
    }
    if (!keyring) throw new SealedDataError(`${what} is encrypted: read it with the deployment's keys (CODEC_KEYS, or DATA_DIR with its codec-keys.json).`);
    const h = readHeader(head, keyring, what);
    const { size } = await fh.stat();
    const { records } = layoutOf(size - h.bytes.length, h.recordBytes, what);
    const stride = h.recordBytes + TAG_BYTES;
    const buf = Buffer.allocUnsafe(stride);
    let position = h.bytes.length;
    for (let i = 0; i < records; i++) {
      const { bytesRead } = await fh.read(buf, 0, stride, position);
      position += bytesRead;
      // openRecord returns a new buffer: the read buffer can be reused for the next record.
      yield openRecord(h, i, i === records - 1, buf.subarray(0, bytesRead), what);
    }
  } finally {
    if (!handedOver) await fh.close();
  }
}

/** The plaintext size of `file`, sealed or not (no key needed). */
export async function openedSize(file: string, what = file): Promise<number> {
  const fh = await fsp.open(file, 'r');
  try {
    const [head, { size }] = await Promise.all([readHead(fh), fh.stat()]);
    if (!startsSealed(head)) return size;
    const keyId = headerKeyId(head);
    if (keyId === undefined || head.length < headerLength(keyId)) throw new SealedDataError(`${what} is truncated: its header is incomplete.`);
    const recordBytes = head.readUInt32BE(headerLength(keyId) - 4);
    if (recordBytes === 0) throw new SealedDataError(`${what} has a damaged header (record size 0).`);
    return layoutOf(size - headerLength(keyId), recordBytes, what).plainBytes;
  } finally {
    await fh.close();
  }
}

/**
 * A new owner-only file (it must not exist) that seals what is written to it. Its 'finish' comes once the
 * file is complete and closed, so whoever waits for end() can read it right away.
 */
export function createSealedWriteStream(file: string, keyring: CodecKeyring): Writable {
  const h = newHeader(keyring);
  const out = fs.createWriteStream(file, { flags: 'wx', mode: OWNER_ONLY_FILE });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  const send = (data: Buffer, done: (err?: Error | null) => void) => {
    if (out.write(data)) done();
    else out.once('drain', () => done());
  };
  const sealed = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      // A record is sealed once more bytes follow it: the last one must know it is the last.
      if (pendingBytes <= h.recordBytes) return done();
      let all = Buffer.concat(pending, pendingBytes);
      const records: Buffer[] = [];
      while (all.length > h.recordBytes) {
        records.push(sealRecord(h, index++, false, all.subarray(0, h.recordBytes)));
        all = all.subarray(h.recordBytes);
      }
      pending = [all];
      pendingBytes = all.length;
      send(Buffer.concat(records), done);
    },
    final(done) {
      out.once('close', () => done());
      out.end(sealRecord(h, index++, true, Buffer.concat(pending, pendingBytes)));
    },
    // Closed only once the file is: whoever removes a partial file after a failure must not race its creation.
    destroy(err, done) {
      if (out.closed) return done(err);
      out.once('close', () => done(err));
      out.destroy();
    },
  });
  out.on('error', (err) => sealed.destroy(err));
  out.write(h.bytes);
  return sealed;
}
