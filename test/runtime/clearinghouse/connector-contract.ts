/**
 * What every clearinghouse connector must do, as one suite run against each implementation. The remote
 * side is always a folder on this machine (the SFTP test server runs here too), so the tests play the
 * clearinghouse by writing into its inbox and reading its outbox directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ClearinghouseConnector } from '../../../runtime/clearinghouse/connector';
import { ClearinghouseError, type ClearinghouseProblem } from '../../../runtime/clearinghouse/errors';
import { inboundKindOf } from '../../../runtime/clearinghouse/inbound-kind';
import { MADE_UP_PATIENT, x12 } from './x12-files';

export interface ConnectorUnderTest {
  connector: ClearinghouseConnector;
  /** Where the clearinghouse's folders are on this machine. */
  outbox: string;
  inbox: string;
  archive: string;
}

/** Rejects with a ClearinghouseError of this problem, whose message carries no file content and no stack. */
export async function expectProblem(promise: Promise<unknown>, problem: ClearinghouseProblem, ...mentions: string[]): Promise<ClearinghouseError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a ${problem} error`).toBeInstanceOf(ClearinghouseError);
  const error = err as ClearinghouseError;
  expect(error.problem, error.message).toBe(problem);
  for (const m of mentions) expect(error.message).toContain(m);
  expect(error.message).not.toContain(MADE_UP_PATIENT);
  expect(error.stack).not.toMatch(/\n\s+at /);
  return error;
}

/** Names in a folder a reader would see, hidden ones included. */
function listed(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

function dropInbound(inbox: string, name: string, text: string, mtime: Date): void {
  fs.mkdirSync(inbox, { recursive: true });
  fs.writeFileSync(path.join(inbox, name), text);
  fs.utimesSync(path.join(inbox, name), mtime, mtime);
}

export function connectorContract(make: () => Promise<ConnectorUnderTest>): void {
  let t: ConnectorUnderTest;
  beforeEach(async () => {
    t = await make();
  });
  afterEach(async () => {
    await t.connector.close();
  });

  const claims = x12('837', { guide: '005010X222A1' });

  it('sends a file under its name, whole, leaving no temporary file behind', async () => {
    const sent = await t.connector.send({ name: 'claims-0001.837', kind: '837', body: claims });
    expect(sent).toMatchObject({ name: 'claims-0001.837', kind: '837', bytes: Buffer.byteLength(claims), alreadySent: false });
    expect(sent.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(listed(t.outbox)).toEqual(['claims-0001.837']);
    expect(fs.readFileSync(path.join(t.outbox, 'claims-0001.837'), 'utf8')).toBe(claims);
    const inquiry = x12('276', { guide: '005010X212' });
    await t.connector.send({ name: 'status-0001.276', kind: '276', body: Buffer.from(inquiry) });
    expect(fs.readFileSync(path.join(t.outbox, 'status-0001.276'), 'utf8')).toBe(inquiry);
  });

  it('treats a re-send of the same content as done, without writing again', async () => {
    const first = await t.connector.send({ name: 'claims-0002.837', kind: '837', body: claims });
    const file = path.join(t.outbox, 'claims-0002.837');
    const before = fs.statSync(file);
    const again = await t.connector.send({ name: 'claims-0002.837', kind: '837', body: Buffer.from(claims) });
    expect(again).toEqual({ ...first, alreadySent: true });
    expect(fs.statSync(file).ino).toBe(before.ino);
    expect(listed(t.outbox)).toEqual(['claims-0002.837']);
  });

  it('refuses to overwrite a different file of the same name', async () => {
    await t.connector.send({ name: 'claims-0003.837', kind: '837', body: claims });
    const other = x12('837', { guide: '005010X222A1', filler: 10 });
    await expectProblem(t.connector.send({ name: 'claims-0003.837', kind: '837', body: other }), 'file-exists', 'claims-0003.837', 'not overwritten');
    expect(fs.readFileSync(path.join(t.outbox, 'claims-0003.837'), 'utf8')).toBe(claims);
    expect(listed(t.outbox)).toEqual(['claims-0003.837']);
  });

  it('refuses a file whose content is not of the kind it is sent as, or an unsafe name', async () => {
    await expectProblem(t.connector.send({ name: 'status.276', kind: '276', body: claims }), 'wrong-kind', '276', '837');
    await expectProblem(t.connector.send({ name: '../escape.837', kind: '837', body: claims }), 'invalid-name');
    await expectProblem(t.connector.send({ name: '.hidden.837', kind: '837', body: claims }), 'invalid-name');
    expect(listed(t.outbox)).toEqual([]);
  });

  it('lists inbound files oldest first, leaving out hidden files and folders', async () => {
    dropInbound(t.inbox, 'later.835', x12('835'), new Date('2026-01-02T10:00:00Z'));
    dropInbound(t.inbox, 'earlier.999', x12('999', { guide: '005010X231A1' }), new Date('2026-01-02T09:00:00Z'));
    dropInbound(t.inbox, '.uploading.835', 'ISA*partial', new Date('2026-01-02T08:00:00Z'));
    fs.mkdirSync(path.join(t.inbox, 'some-folder'), { recursive: true });
    const files = await t.connector.listInbound();
    expect(files.map((f) => f.name)).toEqual(['earlier.999', 'later.835']);
    expect(files[1]).toEqual({ name: 'later.835', bytes: Buffer.byteLength(x12('835')), mtime: new Date('2026-01-02T10:00:00Z') });
  });

  it('fetches an inbound file byte for byte, and says so when there is none of that name', async () => {
    const acknowledgement = x12('277', { guide: '005010X214' });
    dropInbound(t.inbox, 'ack.277', acknowledgement, new Date());
    const body = await t.connector.fetchInbound('ack.277');
    expect(body.toString('utf8')).toBe(acknowledgement);
    expect(inboundKindOf(body.toString('latin1'))).toBe('277CA');
    await expectProblem(t.connector.fetchInbound('nothing.835'), 'file-missing', 'nothing.835');
  });

  it('acknowledging moves the file to the archive, once; a repeat is a no-op', async () => {
    const remittance = x12('835');
    dropInbound(t.inbox, 'era-1.835', remittance, new Date());
    await t.connector.acknowledgeInbound('era-1.835');
    expect(fs.existsSync(path.join(t.inbox, 'era-1.835'))).toBe(false);
    expect(fs.readFileSync(path.join(t.archive, 'era-1.835'), 'utf8')).toBe(remittance);
    expect(await t.connector.listInbound()).toEqual([]);
    await t.connector.acknowledgeInbound('era-1.835');
    expect(listed(t.archive)).toEqual(['era-1.835']);
    await expectProblem(t.connector.acknowledgeInbound('never-arrived.835'), 'file-missing', 'never-arrived.835');
  });

  it('keeps both files when the clearinghouse reuses a name already archived', async () => {
    const monday = x12('835');
    const tuesday = x12('835', { filler: 20 });
    dropInbound(t.inbox, 'daily.835', monday, new Date());
    await t.connector.acknowledgeInbound('daily.835');
    dropInbound(t.inbox, 'daily.835', tuesday, new Date());
    await t.connector.acknowledgeInbound('daily.835');
    const archived = listed(t.archive);
    expect(archived).toHaveLength(2);
    expect(archived.map((n) => fs.readFileSync(path.join(t.archive, n), 'utf8')).sort()).toEqual([monday, tuesday].sort());
    expect(listed(t.inbox).filter((n) => n !== 'archive')).toEqual([]);
  });

  it('never shows a partly written file under its final name', async () => {
    const big = x12('837', { guide: '005010X222A1', filler: 6_000_000 });
    const final = path.join(t.outbox, 'big-batch.837');
    const seen = { polls: 0, partial: 0, visibleNames: new Set<string>() };
    let sending = true;
    const watching = (async () => {
      // Reads as a clearinghouse would, as fast as it can, until the send returns.
      while (sending) {
        seen.polls++;
        for (const name of listed(t.outbox)) seen.visibleNames.add(name);
        try {
          const body = await fs.promises.readFile(final);
          if (body.length !== Buffer.byteLength(big)) seen.partial++;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      await t.connector.send({ name: 'big-batch.837', kind: '837', body: big });
    } finally {
      sending = false;
      await watching;
    }
    expect(seen.polls).toBeGreaterThan(1);
    expect(seen.partial).toBe(0);
    for (const name of seen.visibleNames) expect(name === 'big-batch.837' || name.startsWith('.big-batch.837.'), name).toBe(true);
    expect(listed(t.outbox)).toEqual(['big-batch.837']);
    expect(fs.readFileSync(final, 'utf8')).toBe(big);
  });
}
