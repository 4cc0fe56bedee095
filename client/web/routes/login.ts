/**
 * GET /login, POST /login, POST /logout. Before a session exists the form is protected by a double-submit
 * token (a cookie and the same value in the form); a signed-in user's form carries the session's token.
 */
import { z } from 'zod';
import { readCookies, clearCookie, setCookie } from '../http/cookies';
import { clientAddress } from '../http/client-address';
import { definePage, htmlPage, redirect, type RequestContext, type RouteDefinition } from '../http/route';
import type { Identity } from '../auth/identity';
import { LOGIN_WINDOW_MS, type LoginLimitHit } from '../auth/login-limit';
import { SESSION_COOKIE } from '../auth/sessions';
import { randomToken, sameSecret } from '../auth/tokens';
import { renderLoginPage } from '../pages/login-page';

const LOGIN_CSRF_COOKIE = 'denials_login_csrf';

/** Where a sign-in lands without a (valid) `next`: the start page, which sends each role to its work. */
export const HOME = '/';

/** Stands for the app's own origin: `next` is kept only as a path, so the real one is never needed. */
const SELF = 'http://app.invalid';
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/**
 * Only paths on this site: `/worklist?x=1`, never `//evil.example`, `https://…`, or what a browser
 * normalises into another host (`/.//evil.example` is `//evil.example` once its dot segment is gone).
 */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || CONTROL_OR_BACKSLASH.test(next) || next.split(/[?#]/)[0]!.includes('//')) return HOME;
  try {
    const url = new URL(next, SELF);
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (url.origin !== SELF || url.pathname.includes('//') || new URL(path, SELF).origin !== SELF) return HOME;
    return path;
  } catch {
    return HOME;
  }
}

/** What a refused sign-in says, by the ceiling it hit. */
function limitMessage(hit: LoginLimitHit, userId: string): string {
  const wait = `wait ${LOGIN_WINDOW_MS / 60_000} minutes and try again`;
  if (hit === 'perUser') return `Too many failed sign-ins for ${userId} from this address: ${wait}, or ask an admin to reset the password.`;
  if (hit === 'perAddress') return `Too many failed sign-ins from this address: ${wait}.`;
  return `Sign-in is paused for everyone: too many failed sign-ins on this site in the last ${LOGIN_WINDOW_MS / 60_000} minutes. Please ${wait}.`;
}

const NextQuery = z.object({ next: z.string().max(2000).optional() });

const LoginForm = z.object({
  userId: z.string().trim().toLowerCase().max(64).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2000).optional(),
  _csrf: z.string().max(200).optional(),
});

/** `trustedProxyHops`: reverse proxies in front of the app (see clientAddress). */
export function loginRoutes(identity: Identity, opts: { secureCookie: boolean; trustedProxyHops?: number }): RouteDefinition[] {
  /** The token this form must carry: the session's when signed in, else the double-submit cookie's (set here when missing). */
  function formToken(ctx: RequestContext<'public'>): string {
    if (ctx.csrfToken) return ctx.csrfToken;
    const existing = readCookies(ctx.req.headers.cookie).get(LOGIN_CSRF_COOKIE);
    if (existing) return existing;
    const token = randomToken(24);
    ctx.setCookie(setCookie(LOGIN_CSRF_COOKIE, token, { secure: opts.secureCookie, sameSite: 'Strict', maxAgeSeconds: 3600 }));
    return token;
  }

  const form = (ctx: RequestContext<'public'>, f: { next?: string; userId?: string; error?: string }, status = 200, headers?: Record<string, string>) =>
    htmlPage(renderLoginPage({ csrfToken: formToken(ctx), next: safeNext(f.next), userId: f.userId, error: f.error }), status, headers);

  const showForm = definePage({
    path: '/login',
    summary: 'The sign-in form',
    permission: 'public',
    query: NextQuery,
    handler: (ctx) => form(ctx, { next: ctx.query.next }),
  });

  const signIn = definePage({
    method: 'POST',
    path: '/login',
    summary: 'Sign in with user id and password; redirects to `next` (same-site paths only) or /',
    permission: 'public',
    body: LoginForm,
    handler: async (ctx) => {
      const { userId, password, next } = ctx.body;
      // Without a session the router checked nothing: the form must echo the cookie it was served with.
      const cookieToken = readCookies(ctx.req.headers.cookie).get(LOGIN_CSRF_COOKIE);
      if (!ctx.csrfToken && !(cookieToken && ctx.body._csrf && sameSecret(cookieToken, ctx.body._csrf))) {
        return form(ctx, { next, userId, error: 'This form has expired or did not come from this site: sign in again from this page.' }, 403);
      }
      if (!userId || !password) return form(ctx, { next, userId, error: 'Enter your user id and your password.' }, 400);
      const ip = clientAddress(ctx.req, opts.trustedProxyHops ?? 0);
      // Reserved before the (deliberately slow) password check: parallel guesses each take a slot.
      const hit = await identity.loginLimiter.reserve(userId, ip);
      if (hit) return form(ctx, { next, userId, error: limitMessage(hit, userId) }, 429, { 'retry-after': String(LOGIN_WINDOW_MS / 1000) });
      const user = await identity.accounts.verify(userId, password);
      if (!user) return form(ctx, { next, userId, error: 'The user id or password is not right (or the account is disabled).' }, 401);
      await identity.loginLimiter.succeeded(userId, ip);
      const previous = readCookies(ctx.req.headers.cookie).get(SESSION_COOKIE);
      if (previous) await identity.sessions.end(previous);
      const session = await identity.sessions.start(user);
      ctx.setCookie(session.setCookie);
      ctx.setCookie(clearCookie(LOGIN_CSRF_COOKIE, { secure: opts.secureCookie }));
      return redirect(safeNext(next));
    },
  });

  const signOut = definePage({
    method: 'POST',
    path: '/logout',
    summary: 'Sign out: ends the session (the router checked its CSRF token) and returns to the sign-in form',
    permission: 'public',
    handler: async (ctx) => {
      const token = readCookies(ctx.req.headers.cookie).get(SESSION_COOKIE);
      if (token) await identity.sessions.end(token);
      ctx.setCookie(identity.sessions.clearCookie());
      return redirect('/login');
    },
  });

  return [showForm, signIn, signOut];
}
