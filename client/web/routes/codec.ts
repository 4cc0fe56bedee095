/**
 * The codec server of the Temporal Web UI, behind the app's sign-in: `POST /api/codec/decode` takes and
 * answers `{ payloads: [{ metadata, data }] }` (base64) through the deployment's payload codecs, the same
 * keyring the worker uses. Decoded payloads carry PHI and the request names no workflow, so only people
 * who may see every workflow hold `codec:use` (supervisors, admins), and every use is recorded in the
 * ledger's access log before anything is decoded. There is no `/encode`: a payload the worker accepts is
 * one the app made, so nobody holding only this endpoint can make a command the workflows would take.
 */
import { randomUUID } from 'node:crypto';
import type { PayloadCodec } from '@temporalio/common';
import type { AccessEntry } from '../../../domain/lifecycle/access-entry';
import type { Config } from '../../../runtime/config';
import { decodeWith, fromJson, PayloadsJsonSchema, toJson, type PayloadsJson } from '../codec-payloads';
import { clientAddress } from '../http/client-address';
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

/** One payload at a time, so a failure names the payload and what to do. */
async function decodeEach(body: PayloadsJson, codecs: readonly PayloadCodec[]): Promise<PayloadsJson> {
  const payloads: PayloadsJson['payloads'] = [];
  for (const [index, payload] of body.payloads.entries()) {
    try {
      payloads.push(...(await decodeWith(codecs, [fromJson(payload)])).map(toJson));
    } catch (err) {
      throw new HttpError(422, 'codec_failed', `payloads[${index}] could not be decoded: ${(err as Error).message}`, { index });
    }
  }
  return { payloads };
}

export interface CodecAudit {
  recordAccess(entry: AccessEntry): Promise<void>;
}

export function codecRoutes(codecs: readonly PayloadCodec[], corsOrigin: string | undefined, audit: CodecAudit, trustedProxyHops = 0): RouteDefinition[] {
  // The UI sends Content-Type and X-Namespace; "Pass the user access token" (Authorization) stays off:
  // the UI's token is not one of our API keys.
  const cors: CorsPolicy = { origin: corsOrigin, allowHeaders: ['Content-Type', 'X-Namespace'] };
  return [
    defineRoute({
      method: 'POST',
      path: `${CODEC_PATH}/decode`,
      summary: 'Decrypt payloads for the Temporal Web UI (shows PHI; recorded in the access log)',
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
      otherResponses: { 422: 'codec_failed: a payload could not be decoded (details.index names it)' },
      handler: async ({ body, actor, req }) => {
        const namespace = String(req.headers['x-namespace'] ?? 'default').slice(0, 100);
        // Recorded first: if the access log cannot take it, nothing is decoded.
        await audit.recordAccess({
          id: randomUUID(),
          at: new Date().toISOString(),
          actor,
          action: 'codec_decode',
          detail: `${body.payloads.length} payload(s), namespace ${namespace}`,
          address: clientAddress(req, trustedProxyHops),
        });
        return decodeEach(body, codecs);
      },
    }),
  ];
}
