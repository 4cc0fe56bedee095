/**
 * Random secrets and their stored forms. Session tokens and API keys are high-entropy, so a plain SHA-256
 * is enough to store them (unlike passwords); the CSRF token is derived from the session token.
 */
import crypto from 'node:crypto';

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** Per-session CSRF token: knowable only to whoever holds the session cookie, so nothing to store. */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHmac('sha256', sessionToken).update('csrf').digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** API keys read `dk_<id>_<secret>`: the id names the key in lists and the ledger, the secret proves it. */
export function newApiKey(): { id: string; key: string } {
  const id = crypto.randomBytes(6).toString('hex');
  return { id, key: `dk_${id}_${randomToken(32)}` };
}

