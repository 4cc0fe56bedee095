// The route table over real HTTP: every error shape (400/401/403/404/405/409/413/415/500), permissions,
// API keys (Bearer, x-api-key, revoked, legacy intake keys), CSRF on cookie writes, and page routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_ERROR } from '../../client/web/http/errors';
import { signIn, startTestApp, type SignedIn, type TestApp } from './support/test-app';
import { testRoutes } from './support/test-routes';

describe('router', () => {
  let app: TestApp;
  let ar: SignedIn;
  let sup: SignedIn;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp(testRoutes, { maxBodyBytes: 2000 });
    await app.identity.accounts.add({ id: 'ar.alex', displayName: 'Alex', role: 'ar_specialist', team: 'ar_follow_up', password: 'alex-password-1' });
    await app.identity.accounts.add({ id: 'sup.sam', displayName: 'Sam', role: 'supervisor', password: 'sam-password-12' });
    ar = await signIn(app.base, 'ar.alex', 'alex-password-1');
    sup = await signIn(app.base, 'sup.sam', 'sam-password-12');
    key = (await app.identity.apiKeys.create({ label: 'clearinghouse bridge' })).key;
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.base}${path}`, { headers, redirect: 'manual' });
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

  it('404 and 405 name what exists', async () => {
    const missing = await get('/api/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 'not_found', message: 'No route for GET /api/nope; GET /api/openapi.json lists the API.', details: {} });
    const wrongMethod = await fetch(`${app.base}/api/tasks`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(await wrongMethod.json()).toMatchObject({ code: 'method_not_allowed', details: { allowed: ['GET'] } });
    const page = await get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('401 without credentials says how to authenticate', async () => {
    const r = await get('/api/tasks');
    expect(r.status).toBe(401);
    const body = (await r.json()) as { code: string; message: string };
    expect(body.code).toBe('unauthenticated');
    expect(body.message).toBe('GET /api/tasks needs a signed-in user or an API key: sign in at /login, or send "Authorization: Bearer <key>" (or "x-api-key: <key>").');
    const stale = await get('/api/tasks', { cookie: 'denials_session=not-a-session' });
    expect(((await stale.json()) as { message: string }).message).toBe('Your session has ended or is unknown; sign in again at /login.');
  });

  it('403 names the permission, the role and who has it', async () => {
    const r = await postJson('/api/tasks/denial-a1/assign', { assignee: 'ar.bea', version: 3 }, { cookie: ar.cookie, 'x-csrf-token': ar.csrfToken });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({
      code: 'forbidden',
      message: 'User ar.alex (role ar_specialist) lacks the permission tasks:assign that POST /api/tasks/:workflowId/assign needs; roles with it: supervisor, admin.',
      details: { permission: 'tasks:assign', role: 'ar_specialist' },
    });
  });

  it('400 names each invalid field of params, query and body', async () => {
    const params = await get('/api/tasks/BAD', { cookie: sup.cookie });
    expect(params.status).toBe(400);
    expect(await params.json()).toEqual({
      code: 'invalid_request',
      message: 'The request path is not valid: params.workflowId: expected a denial workflow id such as denial-0f3a',
      details: { issues: [{ path: 'params.workflowId', message: 'expected a denial workflow id such as denial-0f3a' }] },
    });
    const query = await get('/api/tasks?limit=0', { cookie: sup.cookie });
    expect(((await query.json()) as { details: unknown }).details).toEqual({ issues: [{ path: 'query.limit', message: 'Too small: expected number to be >=1' }] });
    expect(await (await get('/api/tasks?limit=7', { cookie: sup.cookie })).json()).toEqual({ items: [], limit: 7 });

    const csrf = { cookie: sup.cookie, 'x-csrf-token': sup.csrfToken };
    const body = await postJson('/api/tasks/denial-a1/assign', { version: 3, extra: true }, csrf);
    expect(body.status).toBe(400);
    const issues = ((await body.json()) as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
    expect(issues).toEqual(['body.assignee', 'body']);
    const notJson = await fetch(`${app.base}/api/tasks/denial-a1/assign`, { method: 'POST', body: '{"assignee":', headers: { 'content-type': 'application/json', ...csrf } });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toMatch(/^The request body is not valid JSON/);
    const text = await fetch(`${app.base}/api/tasks/denial-a1/assign`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain', ...csrf } });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { code: string }).code).toBe('unsupported_media_type');
  });

  it('413 above the body limit, 409 from the handler, 500 without internals', async () => {
    const csrf = { cookie: sup.cookie, 'x-csrf-token': sup.csrfToken };
    const big = await postJson('/api/tasks/denial-a1/assign', { assignee: 'ar.bea', version: 3, pad: 'x'.repeat(3000) }, csrf);
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ code: 'too_large', message: 'The request body is over the 2 kB limit of this endpoint; send less per request.', details: { limit: 2000 } });

    const stale = await postJson('/api/tasks/denial-a1/assign', { assignee: 'ar.bea', version: 2 }, csrf);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ code: 'conflict', message: 'The task changed since version 2 (now 3): reload it.', details: { current: 3 } });

    const boom = await get('/api/boom', { cookie: sup.cookie });
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(JSON.parse(text)).toEqual(INTERNAL_ERROR);
    expect(text).not.toMatch(/hunter2|app\.ts/);
    const requestId = boom.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(app.logs.join('')).toContain(`web request failed {"route":"GET /api/boom","error":"database password is hunter2 at /srv/app.ts:12","requestId":"${requestId}"}`);
    // A proxy's request id is kept when it is a plain token, replaced when it is not.
    expect((await get('/api/boom', { cookie: sup.cookie, 'x-request-id': 'lb-7f3a.42' })).headers.get('x-request-id')).toBe('lb-7f3a.42');
    expect((await get('/api/boom', { cookie: sup.cookie, 'x-request-id': 'a b"c' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the handler sees the principal: an AR specialist reaches only their team', async () => {
    expect((await get('/api/tasks/denial-a1', { cookie: ar.cookie })).status).toBe(200);
    expect((await get('/api/tasks/denial-c1', { cookie: ar.cookie })).status).toBe(404);
    expect((await get('/api/tasks/denial-c1', { cookie: sup.cookie })).status).toBe(200);
  });

  it('cookie writes need the CSRF token, in the header or the form', async () => {
    const missing = await postJson('/api/tasks/denial-a1/assign', { assignee: 'ar.bea', version: 3 }, { cookie: sup.cookie });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ code: 'csrf_token_missing', message: expect.stringContaining('x-csrf-token') });
    const wrong = await postJson('/api/tasks/denial-a1/assign', { assignee: 'ar.bea', version: 3 }, { cookie: sup.cookie, 'x-csrf-token': ar.csrfToken });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { code: string }).code).toBe('csrf_token_invalid');

    const viaHeader = await postJson('/api/tasks/denial-a1/assign', { assignee: 'ar.bea', version: 3 }, { cookie: sup.cookie, 'x-csrf-token': sup.csrfToken });
    expect(await viaHeader.json()).toEqual({ workflowId: 'denial-a1', assignee: 'ar.bea', by: { id: 'sup.sam', role: 'supervisor' } });
    const form = new URLSearchParams({ assignee: 'ar.bea', version: '3', _csrf: sup.csrfToken });
    const viaForm = await fetch(`${app.base}/api/tasks/denial-a1/assign`, { method: 'POST', body: form, headers: { cookie: sup.cookie } });
    expect(viaForm.status).toBe(200);
  });

  it('API keys authenticate by Bearer or x-api-key without CSRF, act as key:<id>, and stop when revoked', async () => {
    const { key: adminKey, record } = await app.identity.apiKeys.create({ label: 'ops script', role: 'admin' });
    const bearer = await postJson('/api/intake-probe', {}, { authorization: `Bearer ${key}` });
    expect(bearer.status).toBe(200);
    expect(((await bearer.json()) as { actor: { role: string } }).actor.role).toBe('automation');
    const header = await postJson('/api/intake-probe', {}, { 'x-api-key': adminKey });
    expect(await header.json()).toEqual({ actor: { id: `key:${record.id}`, role: 'admin' } });
    // A key wins over a cookie, so no CSRF token is asked for.
    expect((await postJson('/api/tasks/denial-a1/assign', { assignee: 'ar.bea', version: 3 }, { cookie: sup.cookie, 'x-api-key': adminKey })).status).toBe(200);
    const automationOnTasks = await get('/api/tasks', { authorization: `Bearer ${key}` });
    expect(automationOnTasks.status).toBe(403);

    expect(await app.identity.apiKeys.revoke(record.id)).toBe(true);
    const revoked = await postJson('/api/intake-probe', {}, { 'x-api-key': adminKey });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { message: string }).message).toMatch(new RegExp(`^API key ${record.id} \\(ops script\\) was revoked at .+; ask an admin for a new one\\.$`));
    const unknown = await postJson('/api/intake-probe', {}, { authorization: 'Bearer dk_000000000000_nope' });
    expect(((await unknown.json()) as { message: string }).message).toMatch(/^The API key is not recognised/);
  });

  it('legacy intake keys keep working as automation keys until they leave the configuration', async () => {
    const legacy = 'test-intake-key-0123456789';
    await app.identity.apiKeys.syncLegacyIntakeKeys([legacy]);
    await app.identity.apiKeys.syncLegacyIntakeKeys([legacy]); // a restart: no second copy
    const ok = await postJson('/api/intake-probe', {}, { authorization: `Bearer ${legacy}` });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { actor: { id: string } }).actor.id).toMatch(/^key:intake-[0-9a-f]{12}$/);
    expect((await app.identity.apiKeys.list()).filter((k) => k.source === 'intake_legacy')).toHaveLength(1);

    await app.identity.apiKeys.syncLegacyIntakeKeys([]);
    expect((await postJson('/api/intake-probe', {}, { authorization: `Bearer ${legacy}` })).status).toBe(401);
  });

  it('pages send people to sign in, render for them, and re-render an invalid form with its errors', async () => {
    const anonymous = await get('/worklist?a=1');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fworklist%3Fa%3D1');
    const shown = await get('/worklist', { cookie: ar.cookie });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('x-frame-options')).toBe('DENY');
    expect(await shown.text()).toBe('<p>Hello ar.alex</p>');
    const note = (text: string) => fetch(`${app.base}/notes`, { method: 'POST', body: new URLSearchParams({ _csrf: ar.csrfToken, text }), headers: { cookie: ar.cookie }, redirect: 'manual' });
    const invalid = await note('x');
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toBe('<p role="alert">body.text: write a few words</p>');
    expect((await note('Called the payer')).headers.get('location')).toBe('/worklist');
    const automation = await get('/worklist', { authorization: `Bearer ${key}` });
    expect(automation.status).toBe(403);
    expect(await automation.text()).toContain('lacks the permission tasks:read');
  });
});
