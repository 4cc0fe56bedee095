// Issue #12, attachments parsed by pdf-lib: pdf-lib inflates object streams while it loads a PDF, with
// no cap, in the worker's process (which also serves the web app). A small attachment that inflates past
// the limit, or has more pages than a packet takes, is refused before pdf-lib parses it, by an error that
// names the document by id, never by its file name (which can hold a patient's name).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ApplicationFailure } from '@temporalio/common';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderDocumentStore, type DocumentRef, type DocumentStore } from '../../services/documents';
import { createPacketAssembler, type PacketAssembler } from '../../services/packets';
import { keyringWith, randomKey } from '../support/codec-keys';
import { baseInput, makePdf } from '../services/packet-fixtures';

const NAME = 'Jane-Doe-1948-07-19-records.pdf';

/** `mib` MiB of zeros, deflated a chunk at a time (never held whole): a few hundred kB. */
async function deflatedZeros(mib: number): Promise<Buffer> {
  const deflate = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mib; i++) if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** A valid one-page PDF with an object stream appended (an incremental update) that inflates to `mib` MiB. */
async function bombPdf(mib: number): Promise<Uint8Array> {
  const data = await deflatedZeros(mib);
  const head = Buffer.from(`\n99 0 obj\n<< /Type /ObjStm /N 1 /First 8 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1');
  return Buffer.concat([Buffer.from(await makePdf(1, 'Records')), head, data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('attachment limits before pdf-lib parses', () => {
  let dir: string;
  let documents: DocumentStore;
  let packets: PacketAssembler;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bomb-'));
    documents = createFolderDocumentStore({ dir, keyring: keyringWith(randomKey('bomb')) });
    packets = createPacketAssembler({ documents, clock: () => new Date('2026-04-14T15:00:00Z') });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const packetWith = (ref: DocumentRef) => packets.assemble(baseInput([{ ref, title: NAME }]));

  it('an attachment whose streams inflate past 256 MiB is refused by document id before pdf-lib inflates it', async () => {
    const ref = await documents.put(await bombPdf(320), { name: NAME, contentType: 'application/pdf' });
    expect(ref.size).toBeLessThan(2_000_000);
    const failure = await failureOf(packetWith(ref));
    expect(failure.type).toBe('InvalidAttachment');
    expect(failure.message).toBe(`Attachment 1 (document ${ref.id}) inflates to more than 256 MiB: it cannot be merged into a packet safely. Attach a copy saved without compression, or split it.`);
    expect(JSON.stringify(failure.details ?? [])).not.toContain('Jane');
  });

  it('an attachment of more than 1000 pages is refused by document id', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 1001; i++) doc.addPage([200, 200]);
    const ref = await documents.put(await doc.save(), { name: NAME, contentType: 'application/pdf' });
    const failure = await failureOf(packetWith(ref));
    expect(failure.type).toBe('InvalidAttachment');
    expect(failure.message).toBe(`Attachment 1 (document ${ref.id}) has more than 1000 pages: split it into parts of 1000 pages or fewer.`);
  });
});
