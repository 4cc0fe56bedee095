import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ENCODING, METADATA_KEY_ID, loadKeyring, parseCodecKeys } from '../../runtime/codec';
import { codecWith, randomKey } from '../support/codec-keys';

const value = { claim: 'CLM-1', amount: 240.5, note: 'PHI-MARKER-round-trip' };

describe('EncryptionCodec', () => {
  it('round-trips a payload and hides its content', async () => {
    const codec = codecWith(randomKey('k1'));
    const payload = defaultPayloadConverter.toPayload(value);
    const [encrypted] = await codec.encode([payload]);
    expect(Buffer.from(encrypted!.metadata!.encoding!).toString()).toBe(ENCODING);
    expect(Buffer.from(encrypted!.metadata![METADATA_KEY_ID]!).toString()).toBe('k1');
    expect(Buffer.from(encrypted!.data!).includes(Buffer.from('PHI-MARKER'))).toBe(false);
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(value);
  });

  it('encrypts the same value differently each time (random IV)', async () => {
    const codec = codecWith(randomKey('k1'));
    const payload = defaultPayloadConverter.toPayload(value);
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('decrypts with an older key after rotation, and encrypts with the new one', async () => {
    const oldKey = randomKey('2026-01');
    const newKey = randomKey('2026-06');
    const [before] = await codecWith(oldKey).encode([defaultPayloadConverter.toPayload(value)]);
    const rotated = codecWith(newKey, oldKey);
    const [decoded] = await rotated.decode([before!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(value);
    const [after] = await rotated.encode([defaultPayloadConverter.toPayload(value)]);
    expect(Buffer.from(after!.metadata![METADATA_KEY_ID]!).toString()).toBe('2026-06');
  });

  it('names the missing key when a payload was encrypted with a key it does not have', async () => {
    const [encrypted] = await codecWith(randomKey('gone')).encode([defaultPayloadConverter.toPayload(value)]);
    await expect(codecWith(randomKey('other')).decode([encrypted!])).rejects.toThrow(/No codec key with id gone/);
  });

  it('rejects a tampered payload', async () => {
    const key = randomKey('k1');
    const [encrypted] = await codecWith(key).encode([defaultPayloadConverter.toPayload(value)]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = data[20]! ^ 0xff;
    await expect(codecWith(key).decode([{ ...encrypted!, data }])).rejects.toThrow();
  });

  it('leaves payloads it did not encrypt untouched', async () => {
    const plain = defaultPayloadConverter.toPayload('not encrypted');
    const [out] = await codecWith(randomKey('k1')).decode([plain]);
    expect(out).toBe(plain);
  });
});

describe('codec keys', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'codec-keys-'));

  it('parses CODEC_KEYS with the first key encrypting', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    const keys = parseCodecKeys(`new=${a};old=${b}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys[1]!.key.equals(Buffer.alloc(32, 2))).toBe(true);
  });

  it('generates a key into the data folder on first embedded run, with a warning, and reuses it after', () => {
    const dataDir = tmp();
    const warnings: string[] = [];
    const first = loadKeyring({ dataDir, embedded: true, warn: (m) => warnings.push(m) });
    expect(warnings.join()).toMatch(/Production must supply its own keys/);
    expect((fs.statSync(path.join(dataDir, 'codec-keys.json')).mode & 0o777).toString(8)).toBe('600');
    const second = loadKeyring({ dataDir, embedded: true, warn: (m) => warnings.push(m) });
    expect(second.active.key.equals(first.active.key)).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('refuses to join a cluster without keys rather than sending payloads in clear', () => {
    expect(() => loadKeyring({ dataDir: tmp(), embedded: false, warn: () => undefined })).toThrow(/CODEC_KEYS is required/);
  });

  it('rejects a key of the wrong length', () => {
    expect(() => loadKeyring({ codecKeys: `short=${Buffer.alloc(16).toString('base64')}`, dataDir: tmp(), embedded: true, warn: () => undefined })).toThrow(
      /must be 32 bytes/,
    );
  });
});
