// The at-rest format (runtime/at-rest): whole buffers, streams of records, kept files and database
// fields, sealed with the codec key ring; rotation; and what a damaged or foreign file gives.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { isSealed, openBytes, sealBytes, sealedKeyId } from '../../runtime/at-rest/sealed-bytes';
import { moveSealed, readOpenedFile, writeSealedFile } from '../../runtime/at-rest/sealed-files';
import { headerLength, RECORD_BYTES, sealedLength } from '../../runtime/at-rest/sealed-format';
import { createSealedWriteStream, openedChunks, openedSize } from '../../runtime/at-rest/sealed-stream';
import { openText, sealText } from '../../runtime/at-rest/sealed-text';
import { keyringWith, randomKey } from '../support/codec-keys';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sealed-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (name = 'f') => path.join(dir, `${n++}-${name}`);

const a = randomKey('key-a');
const b = randomKey('key-b');
const ringA = keyringWith(a);
const ringBA = keyringWith(b, a);

async function opened(file: string, ring = ringA): Promise<{ bytes: Buffer; chunks: number[] }> {
  const chunks: Buffer[] = [];
  for await (const c of openedChunks(file, ring)) chunks.push(c);
  return { bytes: Buffer.concat(chunks), chunks: chunks.map((c) => c.length) };
}

describe('sealed bytes', () => {
  it.each([0, 1, RECORD_BYTES - 1, RECORD_BYTES, RECORD_BYTES + 1, 3 * RECORD_BYTES])('round-trips %i bytes, at the size sealedLength says', (size) => {
    const plain = crypto.randomBytes(size);
    const sealed = sealBytes(ringA, plain);
    expect(isSealed(sealed)).toBe(true);
    expect(sealedKeyId(sealed)).toBe('key-a');
    expect(sealed.length).toBe(sealedLength(size, 'key-a'));
    expect(openBytes(ringA, sealed, 'test').equals(plain)).toBe(true);
  });

  it('seals the same bytes differently each time (a salt per file)', () => {
    const plain = Buffer.from('ISA*00*...~');
    expect(sealBytes(ringA, plain).equals(sealBytes(ringA, plain))).toBe(false);
  });

  it('gives plain bytes back unchanged (written before encryption at rest)', () => {
    const plain = Buffer.from('%PDF-1.4 plain');
    expect(isSealed(plain)).toBe(false);
    expect(openBytes(ringA, plain, 'test')).toEqual(plain);
  });

  it('opens what key A sealed once the ring is B;A, and seals new data with B', () => {
    const before = sealBytes(ringA, Buffer.from('old'));
    expect(openBytes(ringBA, before, 'test').toString()).toBe('old');
    const after = sealBytes(ringBA, Buffer.from('new'));
    expect(sealedKeyId(after)).toBe('key-b');
    expect(() => openBytes(ringA, after, 'report.json')).toThrow('report.json is encrypted with key key-b, which is not in the key ring: add it to CODEC_KEYS');
  });

  it('refuses a file that was altered, truncated, extended or opened with another key of the same id', () => {
    const plain = crypto.randomBytes(2 * RECORD_BYTES + 10);
    const sealed = sealBytes(ringA, plain);
    const flipped = Buffer.from(sealed);
    flipped[headerLength('key-a') + 5]! ^= 1;
    expect(() => openBytes(ringA, flipped, 'x')).toThrow(/x failed its integrity check/);
    // Dropping the last record leaves a record that was not sealed as the last one.
    const cut = sealed.subarray(0, headerLength('key-a') + RECORD_BYTES + 16);
    expect(() => openBytes(ringA, cut, 'x')).toThrow(/integrity check/);
    expect(() => openBytes(ringA, Buffer.concat([sealed, sealed.subarray(headerLength('key-a'))]), 'x')).toThrow(/integrity check/);
    expect(() => openBytes(ringA, sealed.subarray(0, headerLength('key-a') + 3), 'x')).toThrow(/x is truncated/);
    const header = Buffer.from(sealed);
    header[headerLength('key-a') - 1]! ^= 1; // the record size: authenticated with every record
    expect(() => openBytes(ringA, header, 'x')).toThrow(/x/);
    expect(() => openBytes(keyringWith(randomKey('key-a')), sealed, 'x')).toThrow(/key key-a in CODEC_KEYS is not the key it was sealed with/);
  });
});

