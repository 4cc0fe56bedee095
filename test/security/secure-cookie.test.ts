// Issue #12, Secure cookies: the session and sign-in cookies carry Secure unless the app is reached on a
// loopback host, whatever the scheme of PUBLIC_URL: a cookie for a real host never travels in clear.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { adminPasswordFile } from '../../client/web/auth/bootstrap';
import { postLogin, startProductApp } from '../web/support/test-app';

async function cookiesOfSignIn(env: Record<string, string>): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cookie-'));
  const product = await startProductApp(dataDir, { env });
  closers.push(product.close);
  const r = await postLogin(product.base, 'admin', fs.readFileSync(adminPasswordFile(dataDir), 'utf8').trim());
  expect(r.status).toBe(303);
  const form = await fetch(`${product.base}/login`);
  return [...form.headers.getSetCookie(), ...r.headers.getSetCookie()];
}

const closers: (() => Promise<void>)[] = [];

describe('cookie Secure flag', () => {
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  it('is set for a non-loopback host even when PUBLIC_URL is plain http, and only left off on loopback', async () => {
    const remote = await cookiesOfSignIn({ PUBLIC_URL: 'http://denials.example.org' });
    expect(remote.find((c) => c.startsWith('denials_session='))).toMatch(/; Secure$/);
    expect(remote.find((c) => c.startsWith('denials_login_csrf=') && !c.includes('Max-Age=0'))).toMatch(/; Secure$/);

    const local = await cookiesOfSignIn({});
    expect(local.find((c) => c.startsWith('denials_session='))).not.toMatch(/Secure/);
  });
});
