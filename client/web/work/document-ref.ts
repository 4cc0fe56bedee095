/**
 * The reference a document will have in the folder store (its id is the bytes' sha256), known before the
 * bytes are stored: an attach sends it to the denial's Update first and stores the bytes only once the
 * Update has accepted it. `storeAccepted` checks that the store agrees, so a store that names documents
 * another way fails loudly here instead of leaving the denial pointing at nothing.
 */
import { DocumentMeta, type DocumentRef, type DocumentStore } from '../../../services/documents/document-store';
import { sha256Hex } from '../../../services/documents/document-store';
import { HttpError } from '../http/errors';

export function expectedDocumentRef(bytes: Uint8Array, meta: DocumentMeta): DocumentRef {
  const m = DocumentMeta.parse(meta);
  const sha256 = sha256Hex(bytes);
  return { id: sha256, sha256, size: bytes.byteLength, contentType: m.contentType, name: m.name };
}

/** Stores the bytes the denial accepted under `ref`. A full disk is a 507 that says how to recover. */
export async function storeAccepted(documents: DocumentStore, bytes: Uint8Array, ref: DocumentRef): Promise<void> {
  let stored: DocumentRef;
  try {
    stored = await documents.put(bytes, { name: ref.name, contentType: ref.contentType });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    throw new HttpError(507, 'insufficient_storage', `The denial lists document ${ref.id}, but the server's disk is full and its bytes were not stored. Once an admin has freed space in DATA_DIR, attach the same file again: it is recognised and stored then.`);
  }
  if (stored.id !== ref.id) throw new Error(`The document store named document ${ref.id} ${stored.id}: expectedDocumentRef no longer matches the store.`);
}
