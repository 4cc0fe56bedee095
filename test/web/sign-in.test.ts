// Sign-in over real HTTP: the form and its CSRF token, the cookie's attributes, same-site redirects, the
// rate limit per user id and address, who-am-I, sign-out, and sessions expiring (idle and absolute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_LIMITS } from '../../client/web/auth/sessions';
import { safeNext } from '../../client/web/routes/login';
import { cookiesFrom, formToken, postLogin, postLoginFrom, signIn, startTestApp, type TestApp } from './support/test-app';

const PASSWORD = 'alex-password-1';

describe('sign-in', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    await app.identity.accounts.add({ id: 'ar.alex', displayName: 'Alex Rivera', role: 'ar_specialist', team: 'ar_follow_up', password: PASSWORD });
    await app.identity.accounts.add({ id: 'ar.bea', displayName: 'Bea', role: 'ar_specialist', team: 'coding', password: 'bea-password-12' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('GET /login is a labelled form carrying a token bound to a cookie', async () => {
    const r = await fetch(`${app.base}/login?next=/worklist`);
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain('<label for="userId">User id</label>');
    expect(page).toContain('<label for="password">Password</label>');
    expect(page).toContain('autocomplete="current-password"');
    expect(page).toContain('name="next" value="/worklist"');
    const [cookie] = r.headers.getSetCookie();
    expect(cookie).toMatch(/^denials_login_csrf=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    expect(cookie).toContain(formToken(page));
  });

  it('a form without its cookie is refused', async () => {
    const page = await (await fetch(`${app.base}/login`)).text();
    const r = await fetch(`${app.base}/login`, { method: 'POST', body: new URLSearchParams({ _csrf: formToken(page), userId: 'ar.alex', password: PASSWORD }), redirect: 'manual' });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('This form has expired or did not come from this site');
  });

  it('signs in: session cookie, redirect to a same-site next, who-am-I with the CSRF token', async () => {
    const r = await postLogin(app.base, 'AR.Alex', PASSWORD, { next: '/worklist?team=ar_follow_up' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/worklist?team=ar_follow_up');
    const session = r.headers.getSetCookie().find((c) => c.startsWith('denials_session='))!;
    expect(session).toMatch(/^denials_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=86400$/);
    const me = await fetch(`${app.base}/api/session`, { headers: { cookie: cookiesFrom(r) } });
    expect(await me.json()).toEqual({
      kind: 'user',
      id: 'ar.alex',
      displayName: 'Alex Rivera',
      role: 'ar_specialist',
      team: 'ar_follow_up',
      permissions: ['tasks:read', 'tasks:act', 'prevention:read', 'prevention:act'],
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const offsite = await postLogin(app.base, 'ar.alex', PASSWORD, { next: '//evil.example/phish' });
    expect(offsite.headers.get('location')).toBe('/');
  });

  it('only same-site paths are followed after sign-in', () => {
    expect(safeNext('/task/denial-1?tab=timeline#top')).toBe('/task/denial-1?tab=timeline#top');
    for (const bad of [undefined, '', 'https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'worklist']) expect(safeNext(bad)).toBe('/');
  });

  it('a wrong password shows the form again with the error inline', async () => {
    const r = await postLogin(app.base, 'ar.bea', 'not-her-password');
    expect(r.status).toBe(401);
    const page = await r.text();
    expect(page).toContain('role="alert" id="login-error">The user id or password is not right');
    expect(page).toContain('value="ar.bea"');
    expect(page).toContain('aria-invalid="true"');
    expect(r.headers.getSetCookie().some((c) => c.startsWith('denials_session='))).toBe(false);
    await app.identity.loginLimiter.succeeded('ar.bea', '127.0.0.1');
  });

  it('5 failures in 15 minutes for a user id and address answer 429, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await postLogin(app.base, 'ar.bea', `wrong-password-${i}`)).status).toBe(401);
    const blocked = await postLogin(app.base, 'ar.bea', 'bea-password-12');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('900');
    expect(await blocked.text()).toContain('Too many failed sign-ins for ar.bea from this address: wait 15 minutes and try again');

    // Another address, or another user id from this one, is not held back.
    expect(await postLoginFrom('127.0.0.2', app.base, 'ar.bea', 'bea-password-12')).toBe(303);
    expect((await postLogin(app.base, 'ar.alex', PASSWORD)).status).toBe(303);

    app.clock.now = new Date(app.clock.now.getTime() + 15 * 60_000 + 1);
    expect((await postLogin(app.base, 'ar.bea', 'bea-password-12')).status).toBe(303);
  });

  it('behind a trusted proxy the limit keys on the forwarded address, never on what the client wrote further left', async () => {
    const proxied = await startTestApp([], { trustedProxyHops: 1 });
    try {
      await proxied.identity.accounts.add({ id: 'ar.cy', displayName: 'Cy', role: 'ar_specialist', team: 'coding', password: 'cy-password-123' });
      const attempt = async (forwardedFor: string, password: string) => {
        const page = await fetch(`${proxied.base}/login`);
        const body = new URLSearchParams({ _csrf: formToken(await page.text()), userId: 'ar.cy', password });
        const r = await fetch(`${proxied.base}/login`, {
          method: 'POST',
          body,
          headers: { cookie: cookiesFrom(page), 'x-forwarded-for': forwardedFor },
          redirect: 'manual',
        });
        return r.status;
      };
      // The attacker varies the part it controls; the proxy appends the address it saw (198.51.100.7).
      for (let i = 0; i < 5; i++) expect(await attempt(`10.0.0.${i}, 198.51.100.7`, `wrong-${i}`)).toBe(401);
      expect(await attempt('10.9.9.9, 198.51.100.7', 'cy-password-123')).toBe(429);
      // Cy, behind the same proxy from another address, still signs in.
      expect(await attempt('203.0.113.20', 'cy-password-123')).toBe(303);
    } finally {
      await proxied.close();
    }
  });

  it('sign-out needs the session CSRF token and ends the session', async () => {
    const s = await signIn(app.base, 'ar.alex', PASSWORD);
    const forged = await fetch(`${app.base}/logout`, { method: 'POST', headers: { cookie: s.cookie }, redirect: 'manual' });
    expect(forged.status).toBe(403);
    expect((await fetch(`${app.base}/api/session`, { headers: { cookie: s.cookie } })).status).toBe(200);

    const out = await fetch(`${app.base}/logout`, { method: 'POST', body: new URLSearchParams({ _csrf: s.csrfToken }), headers: { cookie: s.cookie }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect(out.headers.getSetCookie()).toContain('denials_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    const after = await fetch(`${app.base}/api/session`, { headers: { cookie: s.cookie } });
    expect(after.status).toBe(401);
  });

  it('sessions end after 8 idle hours, and after 24 hours however active', async () => {
    const idle = await signIn(app.base, 'ar.alex', PASSWORD);
    app.clock.now = new Date(app.clock.now.getTime() + SESSION_LIMITS.idleMs - 1000);
    expect((await fetch(`${app.base}/api/session`, { headers: { cookie: idle.cookie } })).status).toBe(200);
    app.clock.now = new Date(app.clock.now.getTime() + SESSION_LIMITS.idleMs + 1000);
    const expired = await fetch(`${app.base}/api/session`, { headers: { cookie: idle.cookie } });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toBe('Your session expired after 8 hours without activity; sign in again at /login.');

    const busy = await signIn(app.base, 'ar.alex', PASSWORD);
    for (let hour = 6; hour < 24; hour += 6) {
      app.clock.now = new Date(app.clock.now.getTime() + 6 * 3_600_000);
      expect((await fetch(`${app.base}/api/session`, { headers: { cookie: busy.cookie } })).status).toBe(200);
    }
    app.clock.now = new Date(app.clock.now.getTime() + 6 * 3_600_000);
    const absolute = await fetch(`${app.base}/api/session`, { headers: { cookie: busy.cookie } });
    expect(((await absolute.json()) as { message: string }).message).toBe('Your session expired after 24 hours; sign in again at /login.');
  });

  it('disabling a user or changing their password ends their sessions', async () => {
    await app.identity.accounts.add({ id: 'ar.cy', displayName: 'Cy', role: 'ar_specialist', team: 'coding', password: 'cy-password-123' });
    const before = await signIn(app.base, 'ar.cy', 'cy-password-123');
    await app.identity.accounts.setPassword('ar.cy', 'cy-new-password-4');
    expect((await fetch(`${app.base}/api/session`, { headers: { cookie: before.cookie } })).status).toBe(401);
    const s = await signIn(app.base, 'ar.cy', 'cy-new-password-4');
    await app.identity.accounts.disable('ar.cy');
    expect((await fetch(`${app.base}/api/session`, { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await postLogin(app.base, 'ar.cy', 'cy-new-password-4')).status).toBe(401);
  });

  it('the cookie is Secure when PUBLIC_URL is https', async () => {
    const secure = await startTestApp([], { secureCookie: true });
    try {
      await secure.identity.accounts.add({ id: 'ar.dee', displayName: 'Dee', role: 'ar_specialist', team: 'coding', password: 'dee-password-12' });
      const r = await postLogin(secure.base, 'ar.dee', 'dee-password-12');
      expect(r.headers.getSetCookie().find((c) => c.startsWith('denials_session='))).toMatch(/; Secure$/);
    } finally {
      await secure.close();
    }
  });
});