describe('sealed streams and files', () => {
  it('seals a stream as it arrives and reads it back in 256 KiB chunks, whatever the write sizes', async () => {
    const plain = crypto.randomBytes(3 * RECORD_BYTES + 12_345);
    const file = fresh('upload.835');
    const pieces = [];
    for (let at = 0; at < plain.length; at += 65_521) pieces.push(plain.subarray(at, at + 65_521));
    await pipeline(Readable.from(pieces), createSealedWriteStream(file, ringA));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(file).size).toBe(sealedLength(plain.length, 'key-a'));
    const { bytes, chunks } = await opened(file);
    expect(bytes.equals(plain)).toBe(true);
    expect(chunks).toEqual([RECORD_BYTES, RECORD_BYTES, RECORD_BYTES, 12_345]);
    expect(await openedSize(file)).toBe(plain.length);
    expect(openBytes(ringA, fs.readFileSync(file), 'f').equals(plain)).toBe(true);
  });

  it('seals an empty stream, and a stream of exactly one record', async () => {
    for (const size of [0, RECORD_BYTES]) {
      const file = fresh();
      const plain = crypto.randomBytes(size);
      await pipeline(Readable.from(size ? [plain] : []), createSealedWriteStream(file, ringA));
      expect((await opened(file)).bytes.equals(plain)).toBe(true);
      expect(await openedSize(file)).toBe(size);
    }
  });

  it('does not overwrite a file that exists', async () => {
    const file = fresh();
    fs.writeFileSync(file, 'there');
    await expect(pipeline(Readable.from([Buffer.from('x')]), createSealedWriteStream(file, ringA))).rejects.toThrow(/EEXIST/);
    expect(fs.readFileSync(file, 'utf8')).toBe('there');
  });

  it('reads a plain file as it is, in the same chunks, with or without a key ring', async () => {
    const file = fresh('plain.835');
    const plain = crypto.randomBytes(RECORD_BYTES + 7);
    fs.writeFileSync(file, plain);
    expect((await opened(file)).bytes.equals(plain)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const c of openedChunks(file, undefined)) chunks.push(c);
    expect(Buffer.concat(chunks).equals(plain)).toBe(true);
    expect(await openedSize(file)).toBe(plain.length);
  });

  it('says how to open a sealed file read without the key ring', async () => {
    const file = fresh('kept.835');
    writeSealedFile(file, ringA, 'ISA*');
    const read = async () => {
      for await (const _ of openedChunks(file, undefined, 'kept.835'));
    };
    await expect(read()).rejects.toThrow("kept.835 is encrypted: read it with the deployment's keys (CODEC_KEYS, or DATA_DIR with its codec-keys.json).");
  });

  it('writes whole files sealed and owner-only, and reads them back under a rotated ring', () => {
    const file = fresh('report.json');
    writeSealedFile(file, ringA, '{"clp01":"ACCT-1"}');
    expect(fs.readFileSync(file).includes('ACCT-1')).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readOpenedFile(file, ringBA).toString()).toBe('{"clp01":"ACCT-1"}');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('moves a plain file in sealed, and a sealed one as it is', async () => {
    const plain = fresh('inbox.835');
    fs.writeFileSync(plain, 'ISA*00*JANE DOE~', { mode: 0o644 });
    const kept = fresh('processed.835');
    await moveSealed(plain, kept, ringA);
    expect(fs.existsSync(plain)).toBe(false);
    expect(fs.readFileSync(kept).includes('JANE DOE')).toBe(false);
    expect(readOpenedFile(kept, ringA).toString()).toBe('ISA*00*JANE DOE~');

    const again = fresh('again.835');
    const before = fs.readFileSync(kept);
    await moveSealed(kept, again, ringBA);
    expect(fs.readFileSync(again).equals(before)).toBe(true);
    expect(fs.statSync(again).mode & 0o777).toBe(0o600);
  });
});

describe('sealed fields', () => {
  it('round-trips text bound to its row, and opens it after rotation', () => {
    const sealed = sealText(ringA, 'Called JANE DOE', 'ledger_events:d-1:3');
    expect(sealed).toMatch(/^dnz1\.key-a\./);
    expect(sealed).not.toContain('JANE');
    expect(openText(ringBA, sealed, 'ledger_events:d-1:3')).toBe('Called JANE DOE');
    expect(sealText(ringBA, 'x', 'c')).toMatch(/^dnz1\.key-b\./);
  });

  it('refuses a field moved to another row, altered, or sealed with a key the ring lacks', () => {
    const sealed = sealText(ringA, 'Called JANE DOE', 'ledger_events:d-1:3');
    expect(() => openText(ringA, sealed, 'ledger_events:d-2:3')).toThrow(/ledger_events:d-2:3 failed its integrity check/);
    expect(() => openText(ringA, `${sealed.slice(0, -2)}AA`, 'ledger_events:d-1:3')).toThrow(/integrity check/);
    expect(() => openText(keyringWith(b), sealed, 'ledger_events:d-1:3')).toThrow(/encrypted with key key-a, which is not in the key ring: add it to CODEC_KEYS/);
  });
});
