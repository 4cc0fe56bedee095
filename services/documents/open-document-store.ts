/** The deployment's document store: PostgreSQL when DATABASE_URL is set (every node sees every document), else DATA_DIR/documents. */
import path from 'node:path';
import type { CodecKeyring } from '../../runtime/codec';
import type { DocumentStore } from './document-store';
import { createFolderDocumentStore } from './folder-store';
import { createPostgresDocumentStore } from './postgres-store';

export function openDocumentStore(opts: { dataDir: string; databaseUrl?: string | undefined; keyring: CodecKeyring }): DocumentStore {
  return opts.databaseUrl
    ? createPostgresDocumentStore({ databaseUrl: opts.databaseUrl, keyring: opts.keyring })
    : createFolderDocumentStore({ dir: path.join(opts.dataDir, 'documents'), keyring: opts.keyring });
}
