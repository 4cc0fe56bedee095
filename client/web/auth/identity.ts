/**
 * The identity services the web app uses, over one store: accounts, sessions, API keys, the sign-in
 * limiter, and `authenticate`, which turns a request's cookie or API key into a principal.
 */
import type http from 'node:http';
import net from 'node:net';
import type { Config } from '../../../runtime/config';
import { readCookies } from '../http/cookies';
import { Accounts } from './accounts';
import { ApiKeys } from './api-keys';
import type { IdentityStore } from './identity-store';
import { LoginLimiter, type LoginLimits } from './login-limit';
import type { ScryptCost } from './passwords';
import type { Principal } from './principal';
import { SESSION_COOKIE, Sessions } from './sessions';
import { PostgresIdentityStore } from './postgres-identity-store';
import { SqliteIdentityStore } from './sqlite-identity-store';

export type Authentication =
  | { kind: 'none' }
  | { kind: 'failed'; reason: string }
  | { kind: 'session'; principal: Principal; csrfToken: string; sessionToken: string }
  | { kind: 'api_key'; principal: Principal };

export interface IdentityOptions {
  /** Set the cookie's Secure flag (see `secureCookieFor`). */
  secureCookie: boolean;
  now?: () => Date;
  /** Sign-in ceilings (LOGIN_FAILURES_* settings); default DEFAULT_LOGIN_LIMITS. */
  loginLimits?: LoginLimits;
  /** Tests only (TEST_PASSWORD_COST): a cheaper scrypt cost. The product never sets it. */
  passwordCostForTests?: ScryptCost;
}

export interface Identity {
  store: IdentityStore;
  accounts: Accounts;
  sessions: Sessions;
  apiKeys: ApiKeys;
  loginLimiter: LoginLimiter;
  authenticate(req: http.IncomingMessage): Promise<Authentication>;
  close(): Promise<void>;
}

/** `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedApiKey(req: http.IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  const header = req.headers['x-api-key'];
  return (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
}

export function createIdentity(store: IdentityStore, opts: IdentityOptions): Identity {
  const now = opts.now ?? (() => new Date());
  const sessions = new Sessions(store, { secureCookie: opts.secureCookie, now });
  const apiKeys = new ApiKeys(store, now);
  return {
    store,
    accounts: new Accounts(store, now, opts.passwordCostForTests),
    sessions,
    apiKeys,
    loginLimiter: new LoginLimiter(store, opts.loginLimits, now),
    // An API key wins over a cookie: it is explicit, and needs no CSRF token.
    async authenticate(req) {
      const key = presentedApiKey(req);
      if (key) {
        const r = await apiKeys.check(key);
        return r.ok ? { kind: 'api_key', principal: r.principal } : { kind: 'failed', reason: r.reason };
      }
      const token = readCookies(req.headers.cookie).get(SESSION_COOKIE);
      if (!token) return { kind: 'none' };
      const r = await sessions.check(token);
      return r.ok ? { kind: 'session', principal: r.principal, csrfToken: r.csrfToken, sessionToken: token } : { kind: 'failed', reason: r.reason };
    },
    close: () => store.close(),
  };
}

/** The deployment's identity store: PostgreSQL when DATABASE_URL is set, so every web node shares it; else SQLite in DATA_DIR. */
export function openIdentityStore(config: Pick<Config, 'dataDir' | 'DATABASE_URL'>): IdentityStore {
  return config.DATABASE_URL ? new PostgresIdentityStore(config.DATABASE_URL) : SqliteIdentityStore.open(config.dataDir);
}

export function openIdentity(config: Pick<Config, 'dataDir' | 'DATABASE_URL'>, opts: IdentityOptions): Identity {
  return createIdentity(openIdentityStore(config), opts);
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/**
 * The cookies' Secure flag: on, unless people reach the app on a loopback host over plain http (the
 * embedded default). A cookie for any other host never travels in clear, even when PUBLIC_URL says
 * http: such a deployment must put TLS in front, or sign-in will not stick.
 */
export function secureCookieFor(config: Pick<Config, 'PUBLIC_URL' | 'WEB_HOST'>): boolean {
  if (!config.PUBLIC_URL) return !isLoopback(config.WEB_HOST);
  const url = new URL(config.PUBLIC_URL);
  return url.protocol === 'https:' || !isLoopback(url.hostname);
}
