/**
 * A web app on loopback for the web tests: the real router, identity (SQLite file in a temp folder),
 * sign-in and session routes, plus the routes a test brings. A settable clock drives session expiry.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { createIntake } from '../../../client/ingest/intake';
import { createWebApp, type WebApp } from '../../../client/web/app';
import { createIdentity, type Identity } from '../../../client/web/auth/identity';
import type { LoginLimits } from '../../../client/web/auth/login-limit';
import { TEST_PASSWORD_COST } from '../../../client/web/auth/passwords';
import { SqliteIdentityStore } from '../../../client/web/auth/sqlite-identity-store';
import { listen } from '../../../client/web/http/listen';
import type { RouteDefinition } from '../../../client/web/http/route';
import { createRouter, type Router } from '../../../client/web/http/router';
import { loginRoutes } from '../../../client/web/routes/login';
import { sessionRoutes } from '../../../client/web/routes/session';
import { openApiRoute } from '../../../client/web/routes/system';
import { createRemittancesApi } from '../../../client/web/remittances-api';
import { loadConfig } from '../../../runtime/config';
import { createLogger } from '../../../runtime/log';

export interface TestApp {
  base: string;
  dataDir: string;
  identity: Identity;
  router: Router;
  /** The app's clock: tests move it to expire sessions. */
  clock: { now: Date };
  /** What the server logged (errors only). */
  logs: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  maxBodyBytes?: number;
  secureCookie?: boolean;
  trustedProxyHops?: number;
  loginLimits?: LoginLimits;
  /** The production scrypt cost instead of the tests' cheap one (for the tests of the cost itself). */
  productionPasswordCost?: boolean;
}

export async function startTestApp(routes: RouteDefinition[] = [], opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-'));
  const clock = { now: new Date() };
  const secureCookie = opts.secureCookie ?? false;
  const identity = createIdentity(SqliteIdentityStore.open(dataDir), {
    secureCookie,
    now: () => clock.now,
    ...(opts.loginLimits ? { loginLimits: opts.loginLimits } : {}),
    ...(opts.productionPasswordCost ? {} : { passwordCostForTests: TEST_PASSWORD_COST }),
  });
  const all: RouteDefinition[] = [...loginRoutes(identity, { secureCookie, trustedProxyHops: opts.trustedProxyHops }), ...sessionRoutes(), ...routes];
  all.push(openApiRoute(() => all));
  const logs: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => done(void logs.push(String(chunk))) });
  const router = createRouter({ routes: all, authenticate: (req) => identity.authenticate(req), log: createLogger({ level: 'error', stream }), maxBodyBytes: opts.maxBodyBytes, validateResponses: true });
  const server = await listen(router.handle, '127.0.0.1', 0);
  return {
    base: `http://127.0.0.1:${server.port}`,
    dataDir,
    identity,
    router,
    clock,
    logs,
    close: async () => {
      await server.close();
      await identity.close();
    },
  };
}

/** The `name=value` pairs a response sets, ready for a Cookie header. */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

export function formToken(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('the page has no _csrf field');
  return m[1]!;
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/** Signs in through the form, as a browser does: GET /login, then POST it with the cookie it set. */
export async function signIn(base: string, userId: string, password: string): Promise<SignedIn> {
  const r = await postLogin(base, userId, password);
  if (r.status !== 303) throw new Error(`sign-in as ${userId} answered ${r.status}: ${await r.text()}`);
  const cookie = cookiesFrom(r);
  const session = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, csrfToken: session.csrfToken };
}

export async function postLogin(base: string, userId: string, password: string, extra: Record<string, string> = {}): Promise<Response> {
  const page = await fetch(`${base}/login`);
  const loginCookie = cookiesFrom(page);
  const body = new URLSearchParams({ _csrf: formToken(await page.text()), userId, password, ...extra });
  return fetch(`${base}/login`, { method: 'POST', body, headers: { cookie: loginCookie }, redirect: 'manual' });
}

/**
 * POST /login from another loopback address (127.0.0.2, 127.0.0.3 …), which the rate limit counts as
 * another client: fetch cannot choose its source address.
 */
export async function postLoginFrom(localAddress: string, base: string, userId: string, password: string): Promise<number> {
  const page = await fetch(`${base}/login`);
  const body = new URLSearchParams({ _csrf: formToken(await page.text()), userId, password });
  return new Promise((resolve, reject) => {
    const headers = { cookie: cookiesFrom(page), 'content-type': 'application/x-www-form-urlencoded' };
    const req = http.request(`${base}/login`, { method: 'POST', localAddress, headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(body.toString());
  });
}

/** The product's own web app (createWebApp) on loopback, with a Temporal client that never connects. */
/** `env`: more settings, e.g. PUBLIC_URL. */
export async function startProductApp(dataDir: string, opts: { legacyIntakeKeys?: string[]; warnings?: string[]; env?: Record<string, string> } = {}): Promise<{ base: string; app: WebApp; close(): Promise<void> }> {
  const config = loadConfig({ DATA_DIR: dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1', DENIAL_ID_KEY: Buffer.alloc(32, 9).toString('base64'), CODEC_KEYS: `test=${Buffer.alloc(32, 7).toString('base64')}`, LOG_LEVEL: 'error', ...opts.env });
  const client = new Client({ connection: Connection.lazy({ address: config.temporalAddress }) });
  const intake = createIntake(config, undefined, () => undefined);
  const warnings = opts.warnings ?? [];
  const log = { ...createLogger({ level: 'error' }), warn: (m: string) => void warnings.push(m) };
  const remittances = createRemittancesApi({ intake, uploadsDir: path.join(dataDir, 'uploads'), apiKeys: opts.legacyIntakeKeys, maxBytes: 10_000, log });
  const app = await createWebApp(config, 'http://127.0.0.1', { client, log, remittances, validateResponses: true });
  const server = await listen(app.router.handle, '127.0.0.1', 0);
  return {
    base: `http://127.0.0.1:${server.port}`,
    app,
    close: async () => {
      await server.close();
      await app.close();
      await intake.close();
    },
  };
}
