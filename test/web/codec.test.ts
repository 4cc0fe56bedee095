// The Temporal Web UI's codec endpoint on the product's web app, over real HTTP on loopback with the real
// keyring of a temp DATA_DIR: who may decode (PHI: only those who see every team), every decode in the
// access log, no encode, the CSRF exemption, CORS for the Web UI origin only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp, type WebApp } from '../../client/web/app';
import { fromJson, toJson, type PayloadJson } from '../../client/web/codec-payloads';
import { listen, type Listening } from '../../client/web/http/listen';
import { ENCODING } from '../../runtime/codec';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { dataConverter } from '../../runtime/temporal';
import { signIn, type SignedIn } from './support/test-app';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const CASE = { patient: { name: 'Jane Q. Patient', memberId: 'W123456789' }, claim: 'CLM-0001' };

describe('codec endpoint for the Temporal Web UI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-'));
  // Embedded (no TEMPORAL_ADDRESS): the keyring is generated in DATA_DIR, as for the worker.
  const config = loadConfig({ DATA_DIR: dataDir, TEMPORAL_UI_PORT: '8233', LOG_LEVEL: 'error' });
  const converter = dataConverter(config, () => undefined);
  const productCodec = converter.payloadCodecs![0]!;
  let app: WebApp;
  let server: Listening;
  let base: string;
  let supervisor: SignedIn;
  let arSpecialist: SignedIn;
  let automationKey: string;
  let encrypted: PayloadJson;
  let ledger: LedgerStore;

  beforeAll(async () => {
    const client = new Client({ connection: Connection.lazy({ address: config.temporalAddress }) });
    ledger = openConfiguredLedger(config);
    app = await createWebApp(config, 'http://127.0.0.1', { client, log: createLogger({ level: 'error' }), payloadCodecs: converter.payloadCodecs, codecAudit: ledger, validateResponses: true });
    server = await listen(app.router.handle, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}`;
    await app.identity.accounts.add({ id: 'sup.sam', displayName: 'Sam', role: 'supervisor', password: 'sam-password-12' });
    await app.identity.accounts.add({ id: 'ar.alex', displayName: 'Alex', role: 'ar_specialist', team: 'ar_follow_up', password: 'alex-password-1' });
    supervisor = await signIn(base, 'sup.sam', 'sam-password-12');
    arSpecialist = await signIn(base, 'ar.alex', 'alex-password-1');
    automationKey = (await app.identity.apiKeys.create({ label: 'clearinghouse bridge', role: 'automation' })).key;
    // What the worker and client put into Temporal: the JSON payload, then the product's codec.
    const [payload] = await productCodec.encode([defaultPayloadConverter.toPayload(CASE)]);
    encrypted = toJson(payload!);
  });

  afterAll(async () => {
    await server?.close();
    await app?.close();
    await ledger?.close();
  });

  // As the Web UI calls it: JSON, X-Namespace, credentials (the session cookie), from its own origin.
  const call = (op: string, payloads: PayloadJson[], headers: Record<string, string> = {}) =>
    fetch(`${base}/api/codec/${op}`, {
      method: 'POST',
      body: JSON.stringify({ payloads }),
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI_ORIGIN, ...headers },
    });

  const decodedValue = (p: PayloadJson): unknown => defaultPayloadConverter.fromPayload(fromJson(p));

  it('decodes a payload encrypted by the product for a supervisor, without the CSRF token, and records it', async () => {
    expect(Buffer.from(encrypted.metadata!.encoding!, 'base64').toString()).toBe(ENCODING);
    const before = (await ledger.accessLog()).length;
    for (const who of [supervisor]) {
      const r = await call('decode', [encrypted], { cookie: who.cookie });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { payloads: PayloadJson[] };
      expect(body.payloads).toHaveLength(1);
      expect(Buffer.from(body.payloads[0]!.metadata!.encoding!, 'base64').toString()).toBe('json/plain');
      expect(decodedValue(body.payloads[0]!)).toEqual(CASE);
      expect(r.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
      expect(r.headers.get('access-control-allow-credentials')).toBe('true');
    }
    const log = await ledger.accessLog();
    expect(log.slice(before)).toEqual([expect.objectContaining({ actor: { id: 'sup.sam', role: 'supervisor' }, action: 'codec_decode', detail: '1 payload(s), namespace default', address: '127.0.0.1' })]);
    expect(JSON.stringify(log)).not.toContain('Jane');
  });

  it('refuses an AR specialist (a request names no workflow, so no team scope applies), and has no encode', async () => {
    const r = await call('decode', [encrypted], { cookie: arSpecialist.cookie });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ code: 'forbidden', details: { permission: 'codec:use', role: 'ar_specialist' } });
    const plain = [toJson(defaultPayloadConverter.toPayload({ note: 'resubmit with modifier 25' }))];
    const encode = await call('encode', plain, { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrfToken });
    expect(encode.status).toBe(404);
  });

  it('refuses anonymous callers (401) and automation API keys (403)', async () => {
    const anonymous = await call('decode', [encrypted]);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('unauthenticated');
    // The Web UI can read the refusal: the CORS headers come with errors too.
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);

    const automation = await call('decode', [encrypted], { authorization: `Bearer ${automationKey}` });
    expect(automation.status).toBe(403);
    expect(await automation.json()).toMatchObject({ code: 'forbidden', details: { permission: 'codec:use', role: 'automation' } });
  });

  it('answers the CORS preflight of the Web UI origin, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/api/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
      });
    const ui = await preflight(UI_ORIGIN);
    expect(ui.status).toBe(204);
    expect(ui.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(ui.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ui.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(ui.headers.get('access-control-allow-headers')).toBe('Content-Type, X-Namespace');
    expect(ui.headers.get('vary')).toBe('Origin');

    const other = await preflight('http://127.0.0.1:9999');
    expect(other.status).toBe(403);
    expect([...other.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(((await other.json()) as { message: string }).message).toContain(`the allowed origin is ${UI_ORIGIN}`);

    // A signed-in browser on another origin still runs nothing readable: no CORS headers on the answer.
    const otherPost = await call('decode', [encrypted], { cookie: supervisor.cookie, origin: 'http://127.0.0.1:9999' });
    expect([...otherPost.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    // Other routes take no preflight.
    expect((await fetch(`${base}/api/session`, { method: 'OPTIONS', headers: { origin: UI_ORIGIN } })).status).toBe(405);
  });

  it('decodes several payloads, and names a payload it cannot decode', async () => {
    const sealed = (await productCodec.encode([defaultPayloadConverter.toPayload({ note: 'resubmit with modifier 25' }), defaultPayloadConverter.toPayload(42)])).map(toJson);
    const decoded = await call('decode', sealed, { cookie: supervisor.cookie });
    expect(((await decoded.json()) as { payloads: PayloadJson[] }).payloads.map(decodedValue)).toEqual([{ note: 'resubmit with modifier 25' }, 42]);

    const tampered = { ...encrypted, data: Buffer.from('not the ciphertext at all, not at all').toString('base64') };
    const bad = await call('decode', [encrypted, tampered], { cookie: supervisor.cookie });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'codec_failed', details: { index: 1 } });
  });

  it('keeps the CSRF exemption narrow: JSON bodies only, and other routes still need the token', async () => {
    const text = await fetch(`${base}/api/codec/decode`, {
      method: 'POST',
      body: JSON.stringify({ payloads: [encrypted] }),
      headers: { 'content-type': 'text/plain', cookie: supervisor.cookie, origin: 'http://127.0.0.1:9999' },
    });
    expect(text.status).toBe(415);
    const logout = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie: supervisor.cookie }, redirect: 'manual' });
    expect(logout.status).toBe(403);
    expect(await logout.text()).toContain('CSRF token');
  });
});
