/**
 * Sign-in throttling per user id and client address: after 5 failures within 15 minutes further attempts
 * are refused (429) without checking the password. Kept in the store so every web process shares it.
 */
import type { IdentityStore } from './identity-store';

export const LOGIN_LIMIT = { failures: 5, windowMs: 15 * 60_000 } as const;

export class LoginLimiter {
  constructor(
    private readonly store: IdentityStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private windowStart(): string {
    return new Date(this.now().getTime() - LOGIN_LIMIT.windowMs).toISOString();
  }

  async blocked(userId: string, ip: string): Promise<boolean> {
    return (await this.store.loginFailuresSince(userId, ip, this.windowStart())) >= LOGIN_LIMIT.failures;
  }

  async failed(userId: string, ip: string): Promise<void> {
    await this.store.pruneLoginFailures(this.windowStart());
    await this.store.recordLoginFailure(userId, ip, this.now().toISOString());
  }

  async succeeded(userId: string, ip: string): Promise<void> {
    await this.store.clearLoginFailures(userId, ip);
  }
}
