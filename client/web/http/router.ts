/**
 * The router: finds the route (static paths by map lookup, then patterns), authenticates, checks the
 * permission, parses params, query and body with the route's schemas, checks the CSRF token of
 * cookie-authenticated writes (unless the route is `csrf: 'exempt'`), runs the handler and sends JSON or
 * HTML; routes that declare `cors` get CORS headers and their OPTIONS preflight answered. Errors leave as
 * `{ code, message, details }` (API) or an error page (pages).
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { z } from 'zod';
import type { Logger } from '../../../runtime/log';
import type { Authentication } from '../auth/identity';
import { can, rolesWith, type Permission } from '../auth/permissions';
import { actorOf, type Principal } from '../auth/principal';
import { sameSecret } from '../auth/tokens';
import { errorPage } from '../pages/layout';
import { mediaType, parseBody, queryObject, readBody } from './body';
import { corsHeaders, preflightHeaders } from './cors';
import { badRequest, forbidden, HttpError, INTERNAL_ERROR, invalidRequest, unauthenticated, type RequestPart } from './errors';
import { compilePath, matchPath, type PathPattern } from './path-pattern';
import { FileBody, HtmlPage, Redirect, Reply, type HttpMethod, type RequestContext, type RouteDefinition } from './route';
import { sendHtml, sendJson, sendRedirect } from './send';

export interface RouterOptions {
  routes: readonly RouteDefinition[];
  authenticate(req: http.IncomingMessage): Promise<Authentication>;
  log: Logger;
  /** Largest JSON or form body a route accepts unless it sets its own; default 1 MB. */
  maxBodyBytes?: number;
  /** Check every JSON response against its route's schema: for tests, it costs time on long lists. */
  validateResponses?: boolean;
}

export interface Router {
  readonly routes: readonly RouteDefinition[];
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}

interface Compiled {
  def: RouteDefinition;
  pattern: PathPattern;
}

type Match = { kind: 'route'; route: Compiled; rawParams: Record<string, string> } | { kind: 'none'; allowed: HttpMethod[] };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

function compileTable(routes: readonly RouteDefinition[]) {
  const exact = new Map<string, Compiled>();
  const patterns: Compiled[] = [];
  for (const def of routes) {
    const pattern = compilePath(def.path);
    const key = `${def.method} ${def.path}`;
    if (exact.has(key) || patterns.some((p) => `${p.def.method} ${p.def.path}` === key)) throw new Error(`Route ${key} is defined twice.`);
    if (pattern.names.length && !def.params) throw new Error(`Route ${key} has path parameters: give it a \`params\` schema.`);
    if (pattern.names.length && def.cors) throw new Error(`Route ${key}: \`cors\` is for static paths only (the preflight looks them up by path).`);
    if (pattern.names.length) patterns.push({ def, pattern });
    else exact.set(key, { def, pattern });
  }
  return { exact, patterns };
}

function principalFor(def: RouteDefinition, auth: Authentication): Principal | undefined {
  const authenticated = auth.kind === 'session' || auth.kind === 'api_key' ? auth.principal : undefined;
  if (def.permission === 'public') return authenticated;
  const what = `${def.method} ${def.path}`;
  if (auth.kind === 'failed') throw unauthenticated(auth.reason);
  if (!authenticated) {
    throw unauthenticated(`${what} needs a signed-in user or an API key: sign in at /login, or send "Authorization: Bearer <key>" (or "x-api-key: <key>").`);
  }
  if (def.permission === 'signed_in' || can(authenticated, def.permission)) return authenticated;
  const permission: Permission = def.permission;
  const who = authenticated.kind === 'user' ? `User ${authenticated.id}` : `API key ${authenticated.id}`;
  throw forbidden(`${who} (role ${authenticated.role}) lacks the permission ${permission} that ${what} needs; roles with it: ${rolesWith(permission).join(', ')}.`, {
    permission,
    role: authenticated.role,
  });
}

