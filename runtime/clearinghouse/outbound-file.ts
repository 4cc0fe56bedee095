/**
 * Checks every outbound file gets before it leaves, whatever the transport: a plain file name (no folder,
 * not hidden, which is how temporary files are told apart), and content of the kind it is sent as.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { OutboundFile, OutboundKind, SentFile } from './connector';
import { ClearinghouseError } from './errors';
import { x12EnvelopeOf } from './x12-envelope';

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

/** A name that stays inside its folder and is never mistaken for a temporary (hidden) one. */
export function checkFileName(name: string): void {
  if (!FILE_NAME.test(name) || name.includes('..')) {
    throw new ClearinghouseError(
      'invalid-name',
      `"${name.slice(0, 80)}" is not a usable file name: use letters, digits, ".", "_" and "-" (200 at most), not starting with "." or "-"`,
    );
  }
}

export interface PreparedFile {
  name: string;
  kind: OutboundKind;
  bytes: Buffer;
  sha256: string;
}

export function prepareOutbound(file: OutboundFile): PreparedFile {
  checkFileName(file.name);
  const bytes = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
  // Only the envelope is read: a claim file sent as a status inquiry (or the other way) is refused here,
  // before the clearinghouse rejects it days later.
  const found = x12EnvelopeOf(bytes.subarray(0, 4096).toString('latin1'))?.transactionSet;
  if (found !== file.kind) {
    throw new ClearinghouseError('wrong-kind', `${file.name} is sent as a ${file.kind} but its ST segment says ${found ? `it is a ${found}` : 'nothing (no ST segment found)'}`);
  }
  return { name: file.name, kind: file.kind, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The hidden name a file is written under before its rename: clearinghouses skip dot-files. */
export function temporaryName(name: string): string {
  return `.${name}.${randomUUID()}.part`;
}

/**
 * A file is already under this name: the same bytes mean a retried send (nothing to do); anything else
 * is refused, since overwriting a claim file the clearinghouse may have taken already would lose it.
 */
export function alreadySentOrRefuse(file: PreparedFile, existing: Buffer, location: string): SentFile {
  if (existing.equals(file.bytes)) return { name: file.name, kind: file.kind, bytes: file.bytes.length, sha256: file.sha256, location, alreadySent: true };
  throw new ClearinghouseError('file-exists', `${file.name} is already in the outbox with different content; it was not overwritten: send the new file under a new name`);
}

export function sentFile(file: PreparedFile, location: string): SentFile {
  return { name: file.name, kind: file.kind, bytes: file.bytes.length, sha256: file.sha256, location, alreadySent: false };
}
