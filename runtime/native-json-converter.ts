/**
 * The SDK's default payload converter, with Node's native UTF-8 for JSON. The SDK encodes and decodes
 * JSON through a JavaScript UTF-8 polyfill (its workflow sandbox has no TextEncoder), which cost about
 * 40 µs per 5 KB denial case: after the gRPC call itself, the largest client cost of an intake start.
 * The bytes are the same (JSON.stringify escapes lone surrogates, so the text is always valid UTF-16),
 * so workers and other clients with the default converter read these payloads unchanged. Clients only:
 * workflow code cannot load this module (no Buffer in the sandbox).
 */
import {
  BinaryPayloadConverter,
  CompositePayloadConverter,
  JsonPayloadConverter,
  type Payload,
  UndefinedPayloadConverter,
  ValueError,
} from '@temporalio/common';

const JSON_ENCODING = Buffer.from('json/plain');

class NativeJsonPayloadConverter extends JsonPayloadConverter {
  override toPayload(value: unknown): Payload | undefined {
    if (value === undefined) return undefined;
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch {
      return undefined;
    }
    return { metadata: { encoding: JSON_ENCODING }, data: Buffer.from(json, 'utf8') };
  }

  override fromPayload<T>(content: Payload): T {
    if (content.data === undefined || content.data === null) throw new ValueError('Got payload with no data');
    const data = content.data;
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as T;
  }
}

/** Loaded by the SDK from `payloadConverterPath` (see clientDataConverter). */
export const payloadConverter = new CompositePayloadConverter(new UndefinedPayloadConverter(), new BinaryPayloadConverter(), new NativeJsonPayloadConverter());
