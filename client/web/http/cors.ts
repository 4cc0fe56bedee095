/**
 * Cross-origin access for the few routes that declare it (the codec endpoint the Temporal Web UI calls):
 * exactly one allowed origin, with credentials, and the preflight the browser sends first. Any other
 * origin gets no CORS headers, so the browser keeps the response from it.
 */
import type http from 'node:http';

export interface CorsPolicy {
  /** The one origin (`scheme://host[:port]`) allowed to read responses; undefined: same-origin only. */
  origin: string | undefined;
  /** Request headers the origin may send besides the CORS-safelisted ones. */
  allowHeaders: readonly string[];
}

/** How long a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

function requestOrigin(req: http.IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return typeof origin === 'string' ? origin : undefined;
}

export function isAllowedOrigin(policy: CorsPolicy, req: http.IncomingMessage): boolean {
  return !!policy.origin && requestOrigin(req) === policy.origin;
}

/** Headers of an actual response: the allowed origin is echoed, anyone else gets none. */
export function corsHeaders(policy: CorsPolicy, req: http.IncomingMessage): Record<string, string> {
  // The answer depends on Origin, so caches must key on it.
  const vary = { vary: 'Origin' };
  if (!isAllowedOrigin(policy, req)) return vary;
  return { ...vary, 'access-control-allow-origin': policy.origin!, 'access-control-allow-credentials': 'true' };
}

/** Headers of a preflight answer for the methods the path takes; none when the origin is not allowed. */
export function preflightHeaders(policy: CorsPolicy, req: http.IncomingMessage, methods: readonly string[]): Record<string, string> {
  const headers = corsHeaders(policy, req);
  if (!headers['access-control-allow-origin']) return headers;
  return {
    ...headers,
    'access-control-allow-methods': [...methods, 'OPTIONS'].join(', '),
    'access-control-allow-headers': policy.allowHeaders.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
  };
}