function checkCsrf(def: RouteDefinition, req: http.IncomingMessage, auth: Authentication, body: unknown): void {
  if (auth.kind !== 'session' || !UNSAFE.has(req.method ?? '')) return;
  if (def.csrf === 'exempt') {
    // A JSON content type cannot be sent cross-origin without a preflight, which only the route's CORS
    // origin passes: no other page can even make the exempt route run with this session's cookie.
    if (mediaType(req) === 'application/json') return;
    throw new HttpError(415, 'unsupported_media_type', `${def.method} ${def.path} takes content-type application/json only.`);
  }
  const header = req.headers['x-csrf-token'];
  const field = body && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
  const presented = typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
  if (!presented) {
    throw new HttpError(403, 'csrf_token_missing', 'A signed-in change needs the CSRF token: send it in the x-csrf-token header (GET /api/session gives it) or the _csrf form field.');
  }
  if (!sameSecret(presented, auth.csrfToken)) {
    throw new HttpError(403, 'csrf_token_invalid', 'The CSRF token does not belong to this session: reload the page (or GET /api/session) and send the new one.');
  }
}

function withoutCsrfField(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('_csrf' in body)) return body;
  const { _csrf: _token, ...rest } = body as Record<string, unknown>;
  return rest;
}

function parsePart<S extends z.ZodType | undefined>(part: RequestPart, schema: S, value: unknown): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw invalidRequest(part, r.error);
  return r.data;
}

/** The proxy's X-Request-Id when it is a plain token (it goes into logs), else a new one. */
function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
}

