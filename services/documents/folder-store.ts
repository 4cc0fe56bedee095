/**
 * DocumentStore on a local folder (the embedded default, `data/documents`), content-addressed by sha256:
 *
 *   <dir>/<first two hex digits>/<sha256>      the bytes
 *   <dir>/.tmp/                                 writes in progress (same file system, so rename is atomic)
 *
 * Storing the same bytes twice is a no-op. A file only appears under its final name once it is complete
 * and flushed, so a crash mid-write leaves at most a stray temp file, never a torn document.
 *
 * Documents hold PHI (records, letters naming the patient): each file is sealed with the codec key ring
 * (runtime/at-rest) and owner-only; its name stays the sha256 of the plaintext, which is what the workflow
 * holds. A document stored in clear by an older release is read as it is.
 *
 * Documents up to `syncLimit` bytes (default 4 MiB: letters, packets, most records) are read and written
 * with synchronous calls: each promise-based fs call is a thread-pool round trip, and the eight of an
 * atomic write cost more than the work itself (under a millisecond of blocking for such a file). Larger
 * documents go through the thread pool so a big scan never blocks the worker's event loop.
 */
import { randomUUID } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DocumentMeta,
  DocumentNotFoundError,
  sha256Hex,
  verifiedDocument,
  type DocumentRef,
  type DocumentStore,
  type DocumentMeta as DocumentMetaInput,
} from './document-store';
import type { CodecKeyring } from '../../runtime/codec';
import { makePrivateDir, makePrivateDirAsync, OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { openBytes, sealBytes } from '../../runtime/at-rest/sealed-bytes';
import { sealedLength } from '../../runtime/at-rest/sealed-format';

export const DEFAULT_DOCUMENTS_DIR = path.join('data', 'documents');
const SHA256 = /^[0-9a-f]{64}$/;

export interface FolderDocumentStoreOptions {
  /** Root folder; created on first write. Default `data/documents` (relative to the working directory). */
  dir?: string;
  /** Seals new documents (its first key) and opens stored ones (any of its keys). */
  keyring: CodecKeyring;
  /** fsync each new file before it is renamed into place (default true). */
  durable?: boolean;
  /** Documents up to this size use synchronous file calls (default 4 MiB; 0 = always asynchronous). */
  syncLimit?: number;
}


function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

export function createFolderDocumentStore(options: FolderDocumentStoreOptions): DocumentStore {
  const root = path.resolve(options.dir ?? DEFAULT_DOCUMENTS_DIR);
  const tmpDir = path.join(root, '.tmp');
  const durable = options.durable ?? true;
  const syncLimit = options.syncLimit ?? 4 * 1024 * 1024;
  /** Folders known to exist: mkdir once per folder and process. */
  const made = new Set<string>();

  const pathOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256);

  /** The folder store's ids are the sha256 itself; anything else cannot be one of ours (nor a path). */
  const locate = (ref: DocumentRef): string => {
    if (typeof ref?.sha256 !== 'string' || !SHA256.test(ref.sha256) || ref.id !== ref.sha256) throw new DocumentNotFoundError(String(ref?.id));
    return pathOf(ref.sha256);
  };

  function sizeOfSync(file: string): number | null {
    try {
      return fsSync.statSync(file).size;
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw err;
    }
  }

  async function sizeOf(file: string): Promise<number | null> {
    try {
      return (await fs.stat(file)).size;
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw err;
    }
  }

  function writeAtomicallySync(file: string, bytes: Uint8Array): void {
    for (const d of [tmpDir, path.dirname(file)]) {
      if (!made.has(d)) makePrivateDir(d);
      made.add(d);
    }
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const fd = fsSync.openSync(tmp, 'wx', OWNER_ONLY_FILE);
    try {
      fsSync.writeSync(fd, bytes);
      if (durable) fsSync.fsyncSync(fd);
    } finally {
      fsSync.closeSync(fd);
    }
    try {
      fsSync.renameSync(tmp, file);
    } catch (err) {
      fsSync.rmSync(tmp, { force: true });
      throw err;
    }
  }

  async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
    for (const d of [tmpDir, path.dirname(file)]) {
      if (!made.has(d)) await makePrivateDirAsync(d);
      made.add(d);
    }
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const handle = await fs.open(tmp, 'wx', OWNER_ONLY_FILE);
    try {
      await handle.writeFile(bytes);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  return {
    async put(bytes: Uint8Array, meta: DocumentMetaInput): Promise<DocumentRef> {
      const m = DocumentMeta.parse(meta);
      const sha256 = sha256Hex(bytes);
      const file = pathOf(sha256);
      // Same name = same sha256 = same bytes. A file of another size is a torn leftover, or one kept in
      // clear or under another key id by an older release: replace it, sealed with the current key.
      const sealedSize = sealedLength(bytes.byteLength, options.keyring.active.id);
      const store = async () => {
        if (bytes.byteLength <= syncLimit) {
          if (sizeOfSync(file) !== sealedSize) writeAtomicallySync(file, sealBytes(options.keyring, bytes));
        } else if ((await sizeOf(file)) !== sealedSize) {
          await writeAtomically(file, sealBytes(options.keyring, bytes));
        }
      };
      try {
        await store();
      } catch (err) {
        // A folder removed behind our back (cleanup, restore): create it again, once.
        if (!isErrno(err, 'ENOENT')) throw err;
        made.clear();
        await store();
      }
      return { id: sha256, sha256, size: bytes.byteLength, contentType: m.contentType, name: m.name };
    },

    async get(ref: DocumentRef): Promise<Uint8Array> {
      const file = locate(ref);
      let stored: Buffer;
      try {
        stored = ref.size <= syncLimit ? fsSync.readFileSync(file) : await fs.readFile(file);
      } catch (err) {
        if (isErrno(err, 'ENOENT')) throw new DocumentNotFoundError(ref.id);
        throw err;
      }
      return verifiedDocument(ref, openBytes(options.keyring, stored, `Document ${ref.id}`));
    },

    async exists(ref: DocumentRef): Promise<boolean> {
      let file: string;
      try {
        file = locate(ref);
      } catch (err) {
        if (err instanceof DocumentNotFoundError) return false;
        throw err;
      }
      return (await sizeOf(file)) !== null;
    },
  };
}
