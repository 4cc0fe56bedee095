/**
 * What the intake keeps of an 835 - the file itself (processed/, rejected/, uploads/) and the report and
 * error text beside it - names patients and their account numbers: each is sealed with the codec key
 * ring and owner-only. `npx denials files show <file>` prints one in clear.
 */
import type { Writable } from 'node:stream';
import type { CodecKeyring } from '../../runtime/codec';
import { makePrivateDir } from '../../runtime/at-rest/private-files';
import { moveSealed, readOpenedFile, writeSealedFile } from '../../runtime/at-rest/sealed-files';
import { createSealedWriteStream } from '../../runtime/at-rest/sealed-stream';

export interface KeptFiles {
  readonly keyring: CodecKeyring;
  /** Creates an owner-only folder for kept files (and its parents). */
  folder(dir: string): void;
  /** Moves an 835 the intake took (from the inbox) to where it is kept, sealed. */
  keep(src: string, dest: string): Promise<void>;
  /** Writes a report or error text (or a file fetched from the clearinghouse), sealed. */
  write(file: string, data: string | Uint8Array): void;
  /** A new file that seals an upload as it arrives; complete once 'finish' is emitted. */
  upload(file: string): Writable;
  read(file: string): Buffer;
}

export function keptFiles(keyring: CodecKeyring): KeptFiles {
  return {
    keyring,
    folder: makePrivateDir,
    keep: (src, dest) => moveSealed(src, dest, keyring),
    write: (file, data) => writeSealedFile(file, keyring, data),
    upload: (file) => createSealedWriteStream(file, keyring),
    read: (file) => readOpenedFile(file, keyring),
  };
}
