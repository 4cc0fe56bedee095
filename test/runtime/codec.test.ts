import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { DEFLATE, ENCODING, EncryptionCodec, METADATA_COMPRESSION, METADATA_KEY_ID, loadKeyring, makeKeyring, parseCodecKeys } from '../../runtime/codec';
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

  describe('compression', () => {
    // A ledger entry's shape: facts repeated in every entry, which is what deflate finds.
    const entry = { summary: 'Route: appeal level 1', facts: { payerId: '04412', codes: ['CO-50', 'N115'], ruleIds: Array.from({ length: 12 }, (_, i) => `RULE-${i}`) }, rationale: Array.from({ length: 6 }, () => 'CO-50 (Not medically necessary per payer) → medical_necessity') };
    const marker = (p: { metadata?: Record<string, Uint8Array> | null }) => p.metadata?.[METADATA_COMPRESSION] && Buffer.from(p.metadata[METADATA_COMPRESSION]).toString();

    it('deflates a payload worth compressing before encrypting it, and reads it back', async () => {
      const key = randomKey('k1');
      const plainPayload = defaultPayloadConverter.toPayload(entry);
      const [compressed] = await codecWith(key).encode([plainPayload]);
      const [uncompressed] = await new EncryptionCodec(makeKeyring([key]), { compress: false }).encode([plainPayload]);
      expect(marker(compressed!)).toBe(DEFLATE);
      expect(marker(uncompressed!)).toBeFalsy();
      expect(compressed!.data!.length).toBeLessThan(uncompressed!.data!.length * 0.6);
      for (const p of [compressed!, uncompressed!]) expect(defaultPayloadConverter.fromPayload((await codecWith(key).decode([p]))[0]!)).toEqual(entry);
    });

    it('leaves small payloads uncompressed', async () => {
      const [small] = await codecWith(randomKey('k1')).encode([defaultPayloadConverter.toPayload('ok')]);
      expect(marker(small!)).toBeFalsy();
    });

    it('refuses a payload whose compression marker was stripped or added (the marker is authenticated)', async () => {
      const key = randomKey('k1');
      const [compressed] = await codecWith(key).encode([defaultPayloadConverter.toPayload(entry)]);
      const { [METADATA_COMPRESSION]: _dropped, ...stripped } = compressed!.metadata!;
      await expect(codecWith(key).decode([{ ...compressed!, metadata: stripped }])).rejects.toThrow(/failed authentication/);
      const [small] = await codecWith(key).encode([defaultPayloadConverter.toPayload('ok')]);
      await expect(codecWith(key).decode([{ ...small!, metadata: { ...small!.metadata!, [METADATA_COMPRESSION]: Buffer.from(DEFLATE) } }])).rejects.toThrow(/failed authentication/);
    });

    it('names a compression it cannot read', async () => {
      const key = randomKey('k1');
      const [compressed] = await codecWith(key).encode([defaultPayloadConverter.toPayload(entry)]);
      const other = { ...compressed!, metadata: { ...compressed!.metadata!, [METADATA_COMPRESSION]: Buffer.from('zstd') } };
      await expect(codecWith(key).decode([other])).rejects.toThrow(/compressed with zstd, which this version cannot read/);
    });
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
