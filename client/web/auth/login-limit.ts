/**
 * Sign-in throttling, kept in the store so every web process shares it. Each attempt is reserved before
 * its password is hashed, in one transaction that also counts the attempts of the window: parallel
 * guesses cannot all pass the check before the first failure is written. A reservation that succeeds is
 * cleared with the user's earlier failures from that address; one that fails stays, as the failure.
 *
 * Three ceilings per 15 minutes: per user id and address (a guessed password), per address whatever the
 * user id (one client spraying many accounts), and for the whole site (a spray from many addresses; it
 * also holds back people with the right password, which is the price of stopping it).
 */
import { LOGIN_FAILURE_DEFAULTS } from '../../../runtime/config';
import type { IdentityStore } from './identity-store';

export interface LoginLimits {
  /** Failed sign-ins for one user id from one address. */
  perUser: number;
  /** Failed sign-ins from one address, any user id. */
  perAddress: number;
  /** Failed sign-ins on the whole site. */
  total: number;
}

/** Which ceiling refused an attempt. */
export type LoginLimitHit = keyof LoginLimits;

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const DEFAULT_LOGIN_LIMITS: LoginLimits = LOGIN_FAILURE_DEFAULTS;

export class LoginLimiter {
  constructor(
    private readonly store: IdentityStore,
    readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Undefined when the attempt may go ahead (it now counts as a failure until `succeeded`); else the ceiling it hit. */
  async reserve(userId: string, ip: string): Promise<LoginLimitHit | undefined> {
    const now = this.now().getTime();
    return this.store.reserveLoginAttempt({ userId, ip, at: new Date(now).toISOString(), since: new Date(now - LOGIN_WINDOW_MS).toISOString(), limits: this.limits });
  }

  async succeeded(userId: string, ip: string): Promise<void> {
    await this.store.clearLoginFailures(userId, ip);
  }
}
