// Issue #12, status surface: the public status page and /api/health say only whether the service is
// healthy; the Temporal address, namespace, server and app versions and the count of running denials are
// for signed-in admins. `/` is the start page: it sends each role to its work (issue #16).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { adminPasswordFile } from '../../client/web/auth/bootstrap';
import { postLogin, signIn, startProductApp, type SignedIn } from '../web/support/test-app';

// startProductApp points at a Temporal that is not there: the service is degraded.
const TEMPORAL = '127.0.0.1:1';

describe('health details', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
  let product: Awaited<ReturnType<typeof startProductApp>>;
  let admin: SignedIn;
  let specialist: SignedIn;

  beforeAll(async () => {
    product = await startProductApp(dataDir);
    admin = await signIn(product.base, 'admin', fs.readFileSync(adminPasswordFile(dataDir), 'utf8').trim());
    await product.app.identity.accounts.add({ id: 'ar.ana', displayName: 'Ana', role: 'ar_specialist', team: 'coding', password: 'ana-password-123' });
    specialist = await signIn(product.base, 'ar.ana', 'ana-password-123');
  });

  afterAll(async () => {
    await product?.close();
  });

  it('anonymous and non-admin callers get ok / not ok only; an admin gets the details', async () => {
    for (const cookie of [undefined, specialist.cookie]) {
      const health = await fetch(`${product.base}/api/health`, { headers: cookie ? { cookie } : {} });
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'degraded' });
      const page = await (await fetch(`${product.base}/status`, { headers: cookie ? { cookie } : {} })).text();
      expect(page).toContain('Degraded');
      for (const secret of [TEMPORAL, 'Server version', 'Running denial', `version ${packageJson.version}`, 'Task queue']) expect(page).not.toContain(secret);
    }
    const detailed = (await (await fetch(`${product.base}/api/health`, { headers: { cookie: admin.cookie } })).json()) as { temporal: { address: string } };
    expect(detailed.temporal.address).toBe(TEMPORAL);
    expect(await (await fetch(`${product.base}/status`, { headers: { cookie: admin.cookie } })).text()).toContain(TEMPORAL);
  });

  it('the start page sends each person to their work: a specialist to the worklist, a supervisor to the dashboard, an admin to the status page', async () => {
    await product.app.identity.accounts.add({ id: 'sam', displayName: 'Sam', role: 'supervisor', team: 'ar_follow_up', password: 'sam-password-123' });
    const start = async (headers: Record<string, string> = {}) => (await fetch(`${product.base}/`, { headers, redirect: 'manual' })).headers.get('location');
    expect(await start()).toBe('/login');
    expect(await start({ cookie: specialist.cookie })).toBe('/worklist');
    expect(await start({ cookie: (await signIn(product.base, 'sam', 'sam-password-123')).cookie })).toBe('/dashboard');
    expect(await start({ cookie: admin.cookie })).toBe('/status');
    // Signing in without a next lands on the start page, so on the work of the role.
    expect((await postLogin(product.base, 'sam', 'sam-password-123')).headers.get('location')).toBe('/');
  });
});
