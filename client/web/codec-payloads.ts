/**
 * Payloads as the codec server protocol carries them (the proto3 JSON form: metadata values and data in
 * base64), and the payload codec chain run over them the way the SDK runs it: encode in order, decode in
 * reverse order.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';

// Proto3 JSON writes standard base64; readers must also take the URL-safe alphabet and missing padding.
const Base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { error: 'expected base64' });

export const PayloadJsonSchema = z.object({
  metadata: z.record(z.string(), Base64).nullish(),
  data: Base64.nullish(),
});
export type PayloadJson = z.infer<typeof PayloadJsonSchema>;

export const PayloadsJsonSchema = z.object({ payloads: z.array(PayloadJsonSchema) }).meta({ id: 'CodecPayloads' });
export type PayloadsJson = z.infer<typeof PayloadsJsonSchema>;

export function fromJson(p: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

export function toJson(p: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

export async function encodeWith(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (const codec of codecs) out = await codec.encode(out);
  return out;
}

export async function decodeWith(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (const codec of [...codecs].reverse()) out = await codec.decode(out);
  return out;
}
