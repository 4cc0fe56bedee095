import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentIntegrityError, DocumentNotFoundError, DocumentRef, createFolderDocumentStore, sha256Hex, type DocumentStore } from '../../services/documents';
import { isSealed } from '../../runtime/at-rest/sealed-bytes';
import { keyringWith, randomKey } from '../support/codec-keys';

let dir: string;
let store: DocumentStore;
const keyring = keyringWith(randomKey('docs'));

const bytes = (s: string) => new TextEncoder().encode(s);
const filesUnder = (d: string): string[] =>
  fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(d, e.name)) : [path.join(d, e.name)]));

describe.each([
  ['synchronous file calls (small documents)', undefined],
  ['thread-pool file calls (large documents)', 0],
])('folder document store, %s', (_mode, syncLimit) => {
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-'));
    store = createFolderDocumentStore({ dir, keyring, ...(syncLimit === undefined ? {} : { syncLimit }) });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores bytes under their sha256 and reads them back', async () => {
    const data = bytes('%PDF-1.7 pretend');
    const ref = await store.put(data, { name: 'letter.pdf', contentType: 'Application/PDF' });
    expect(DocumentRef.parse(ref)).toEqual(ref);
    expect(ref).toEqual({ id: sha256Hex(data), sha256: sha256Hex(data), size: data.byteLength, contentType: 'application/pdf', name: 'letter.pdf' });
    expect(Buffer.from(await store.get(ref)).equals(Buffer.from(data))).toBe(true);
    expect(await store.exists(ref)).toBe(true);
    expect(fs.existsSync(path.join(dir, ref.sha256.slice(0, 2), ref.sha256))).toBe(true);
  });

  it('is idempotent: the same bytes twice give the same reference and one file', async () => {
    const a = await store.put(bytes('same'), { name: 'a.pdf', contentType: 'application/pdf' });
    const b = await store.put(bytes('same'), { name: 'a.pdf', contentType: 'application/pdf' });
    expect(b).toEqual(a);
    const files = filesUnder(dir).filter((f) => !f.includes(`${path.sep}.tmp${path.sep}`));
    expect(files).toHaveLength(1);
    expect(fs.readdirSync(path.join(dir, '.tmp'))).toEqual([]);
  });

  it('stores concurrently written copies of the same bytes once, without leftovers', async () => {
    const data = bytes('x'.repeat(100_000));
    const refs = await Promise.all(Array.from({ length: 8 }, () => store.put(data, { name: 'x.bin', contentType: 'application/octet-stream' })));
    expect(new Set(refs.map((r) => r.id)).size).toBe(1);
    expect(fs.readdirSync(path.join(dir, '.tmp'))).toEqual([]);
    expect(Buffer.from(await store.get(refs[0]!)).equals(Buffer.from(data))).toBe(true);
  });

  it('refuses bytes that no longer match the sha256 of the reference', async () => {
    const ref = await store.put(bytes('original content'), { name: 'a.pdf', contentType: 'application/pdf' });
    fs.writeFileSync(path.join(dir, ref.sha256.slice(0, 2), ref.sha256), 'tampered content');
    await expect(store.get(ref)).rejects.toBeInstanceOf(DocumentIntegrityError);
    fs.writeFileSync(path.join(dir, ref.sha256.slice(0, 2), ref.sha256), 'original contenT');
    await expect(store.get(ref)).rejects.toThrow(/sha256/);
  });

  it('refuses a sealed file that was altered on disk, saying so', async () => {
    const ref = await store.put(bytes('original content'), { name: 'a.pdf', contentType: 'application/pdf' });
    const file = path.join(dir, ref.sha256.slice(0, 2), ref.sha256);
    const sealed = fs.readFileSync(file);
    sealed[sealed.length - 20]! ^= 1;
    fs.writeFileSync(file, sealed);
    await expect(store.get(ref)).rejects.toThrow(`Document ${ref.id} failed its integrity check`);
  });

  it('seals a document an older release kept in clear when the same bytes are stored again', async () => {
    const data = bytes('%PDF-1.4 kept in clear');
    const sha = sha256Hex(data);
    const file = path.join(dir, sha.slice(0, 2), sha);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    const ref = await store.put(data, { name: 'a.pdf', contentType: 'application/pdf' });
    expect(isSealed(fs.readFileSync(file))).toBe(true);
    expect(Buffer.from(await store.get(ref)).equals(Buffer.from(data))).toBe(true);
  });

  it('reports a missing document, and a reference whose id is not its sha256, as not found', async () => {
    const data = bytes('never stored');
    const ref = { id: sha256Hex(data), sha256: sha256Hex(data), size: data.byteLength, contentType: 'application/pdf', name: 'x.pdf' };
    await expect(store.get(ref)).rejects.toBeInstanceOf(DocumentNotFoundError);
    expect(await store.exists(ref)).toBe(false);
    const stored = await store.put(bytes('stored'), { name: 's.pdf', contentType: 'application/pdf' });
    expect(await store.exists({ ...stored, id: 'something-else' })).toBe(false);
    await expect(store.get({ ...stored, id: 'something-else' })).rejects.toBeInstanceOf(DocumentNotFoundError);
  });

  it('replaces a torn file left by an interrupted write of other software', async () => {
    const data = bytes('complete document bytes');
    const sha = sha256Hex(data);
    fs.mkdirSync(path.join(dir, sha.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dir, sha.slice(0, 2), sha), 'compl');
    const ref = await store.put(data, { name: 'a.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(await store.get(ref)).toString()).toBe('complete document bytes');
  });

  it('recreates its folders when they were removed while it runs', async () => {
    await store.put(bytes('first'), { name: 'a.pdf', contentType: 'application/pdf' });
    fs.rmSync(dir, { recursive: true, force: true });
    const ref = await store.put(bytes('second'), { name: 'b.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(await store.get(ref)).toString()).toBe('second');
  });

  it('rejects names with path separators and malformed content types', async () => {
    await expect(store.put(bytes('x'), { name: '../../etc/passwd', contentType: 'application/pdf' })).rejects.toThrow();
    await expect(store.put(bytes('x'), { name: 'ok.pdf', contentType: 'pdf' })).rejects.toThrow();
  });
});
