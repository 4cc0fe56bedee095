// Issue #12, sign-in limit: the attempt is reserved before the password is hashed, so parallel guesses
// cannot all pass the check before the first failure is written; and besides the limit per user id and
// address there is one per address (any user id) and one for the whole site.
import { afterEach, describe, expect, it } from 'vitest';
import { postLogin, postLoginFrom, startTestApp, type TestApp } from '../web/support/test-app';

const PASSWORD = 'kim-password-123';

describe('sign-in limit', () => {
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function appWith(opts: Parameters<typeof startTestApp>[1] = {}): Promise<TestApp> {
    app = await startTestApp([], opts);
    await app.identity.accounts.add({ id: 'ar.kim', displayName: 'Kim', role: 'ar_specialist', team: 'coding', password: PASSWORD });
    return app;
  }

  it('25 parallel wrong passwords for one user: only the first 5 are checked, the rest answer 429', async () => {
    const { base } = await appWith();
    const statuses = await Promise.all(Array.from({ length: 25 }, (_, i) => postLogin(base, 'ar.kim', `wrong-password-${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    // Held back even with the right password, until the window has passed.
    expect((await postLogin(base, 'ar.kim', PASSWORD)).status).toBe(429);
  });

  it('one address guessing across many user ids hits the per-address ceiling; other addresses do not', async () => {
    const { base } = await appWith({ loginLimits: { perUser: 5, perAddress: 8, total: 1000 } });
    for (let i = 0; i < 8; i++) expect((await postLogin(base, `someone.${i}`, 'wrong-password-x')).status).toBe(401);
    const refused = await postLogin(base, 'ar.kim', PASSWORD);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many failed sign-ins from this address');
    expect(await postLoginFrom('127.0.0.3', base, 'ar.kim', PASSWORD)).toBe(303);
  });

  it('failures spread over many addresses hit the site-wide ceiling, which lifts after the window', async () => {
    const a = await appWith({ loginLimits: { perUser: 5, perAddress: 100, total: 6 } });
    for (let i = 0; i < 6; i++) expect(await postLoginFrom(`127.0.0.${10 + i}`, a.base, `someone.${i}`, 'wrong-password-x')).toBe(401);
    const paused = await postLogin(a.base, 'ar.kim', PASSWORD);
    expect(paused.status).toBe(429);
    expect(await paused.text()).toContain('Sign-in is paused for everyone');
    a.clock.now = new Date(a.clock.now.getTime() + 15 * 60_000 + 1);
    expect((await postLogin(a.base, 'ar.kim', PASSWORD)).status).toBe(303);
  });
});
