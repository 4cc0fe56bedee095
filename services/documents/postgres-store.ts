/**
 * DocumentStore in PostgreSQL (DATABASE_URL), so an attachment uploaded to one web node is in the packet a
 * worker on another node builds, with no shared folder. Content-addressed like the folder store: one row
 * per sha256 of the plaintext, the bytes sealed with the codec key ring (runtime/at-rest) before they
 * leave the process. Storing the same bytes again is a no-op, unless the row was sealed with another key:
 * then it is sealed again with the current one.
 */
import type { CodecKeyring } from '../../runtime/codec';
import { openBytes, sealBytes, sealedKeyId } from '../../runtime/at-rest/sealed-bytes';
import { openPostgres } from '../../runtime/store/postgres-database';
import { DocumentMeta, DocumentNotFoundError, sha256Hex, verifiedDocument, type DocumentRef, type DocumentStore } from './document-store';

const SHA256 = /^[0-9a-f]{64}$/;

const migrations = [
  {
    version: 401,
    name: 'documents: packets and attachments, sealed, by sha256',
    sql: `CREATE TABLE documents (sha256 TEXT PRIMARY KEY, sealed BYTEA NOT NULL, key_id TEXT NOT NULL, size BIGINT NOT NULL, stored_at TEXT NOT NULL)`,
  },
];

export function createPostgresDocumentStore(opts: { databaseUrl: string; keyring: CodecKeyring }): DocumentStore & { close(): Promise<void> } {
  const db = openPostgres(opts.databaseUrl, migrations, 'the document store');
  /** The store's ids are the sha256 itself; anything else cannot be one of ours. */
  const idOf = (ref: DocumentRef): string | undefined => (typeof ref?.sha256 === 'string' && SHA256.test(ref.sha256) && ref.id === ref.sha256 ? ref.sha256 : undefined);
  return {
    async put(bytes, meta) {
      const m = DocumentMeta.parse(meta);
      const sha256 = sha256Hex(bytes);
      const sealed = sealBytes(opts.keyring, bytes);
      await db.query(
        `INSERT INTO documents (sha256, sealed, key_id, size, stored_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET sealed = excluded.sealed, key_id = excluded.key_id, stored_at = excluded.stored_at
         WHERE documents.key_id <> excluded.key_id`,
        [sha256, sealed, sealedKeyId(sealed), bytes.byteLength, new Date().toISOString()],
      );
      return { id: sha256, sha256, size: bytes.byteLength, contentType: m.contentType, name: m.name };
    },
    async get(ref) {
      const id = idOf(ref);
      const [row] = id ? (await db.query('SELECT sealed FROM documents WHERE sha256 = ?', [id])).rows : [];
      if (!row) throw new DocumentNotFoundError(String(ref?.id));
      return verifiedDocument(ref, openBytes(opts.keyring, row.sealed as Buffer, `Document ${ref.id}`));
    },
    async exists(ref) {
      const id = idOf(ref);
      return id !== undefined && (await db.query('SELECT 1 AS found FROM documents WHERE sha256 = ?', [id])).rows.length > 0;
    },
    close: () => db.close(),
  };
}
