// Issue #12, PHI at rest: attachments and appeal packets are encrypted in the document store with the
// codec key ring. Only the store's reader sees the PDF; its sha256 (what the workflow holds) is the
// plaintext's. Files written before the change stay readable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFolderDocumentStore, sha256Hex } from '../../services/documents';
import { createPacketAssembler } from '../../services/packets';
import { createLogger } from '../../runtime/log';
import { baseInput, makePdf } from '../services/packet-fixtures';
import { keyringWith, randomKey } from '../support/codec-keys';

const PATIENT = 'JANE DOE, member 1EG4TE5MK72';
/** A text PDF as a scanner might save it: the patient in clear, uncompressed. */
const progressNote = Buffer.from(`%PDF-1.4\n1 0 obj << /Length 60 >> stream\nBT (Progress note for ${PATIENT}) Tj ET\nendstream endobj\n%%EOF\n`);

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));

describe('documents at rest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'documents-at-rest-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keyring = keyringWith(randomKey('k-2026'));

  it('keeps no attachment in clear on disk, and gives it back whole under its plaintext sha256', async () => {
    const store = createFolderDocumentStore({ dir: path.join(dir, 'a'), keyring });
    const ref = await store.put(progressNote, { name: 'progress-note.pdf', contentType: 'application/pdf' });

    expect(ref.sha256).toBe(sha256Hex(progressNote));
    expect(ref.size).toBe(progressNote.length);
    const [file] = filesUnder(path.join(dir, 'a'));
    const onDisk = fs.readFileSync(file!);
    expect(onDisk.includes('JANE DOE')).toBe(false);
    expect(onDisk.includes('1EG4TE5MK72')).toBe(false);
    expect(onDisk.subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    expect(Buffer.from(await store.get(ref)).equals(progressNote)).toBe(true);
  });

  it('builds the appeal packet from encrypted attachments and stores the packet encrypted', async () => {
    const store = createFolderDocumentStore({ dir: path.join(dir, 'p'), keyring });
    const note = await store.put(await makePdf(2, 'Office visit note'), { name: 'visit.pdf', contentType: 'application/pdf' });
    const packets = createPacketAssembler({ documents: store, clock: () => new Date('2026-04-14T15:00:00Z'), log: createLogger({ level: 'error' }) });

    const result = await packets.assemble(baseInput([{ ref: note, title: 'Office visit note' }]));

    const packetFile = filesUnder(path.join(dir, 'p')).find((f) => path.basename(f) === result.ref.sha256);
    expect(packetFile).toBeDefined();
    expect(fs.readFileSync(packetFile!).subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    const packet = Buffer.from(await store.get(result.ref));
    expect(packet.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sha256Hex(packet)).toBe(result.ref.sha256);
  });

  it('reads a document stored in clear by an older release', async () => {
    const store = createFolderDocumentStore({ dir: path.join(dir, 'old'), keyring });
    const sha = sha256Hex(progressNote);
    fs.mkdirSync(path.join(dir, 'old', sha.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'old', sha.slice(0, 2), sha), progressNote);
    const ref = { id: sha, sha256: sha, size: progressNote.length, name: 'old.pdf', contentType: 'application/pdf' };
    expect(Buffer.from(await store.get(ref)).equals(progressNote)).toBe(true);
  });

  it('reads documents written under key A once the ring is B;A, and writes new ones under B', async () => {
    const a = randomKey('key-a');
    const b = randomKey('key-b');
    const folder = path.join(dir, 'rotation');
    const before = await createFolderDocumentStore({ dir: folder, keyring: keyringWith(a) }).put(progressNote, { name: 'n.pdf', contentType: 'application/pdf' });

    const rotated = createFolderDocumentStore({ dir: folder, keyring: keyringWith(b, a) });
    expect(Buffer.from(await rotated.get(before)).equals(progressNote)).toBe(true);
    const other = Buffer.from('%PDF-1.4 another note');
    const after = await rotated.put(other, { name: 'm.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(await createFolderDocumentStore({ dir: folder, keyring: keyringWith(b) }).get(after)).equals(other)).toBe(true);
    await expect(createFolderDocumentStore({ dir: folder, keyring: keyringWith(a) }).get(after)).rejects.toThrow(/key-b.*CODEC_KEYS/);
  });
});
