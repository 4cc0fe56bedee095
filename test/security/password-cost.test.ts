// Issue #12, password hashing: scrypt at the OWASP Password Storage Cheat Sheet's cost (N=2^17, r=8,
// p=1); a stored hash of an older cost is replaced on the next successful sign-in; an unknown user id is
// checked against a decoy of the current cost, so it takes as long as a wrong password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, verifyPassword } from '../../client/web/auth/passwords';
import { postLogin, startTestApp, type TestApp } from '../web/support/test-app';

const OWASP = /^scrypt\$131072\$8\$1\$/;
const PASSWORD = 'lee-password-1234';

describe('password cost', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp([], { productionPasswordCost: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a user signing in with a hash of the old cost (N=2^15) is rehashed at N=2^17, and still signs in', async () => {
    const old = await hashPassword(PASSWORD, { N: 2 ** 15, r: 8, p: 1 });
    expect(old).toMatch(/^scrypt\$32768\$8\$1\$/);
    const at = new Date().toISOString();
    await app.identity.store.addUser({ id: 'ar.lee', displayName: 'Lee', role: 'ar_specialist', team: 'coding', passwordHash: old, disabled: false, createdAt: at, updatedAt: at });

    expect((await postLogin(app.base, 'ar.lee', PASSWORD)).status).toBe(303);
    const stored = (await app.identity.store.user('ar.lee'))!.passwordHash;
    expect(stored).toMatch(OWASP);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect((await postLogin(app.base, 'ar.lee', PASSWORD)).status).toBe(303);
    expect((await app.identity.store.user('ar.lee'))!.passwordHash).toBe(stored);
  });

  it('new hashes and the decoy for unknown users use the current cost', async () => {
    expect(await hashPassword('a new long password')).toMatch(OWASP);
    expect(await decoyHash()).toMatch(OWASP);
  });
});
