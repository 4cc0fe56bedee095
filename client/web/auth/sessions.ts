/**
 * Browser sessions: a random 32-byte token in the `denials_session` cookie, stored as its SHA-256 with an
 * idle limit (8 h) and an absolute limit (24 h). The CSRF token is derived from the session token.
 */
import { clearCookie, setCookie } from '../http/cookies';
import type { IdentityStore, UserRecord } from './identity-store';
import type { Principal } from './principal';
import { csrfTokenFor, randomToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'denials_session';

const HOUR = 3_600_000;
export const SESSION_LIMITS = {
  idleMs: 8 * HOUR,
  absoluteMs: 24 * HOUR,
  /** Activity is written at most once a minute: reads stay reads. */
  touchEveryMs: 60_000,
} as const;

export type SessionCheck =
  | { ok: true; principal: Principal; csrfToken: string }
  | { ok: false; reason: string };

export interface StartedSession {
  token: string;
  csrfToken: string;
  setCookie: string;
}

export function principalOfUser(user: UserRecord): Principal {
  return { kind: 'user', id: user.id, role: user.role, team: user.team ?? undefined, displayName: user.displayName };
}

export class Sessions {
  constructor(
    private readonly store: IdentityStore,
    private readonly opts: { secureCookie: boolean; now?: () => Date },
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async start(user: UserRecord): Promise<StartedSession> {
    const now = this.now();
    await this.store.deleteExpiredSessions(new Date(now.getTime() - SESSION_LIMITS.idleMs).toISOString(), now.toISOString());
    const token = randomToken(32);
    await this.store.addSession({
      tokenHash: sha256(token),
      userId: user.id,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_LIMITS.absoluteMs).toISOString(),
    });
    const cookie = setCookie(SESSION_COOKIE, token, { secure: this.opts.secureCookie, maxAgeSeconds: SESSION_LIMITS.absoluteMs / 1000 });
    return { token, csrfToken: csrfTokenFor(token), setCookie: cookie };
  }

  async check(token: string): Promise<SessionCheck> {
    const tokenHash = sha256(token);
    const found = await this.store.session(tokenHash);
    if (!found) return { ok: false, reason: 'Your session has ended or is unknown; sign in again at /login.' };
    const { session, user } = found;
    const now = this.now().getTime();
    const lastSeen = Date.parse(session.lastSeenAt);
    const expired =
      now >= Date.parse(session.expiresAt) ? 'after 24 hours' : now - lastSeen >= SESSION_LIMITS.idleMs ? 'after 8 hours without activity' : undefined;
    if (expired || user.disabled) {
      await this.store.deleteSession(tokenHash);
      return { ok: false, reason: user.disabled ? `User ${user.id} is disabled; ask an admin.` : `Your session expired ${expired}; sign in again at /login.` };
    }
    if (now - lastSeen >= SESSION_LIMITS.touchEveryMs) await this.store.touchSession(tokenHash, new Date(now).toISOString());
    return { ok: true, principal: principalOfUser(user), csrfToken: csrfTokenFor(token) };
  }

  async end(token: string): Promise<void> {
    await this.store.deleteSession(sha256(token));
  }

  clearCookie(): string {
    return clearCookie(SESSION_COOKIE, { secure: this.opts.secureCookie });
  }
}
