// Issue #12, open redirect: after sign-in, `next` is followed only when it is a path under the app's own
// origin once a browser has normalised it (`/.//evil.example` becomes `//evil.example`, another host).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLogin, startTestApp, type TestApp } from '../web/support/test-app';

const PASSWORD = 'max-password-123';
const HOSTILE = ['/.//evil.example/phish', '/a/..//evil.example/phish', '/./\\evil.example', '/\t/evil.example', '/%09/evil.example', '/..//evil.example', 'https:evil.example'];

describe('sign-in redirect', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    await app.identity.accounts.add({ id: 'ar.max', displayName: 'Max', role: 'ar_specialist', team: 'coding', password: PASSWORD });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a `next` that a browser would resolve off-site goes to the worklist instead', async () => {
    for (const next of HOSTILE) {
      const r = await postLogin(app.base, 'ar.max', PASSWORD, { next });
      expect(r.status, next).toBe(303);
      const location = r.headers.get('location')!;
      expect(new URL(location, app.base).origin, `${next} → ${location}`).toBe(app.base);
      expect(location, next).toMatch(/^\/(?![/\\])/);
    }
    const kept = await postLogin(app.base, 'ar.max', PASSWORD, { next: '/denials/denial-0123456789?done=1#task' });
    expect(kept.headers.get('location')).toBe('/denials/denial-0123456789?done=1#task');
  });
});