export function createRouter(opts: RouterOptions): Router {
  const { exact, patterns } = compileTable(opts.routes);
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  function find(method: string, pathname: string): Match {
    const hit = exact.get(`${method} ${pathname}`);
    if (hit) return { kind: 'route', route: hit, rawParams: {} };
    const allowed: HttpMethod[] = [];
    for (const c of patterns) {
      const params = matchPath(c.pattern, pathname);
      if (!params) continue;
      if (c.def.method === method) return { kind: 'route', route: c, rawParams: params };
      allowed.push(c.def.method);
    }
    for (const c of exact.values()) if (c.def.path === pathname) allowed.push(c.def.method);
    return { kind: 'none', allowed };
  }

  async function run(def: RouteDefinition, rawParams: Record<string, string>, req: http.IncomingMessage, url: URL, cookies: string[]): Promise<unknown> {
    const auth = await opts.authenticate(req);
    const principal = principalFor(def, auth);
    const ctx: RequestContext = {
      req,
      url,
      principal: principal as Principal,
      actor: principal ? actorOf(principal) : (undefined as never),
      csrfToken: auth.kind === 'session' ? auth.csrfToken : undefined,
      setCookie: (c) => cookies.push(c),
    };
    const hasBody = UNSAFE.has(def.method) && !def.rawBody;
    const raw = hasBody ? parseBody(await readBody(req, def.maxBodyBytes ?? maxBody), mediaType(req)) : undefined;
    checkCsrf(def, req, auth, raw);
    try {
      const params = parsePart('params', def.params, rawParams);
      const query = parsePart('query', def.query, queryObject(url));
      // Checked above for sessions; anonymous forms (sign-in) check their own token.
      const body = parsePart('body', def.body, auth.kind === 'session' ? withoutCsrfField(raw) : raw);
      return await def.handler({ ...ctx, params, query, body });
    } catch (err) {
      const invalid = def.onInvalid && err instanceof HttpError && err.code === 'invalid_request' && Array.isArray(err.details.issues);
      if (invalid) return def.onInvalid!(ctx, (err as HttpError).details.issues as { path: string; message: string }[]);
      throw err;
    }
  }

  function sendFile(res: http.ServerResponse, f: FileBody): void {
    const name = f.opts.download ?? f.opts.inlineName;
    res.writeHead(200, {
      'content-type': f.contentType,
      'x-content-type-options': 'nosniff',
      'cache-control': f.opts.cache ?? 'no-store',
      ...(name ? { 'content-disposition': `${f.opts.download ? 'attachment' : 'inline'}; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"` } : {}),
    });
    res.end(f.bytes);
  }

  function sendApi(def: RouteDefinition, res: http.ServerResponse, result: unknown): void {
    if (result instanceof FileBody) return sendFile(res, result);
    const reply = result instanceof Reply ? result : new Reply(def.status ?? 200, result);
    if (opts.validateResponses && def.response && reply.status < 300) {
      const check = def.response.safeParse(reply.body);
      if (!check.success) throw new Error(`${def.method} ${def.path} answered outside its response schema: ${check.error.message}`);
    }
    if (reply.status === 204) {
      res.writeHead(204, reply.headers);
      res.end();
      return;
    }
    sendJson(res, reply.status, reply.body, reply.headers);
  }

  function sendPage(res: http.ServerResponse, result: unknown): void {
    if (result instanceof Redirect) return sendRedirect(res, result.status, result.location);
    if (result instanceof FileBody) return sendFile(res, result);
    const page = result instanceof HtmlPage ? result : new HtmlPage(String(result));
    sendHtml(res, page.status, page.html, page.headers);
  }

  function sendError(kind: 'api' | 'page', req: http.IncomingMessage, res: http.ServerResponse, url: URL, err: unknown, requestId: string): void {
    if (!(err instanceof HttpError)) {
      opts.log.error('web request failed', { route: `${req.method} ${url.pathname}`, error: (err as Error).message, requestId });
      if (res.headersSent) return void res.destroy();
      return kind === 'api' ? sendJson(res, 500, INTERNAL_ERROR) : sendHtml(res, 500, errorPage(500, INTERNAL_ERROR.message));
    }
    if (res.headersSent) return void res.destroy();
    // A body we refused is not read to its end: close the connection instead.
    const headers = err.status === 413 ? { ...err.headers, connection: 'close' } : err.headers;
    if (kind === 'api') return sendJson(res, err.status, err.body(), headers);
    if (err.status === 401 && req.method === 'GET') return sendRedirect(res, 303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    sendHtml(res, err.status, errorPage(err.status, err.message), headers);
  }

  /** A CORS preflight for a path whose routes declare `cors`; false when no such route has the path. */
  function preflight(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): boolean {
    const routes = [...exact.values()].filter((c) => c.def.cors && c.def.path === pathname);
    const policy = routes[0]?.def.cors;
    if (!policy) return false;
    req.resume();
    const headers = preflightHeaders(policy, req, routes.map((c) => c.def.method));
    if (headers['access-control-allow-origin']) {
      res.writeHead(204, headers);
      res.end();
    } else {
      const message = `Origin ${req.headers.origin ?? '(none)'} may not call ${pathname}; the allowed origin is ${policy.origin ?? 'none (same origin only)'}.`;
      sendJson(res, 403, { code: 'cors_origin_not_allowed', message, details: {} }, headers);
    }
    return true;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    // Logs name the request by this id, and the answer carries it, so a person can quote it to support.
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    if (method === 'OPTIONS' && preflight(req, res, url.pathname)) return;
    let kind: 'api' | 'page' = url.pathname.startsWith('/api/') ? 'api' : 'page';
    const cookies: string[] = [];
    try {
      let match: Match;
      try {
        match = find(method, url.pathname);
      } catch {
        throw badRequest(`The path ${url.pathname} has a malformed %-escape; encode it with encodeURIComponent.`);
      }
      if (match.kind === 'none') {
        req.resume();
        if (match.allowed.length) {
          throw new HttpError(405, 'method_not_allowed', `${url.pathname} does not take ${method}; use ${match.allowed.join(' or ')}.`, { allowed: match.allowed }, { allow: match.allowed.join(', ') });
        }
        throw new HttpError(404, 'not_found', `No route for ${method} ${url.pathname}; GET /api/openapi.json lists the API.`);
      }
      const def = match.route.def;
      kind = def.kind;
      // Set before the handler runs so error answers carry them too: the Web UI can then read a 401 or 403.
      if (def.cors) for (const [name, value] of Object.entries(corsHeaders(def.cors, req))) res.setHeader(name, value);
      const result = await run(def, match.rawParams, req, url, cookies);
      if (cookies.length) res.setHeader('set-cookie', cookies);
      if (kind === 'api') sendApi(def, res, result);
      else sendPage(res, result);
    } catch (err) {
      if (!req.readableEnded) req.resume();
      try {
        sendError(kind, req, res, url, err, requestId);
      } catch (renderError) {
        // Even the error could not be rendered: never leave the client waiting.
        opts.log.error('web error response failed', { route: `${method} ${url.pathname}`, error: (renderError as Error).message, requestId });
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, INTERNAL_ERROR);
      }
    }
  }

  return { routes: opts.routes, handle };
}
