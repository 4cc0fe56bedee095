// The PHI scan: the product started as `npm start` starts it (embedded dev server with its database file,
// worker, web app, outbox mail), a journey with marker patient data through every place it can travel
// (intake of an 835 naming the patient, an attachment whose file name and description name the patient,
// a packet that fails on it and one that is built, a note and a correction with patient data, the mail of
// each task), then every byte the product wrote is searched: the Temporal database, the server log, the
// ledger database, documents, kept 835s, reports, the outbox, and what the process printed. 0 hits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remittance835 } from '../../domain/remittance/sample-835';
import { daysFromNow } from '../fixtures/remittances';
import { eventually } from '../support/eventually';
import { launch, type Launched } from '../support/launcher';
import { freePort } from '../support/ports';
import { signIn, type SignedIn } from '../web/support/test-app';

const MARKERS = {
  lastName: 'ZZPHILAST',
  firstName: 'ZZPHIFIRST',
  memberId: 'ZZMEM4711X',
  fileName: 'ZZPHILAST_ZZPHIFIRST_note',
  description: 'ZZDESCMARK',
  note: 'ZZNOTEMARK',
  correction: 'ZZCORRMARK',
};

/** Every file under a folder, with its bytes. */
function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(p);
    else if (entry.isFile()) yield p;
  }
}

