// The document store in PostgreSQL (DATABASE_URL): what one node stores another reads, sealed at rest,
// checked against its reference on the way out, stored once however often it is put.
import { Client } from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDocumentStore, DocumentIntegrityError, DocumentNotFoundError, openDocumentStore, type DocumentRef } from '../../services/documents';
import { keyringWith, randomKey } from '../support/codec-keys';
import { describeWithPostgres } from '../support/postgres';

const oldKey = randomKey('2026-06');
const newKey = randomKey('2026-12');
const meta = { name: 'progress-note.pdf', contentType: 'application/pdf' };
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);

describeWithPostgres('document store in PostgreSQL', (pg) => {
  let url: string;
  let sql: Client;
  beforeAll(async () => {
    url = await pg().newDatabase();
    sql = new Client({ connectionString: url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
  });

  const rows = async () => (await sql.query<{ sha256: string; key_id: string; sealed: Buffer }>('SELECT sha256, key_id, sealed FROM documents ORDER BY sha256')).rows;

  it('is what a deployment with DATABASE_URL opens; a document stored on one node is read on another, sealed in the database', async () => {
    const webNode = openDocumentStore({ dataDir: '/nonexistent', databaseUrl: url, keyring: keyringWith(oldKey) });
    const workerNode = createPostgresDocumentStore({ databaseUrl: url, keyring: keyringWith(oldKey) });
    const ref = await webNode.put(pdf('Patient Jane Roe, six weeks of therapy'), meta);
    expect(ref).toMatchObject({ id: ref.sha256, size: pdf('Patient Jane Roe, six weeks of therapy').byteLength, ...meta });
    expect(await workerNode.exists(ref)).toBe(true);
    expect(Buffer.from(await workerNode.get(ref)).toString()).toContain('six weeks of therapy');
    const [row] = await rows();
    expect(row?.sealed.toString('latin1')).not.toContain('Jane Roe');
    await workerNode.close();
  });

  it('stores the same bytes once, and seals them again with the new key when the key ring has rotated', async () => {
    const before = (await rows()).length;
    const old = createPostgresDocumentStore({ databaseUrl: url, keyring: keyringWith(oldKey) });
    const ref = await old.put(pdf('rotated'), meta);
    await old.put(pdf('rotated'), meta);
    expect((await rows()).length).toBe(before + 1);
    expect((await rows()).find((r) => r.sha256 === ref.sha256)?.key_id).toBe(oldKey.id);
    const rotated = createPostgresDocumentStore({ databaseUrl: url, keyring: keyringWith(newKey, oldKey) });
    await rotated.put(pdf('rotated'), meta);
    expect((await rows()).find((r) => r.sha256 === ref.sha256)?.key_id).toBe(newKey.id);
    const newOnly = createPostgresDocumentStore({ databaseUrl: url, keyring: keyringWith(newKey) });
    expect(Buffer.from(await newOnly.get(ref)).toString()).toContain('rotated');
    await Promise.all([old.close(), rotated.close(), newOnly.close()]);
  });

  it('refuses a row altered in the database, a reference that does not match, and reports what is not there', async () => {
    const store = createPostgresDocumentStore({ databaseUrl: url, keyring: keyringWith(oldKey) });
    const ref = await store.put(pdf('tampered'), meta);
    await expect(store.get({ ...ref, size: ref.size + 1 })).rejects.toBeInstanceOf(DocumentIntegrityError);
    await sql.query(`UPDATE documents SET sealed = overlay(sealed PLACING '\\x00'::bytea FROM octet_length(sealed) - 4) WHERE sha256 = $1`, [ref.sha256]);
    await expect(store.get(ref)).rejects.toThrow(/Document [0-9a-f]{64}/);
    const missing: DocumentRef = { ...ref, id: 'a'.repeat(64), sha256: 'a'.repeat(64) };
    await expect(store.get(missing)).rejects.toBeInstanceOf(DocumentNotFoundError);
    expect(await store.exists(missing)).toBe(false);
    expect(await store.exists({ ...ref, id: '../../etc/passwd' })).toBe(false);
    await store.close();
  });
});
