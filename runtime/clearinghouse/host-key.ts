/**
 * Host key pinning: the server must present the key whose fingerprint the clearinghouse gave us, in the
 * form OpenSSH prints (`ssh-keygen -lf key.pub`, `ssh-keyscan host | ssh-keygen -lf -`): SHA256:base64.
 */
import { createHash } from 'node:crypto';

export const FINGERPRINT_FORM = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** OpenSSH's fingerprint of a public key blob (the wire form the server sends). */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}
