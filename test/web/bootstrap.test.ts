// The product's web app on a fresh data folder: the first admin with a generated password file, the legacy
// intake key still accepted for remittances, and nothing created twice on the next start.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminPasswordFile } from '../../client/web/auth/bootstrap';
import { signIn, startProductApp } from './support/test-app';

const LEGACY_KEY = 'test-intake-key-0123456789';

describe('first start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-'));
  let product: Awaited<ReturnType<typeof startProductApp>> | undefined;

  afterAll(async () => {
    await product?.close();
  });

  it('creates admin with an owner-only password file and says where it is', async () => {
    const warnings: string[] = [];
    product = await startProductApp(dataDir, { legacyIntakeKeys: [LEGACY_KEY], warnings });
    const file = adminPasswordFile(dataDir);
    expect(warnings).toEqual([
      `Created the first user "admin"; its password is in ${file}. Sign in at /login, then add people with \`npm run users -- add\` and change it with \`npm run users -- set-password admin\`.`,
    ]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const admin = await signIn(product.base, 'admin', fs.readFileSync(file, 'utf8').trim());
    const me = (await (await fetch(`${product.base}/api/session`, { headers: { cookie: admin.cookie } })).json()) as { role: string; permissions: string[] };
    expect(me.role).toBe('admin');
    expect(me.permissions).toContain('users:admin');
  });

  it('keeps the intake key working for remittances, behind remittances:ingest', async () => {
    const base = product!.base;
    const report = `${base}/api/remittances/rpt-${crypto.randomUUID()}`;
    expect((await fetch(report)).status).toBe(401);
    const missing = await fetch(report, { headers: { authorization: `Bearer ${LEGACY_KEY}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('not_found');

    const empty = await fetch(`${base}/api/remittances`, { method: 'POST', headers: { authorization: `Bearer ${LEGACY_KEY}` }, body: '' });
    expect(empty.status).toBe(400);
    const big = await fetch(`${base}/api/remittances`, { method: 'POST', headers: { 'x-api-key': LEGACY_KEY }, body: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ code: 'too_large', message: 'The remittance is 20 kB, over the 10 kB limit (INTAKE_MAX_BYTES).', details: { limit: 10_000 } });

    await product!.app.identity.accounts.add({ id: 'ar.alex', displayName: 'Alex', role: 'ar_specialist', team: 'ar_follow_up', password: 'alex-password-1' });
    const ar = await signIn(base, 'ar.alex', 'alex-password-1');
    const refused = await fetch(report, { headers: { cookie: ar.cookie } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain('lacks the permission remittances:ingest');
  });

  it('the next start creates nothing again', async () => {
    await product!.close();
    const password = fs.readFileSync(adminPasswordFile(dataDir), 'utf8');
    const warnings: string[] = [];
    product = await startProductApp(dataDir, { legacyIntakeKeys: [LEGACY_KEY], warnings });
    expect(warnings).toEqual([]);
    expect(fs.readFileSync(adminPasswordFile(dataDir), 'utf8')).toBe(password);
    expect((await product.app.identity.accounts.list()).map((u) => u.id)).toEqual(['admin', 'ar.alex']);
    expect((await product.app.identity.apiKeys.list()).map((k) => k.source)).toEqual(['intake_legacy']);
  });
});