async function onePagePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawText(text, { x: 72, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

describe('PHI scan of a full journey through the product', () => {
  let dataDir: string;
  let product: Launched;
  let base: string;
  let admin: SignedIn;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-phi-'));
    const ports = { TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), WEB_PORT: await freePort() };
    product = launch(['--json'], { DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) });
    await product.ready;
    base = `http://127.0.0.1:${ports.WEB_PORT}`;
    admin = await signIn(base, 'admin', fs.readFileSync(path.join(dataDir, 'admin-password'), 'utf8').trim());
  }, 300_000);

  afterAll(async () => {
    if (product && product.child.exitCode === null) product.child.kill('SIGKILL');
  });

  const api = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${url}`, {
      method,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
    });

  async function view(workflowId: string): Promise<{ version: number; task: { id: string; kind: string } | null; stage: string }> {
    return ((await (await api('GET', `/api/denials/${workflowId}`)).json()) as { view: { version: number; task: { id: string; kind: string } | null; stage: string } }).view;
  }

  it('leaves no marker in clear anywhere the product writes', async () => {
    // 1. The intake: two denials whose 835 names the patient (NM1*QC) and their member id.
    const text = remittance835({
      remitDate: daysFromNow(-3),
      claims: [
        { account: 'PHI-1', icn: 'ICN-PHI-1', status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-40), adjustments: [['CO', '50', 240]], remarks: ['N115'] },
        { account: 'PHI-2', icn: 'ICN-PHI-2', status: '4', charge: 300, paid: 0, filing: '12', serviceDate: daysFromNow(-40), adjustments: [['CO', '4', 300]], remarks: ['N519'] },
        { account: 'PHI-3', icn: 'ICN-PHI-3', status: '4', charge: 480, paid: 0, serviceDate: daysFromNow(-40), adjustments: [['CO', '50', 480]], remarks: ['N115'] },
      ],
    }).replaceAll('NM1*QC*1*DOE*JANE****MI*1EG4TE5MK72', `NM1*QC*1*${MARKERS.lastName}*${MARKERS.firstName}****MI*${MARKERS.memberId}`);
    expect(text).toContain(MARKERS.memberId);
    const key = fs.readFileSync(path.join(dataDir, 'intake-api-key'), 'utf8').trim();
    const posted = await fetch(`${base}/api/remittances`, { method: 'POST', body: text, headers: { authorization: `Bearer ${key}`, 'x-file-name': 'feed.835' } });
    expect(posted.status).toBe(202);
    const rows = await eventually('the three denials with a task', async () => {
      const r = (await (await api('GET', '/api/tasks?scope=all')).json()) as { rows: { workflowId: string; taskKind?: string; category: string }[] };
      return r.rows.length === 3 && r.rows.every((x) => x.taskKind) ? r.rows : undefined;
    }, 120_000);
    const [failing, built] = rows.filter((r) => r.taskKind === 'prepare_appeal').map((r) => r.workflowId) as [string, string];
    // The commercial corrected claim first asks a person to confirm its window (an unverified limit).
    const corrected = rows.find((r) => r.taskKind === 'confirm_route')!.workflowId;
    const toConfirm = await view(corrected);
    expect((await api('POST', `/api/denials/${corrected}/actions/confirm-route`, { taskId: toConfirm.task!.id, version: toConfirm.version, decision: 'confirm' })).status).toBe(200);
    await eventually('the corrections task', async () => ((await view(corrected)).task?.kind === 'supply_corrections' ? true : undefined));

    // 2. Attachments named and described after the patient: one breaks its packet, one is built into its packet.
    const attach = async (appeal: string, bytes: Uint8Array, name: string) => {
      const v = await view(appeal);
      const r = await api('POST', `/api/denials/${appeal}/documents`, bytes, {
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent(`${name}.pdf`),
        'x-description': encodeURIComponent(`${MARKERS.description} ${MARKERS.lastName}`),
        'x-denial-version': String(v.version),
      });
      expect(r.status, await r.clone().text()).toBe(201);
    };
    await attach(failing, new TextEncoder().encode('%PDF-1.7\nnot really a pdf\n%%EOF\n'), `${MARKERS.fileName}-broken`);
    let v = await view(failing);
    const failed = await api('POST', `/api/denials/${failing}/actions/approve-packet`, { taskId: v.task!.id, version: v.version, argument: `For ${MARKERS.lastName}: records support necessity.` });
    expect(failed.status).toBe(409);
    expect(((await failed.json()) as { message: string }).message).toMatch(/could not be built: Attachment \d \(document [0-9a-f]+\)/);
    await attach(built, await onePagePdf(`Progress note of ${MARKERS.lastName}`), MARKERS.fileName);
    v = await view(built);
    const approved = await api('POST', `/api/denials/${built}/actions/approve-packet`, { taskId: v.task!.id, version: v.version, argument: `For ${MARKERS.lastName}: records support necessity.` });
    expect(approved.status, await approved.clone().text()).toBe(200);
    const packet = await api('GET', `/api/denials/${built}/packet.pdf`);
    expect((await packet.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    await api('POST', `/api/denials/${failing}/actions/note`, { text: `Called about ${MARKERS.lastName}, ${MARKERS.firstName}: ${MARKERS.note}` });

    // 3. A correction of member data on the corrected claim, then its submission task's mail.
    const c = await view(corrected);
    const corr = await api('POST', `/api/denials/${corrected}/actions/supply-corrections`, { taskId: c.task!.id, version: c.version, corrections: [{ field: 'member_data', to: `${MARKERS.correction} ${MARKERS.memberId}` }] });
    expect(corr.status).toBe(200);
    await eventually('the submission task', async () => ((await view(corrected)).task?.kind === 'record_submission' ? true : undefined));

    // 4. Stop as Ctrl-C would, then search every byte.
    product.child.kill('SIGTERM');
    expect(await product.exited).toBe(0);
    const hits: string[] = [];
    const files = [...filesUnder(dataDir)];
    expect(files.some((f) => f.endsWith('temporal.db'))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}outbox${path.sep}`))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}documents${path.sep}`))).toBe(true);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const [what, marker] of Object.entries(MARKERS)) if (bytes.includes(marker)) hits.push(`${path.relative(dataDir, file)}: ${what}`);
      if (path.basename(file).includes(MARKERS.lastName)) hits.push(`${path.relative(dataDir, file)}: a file named after the patient`);
    }
    for (const [what, marker] of Object.entries(MARKERS)) if (product.output().includes(marker)) hits.push(`the product's output: ${what}`);
    expect(hits).toEqual([]);
  }, 600_000);
});
