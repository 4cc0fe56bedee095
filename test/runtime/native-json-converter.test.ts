// The clients' JSON payload converter must write exactly the bytes the SDK's default converter writes
// (workers decode with the default), and read what the default writes.
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { payloadConverter } from '../../runtime/native-json-converter';

const values: unknown[] = [
  { denial: { claim: { patientControlNumber: 'PCN-1', chargeCents: 24000 } }, eventKey: 'abc' },
  { patient: { name: 'MÜLLER, JOSÉ', memberId: 'XJ-00002' } },
  'emoji 🦷 and CJK 歯科',
  'lone surrogates \ud800 and \udfff stay escaped',
  ['nested', [1, 2.5, -3], { a: null, b: true }],
  42,
  null,
  '',
];

describe('native JSON payload converter', () => {
  it('writes the same metadata and bytes as the SDK default', () => {
    for (const value of values) {
      const ours = payloadConverter.toPayload(value);
      const sdk = defaultPayloadConverter.toPayload(value);
      expect(Buffer.from(ours!.metadata!.encoding!).toString()).toBe(Buffer.from(sdk!.metadata!.encoding!).toString());
      expect(Buffer.from(ours!.data!).equals(Buffer.from(sdk!.data!))).toBe(true);
    }
  });

  it('reads what the default writes and the other way round', () => {
    for (const value of values) {
      expect(payloadConverter.fromPayload(defaultPayloadConverter.toPayload(value)!)).toEqual(value);
      expect(defaultPayloadConverter.fromPayload(payloadConverter.toPayload(value)!)).toEqual(value);
    }
  });

  it('keeps binary and undefined payloads as the default does', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect(payloadConverter.toPayload(bytes)).toEqual(defaultPayloadConverter.toPayload(bytes));
    expect(payloadConverter.toPayload(undefined)).toEqual(defaultPayloadConverter.toPayload(undefined));
  });
});
