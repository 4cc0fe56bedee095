// Issue #12, attaching documents: a name that is not a plain file name is refused with 400 naming the
// header (it was a 500), and a document is stored only once the denial's Update has accepted it, so a
// refused attach leaves nothing in the document store.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../services/packet-fixtures';
import { daysFromNow } from '../fixtures/remittances';
import { eventually } from '../support/eventually';
import { signIn, type SignedIn } from '../web/support/test-app';
import { ingestClaims, startWorkApp, type WorkApp } from '../web/support/work-app';

/** Every stored document (the store's files, not its temp folder). */
function storedDocuments(dataDir: string): string[] {
  const root = path.join(dataDir, 'documents');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.includes('.tmp')).map((e) => e.name);
}

describe('attaching documents', () => {
  let w: WorkApp;
  let alex: SignedIn;
  let workflowId: string;
  let pdf: Uint8Array;

  async function attach(headers: Record<string, string>, bytes: Uint8Array = pdf): Promise<Response> {
    return fetch(`${w.base}/api/denials/${workflowId}/documents`, {
      method: 'POST',
      headers: { cookie: alex.cookie, 'x-csrf-token': alex.csrfToken, 'content-type': 'application/pdf', ...headers },
      body: bytes,
    });
  }

  async function denialView(): Promise<{ version: number; task?: unknown }> {
    return ((await (await fetch(`${w.base}/api/denials/${workflowId}`, { headers: { cookie: alex.cookie } })).json()) as { view: { version: number; task?: unknown } }).view;
  }

  beforeAll(async () => {
    w = await startWorkApp();
    await w.app.identity.accounts.add({ id: 'ar.alex', displayName: 'Alex', role: 'ar_specialist', team: 'ar_follow_up', password: 'a-long-test-password' });
    alex = await signIn(w.base, 'ar.alex', 'a-long-test-password');
    const report = await ingestClaims(w, 'denied.835', [{ account: 'D-1', icn: 'ICN-D-1', status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-40), adjustments: [['CO', '50', 240]], remarks: ['N115'] }]);
    workflowId = report.claims[0]!.workflowId!;
    // Settled: routed, with a task waiting for a person (its version no longer moves by itself).
    await eventually('the denial’s task', async () => ((await denialView()).task ? true : undefined));
    pdf = await makePdf(1, 'Progress note');
  }, 180_000);

  afterAll(async () => {
    await w?.close();
  });

  it('a name with a path separator, a control character or over 200 characters is a 400 naming x-file-name', async () => {
    for (const name of ['notes/2026.pdf', '..\\notes.pdf', 'notes\n.pdf', `${'n'.repeat(201)}.pdf`]) {
      const r = await attach({ 'x-file-name': encodeURIComponent(name) });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(((await r.json()) as { message: string }).message, JSON.stringify(name)).toMatch(/^The x-file-name header/);
    }
    const description = await attach({ 'x-file-name': 'note.pdf', 'x-description': encodeURIComponent('line\u0007bell') });
    expect(description.status).toBe(400);
    expect(((await description.json()) as { message: string }).message).toMatch(/^The x-description header/);
    expect(storedDocuments(w.dev.config.dataDir)).toEqual([]);
  });

  it('an attach the workflow refuses (a stale version) stores nothing; an accepted one stores the document', async () => {
    const current = (await denialView()).version;
    const stale = await attach({ 'x-file-name': 'progress-note.pdf', 'x-denial-version': String(current + 5) });
    expect(stale.status).toBe(409);
    expect(storedDocuments(w.dev.config.dataDir)).toEqual([]);

    const ok = await attach({ 'x-file-name': 'progress-note.pdf', 'x-denial-version': String(current) });
    expect(ok.status).toBe(201);
    const attached = ((await ok.json()) as { view: { documents: { sha256: string }[] } }).view.documents;
    expect(storedDocuments(w.dev.config.dataDir)).toEqual([attached[0]!.sha256]);
  });
});
