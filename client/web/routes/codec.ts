/**
 * The codec server of the Temporal Web UI, behind the app's sign-in: `POST /api/codec/decode` and
 * `/encode` take and answer `{ payloads: [{ metadata, data }] }` (base64) and run them through the
 * deployment's payload codecs, the same keyring the worker uses. Decoded payloads carry PHI, hence
 * `codec:use`; the UI's `X-Namespace` header is accepted and not needed (one keyring per deployment).
 */
import type { PayloadCodec, Payload } from '@temporalio/common';
import type { Config } from '../../../runtime/config';
import { decodeWith, encodeWith, fromJson, PayloadsJsonSchema, toJson, type PayloadsJson } from '../codec-payloads';
import { webUiUrl } from '../health';
import type { CorsPolicy } from '../http/cors';
import { HttpError } from '../http/errors';
import { defineRoute, type RouteDefinition } from '../http/route';

export const CODEC_PATH = '/api/codec';

/** Temporal's own limit is 2 MB per payload; the UI sends a few at a time. */
const MAX_BODY_BYTES = 4_000_000;

/** The Web UI origin that may call the codec: CODEC_CORS_ORIGIN, else the origin of the Web UI link. */
export function codecCorsOrigin(config: Config): string | undefined {
  if (config.CODEC_CORS_ORIGIN) return config.CODEC_CORS_ORIGIN;
  const ui = webUiUrl(config);
  return ui ? new URL(ui).origin : undefined;
}

type Operation = 'decode' | 'encode';

/** One payload at a time, so a failure names the payload and what to do. */
async function convert(op: Operation, body: PayloadsJson, run: (p: Payload[]) => Promise<Payload[]>): Promise<PayloadsJson> {
  const payloads: PayloadsJson['payloads'] = [];
  for (const [index, payload] of body.payloads.entries()) {
    try {
      payloads.push(...(await run([fromJson(payload)])).map(toJson));
    } catch (err) {
      throw new HttpError(422, 'codec_failed', `payloads[${index}] could not be ${op}d: ${(err as Error).message}`, { index });
    }
  }
  return { payloads };
}

export function codecRoutes(codecs: readonly PayloadCodec[], corsOrigin: string | undefined): RouteDefinition[] {
  // The UI sends Content-Type and X-Namespace; "Pass the user access token" (Authorization) stays off:
  // the UI's token is not one of our API keys.
  const cors: CorsPolicy = { origin: corsOrigin, allowHeaders: ['Content-Type', 'X-Namespace'] };
  const route = (op: Operation, run: (p: Payload[]) => Promise<Payload[]>) =>
    defineRoute({
      method: 'POST',
      path: `${CODEC_PATH}/${op}`,
      summary: op === 'decode' ? 'Decrypt payloads for the Temporal Web UI (shows PHI)' : 'Encrypt payloads the Temporal Web UI sends to a workflow',
      description: `The Temporal codec server protocol. Cross-origin calls are allowed from ${corsOrigin ?? 'no other origin'} only, with credentials.`,
      tags: ['codec'],
      permission: 'codec:use',
      // Safe without the CSRF token: it changes nothing, and only the CORS origin can read the answer
      // (the router also insists on a JSON body, which no other origin can send without a preflight).
      csrf: 'exempt',
      cors,
      maxBodyBytes: MAX_BODY_BYTES,
      body: PayloadsJsonSchema,
      response: PayloadsJsonSchema,
      otherResponses: { 422: `codec_failed: a payload could not be ${op}d (details.index names it)` },
      handler: ({ body }) => convert(op, body, run),
    });
  return [route('decode', (p) => decodeWith(codecs, p)), route('encode', (p) => encodeWith(codecs, p))];
}
