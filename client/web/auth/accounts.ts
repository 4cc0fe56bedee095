/** Local user accounts: add, change password, disable, and check a sign-in. */
import { z } from 'zod';
import { RoleSchema } from '../../../domain/lifecycle/tasks';
import type { IdentityStore, UserRecord } from './identity-store';
import { decoyHash, hashPassword, needsRehash, PASSWORD_COST, PasswordSchema, verifyPassword, type ScryptCost } from './passwords';
import { TeamSchema, UserIdSchema } from './principal';

export const NewUserSchema = z
  .object({
    id: UserIdSchema,
    displayName: z.string().trim().min(1, { error: 'give the person a display name (--name)' }).max(120),
    role: RoleSchema,
    team: TeamSchema.optional(),
    password: PasswordSchema,
  })
  .superRefine((u, ctx) => {
    // An AR specialist's worklist is their team's queue: without a team they would see nothing.
    if (u.role === 'ar_specialist' && !u.team) ctx.addIssue({ code: 'custom', path: ['team'], message: 'an AR specialist needs a team (--team), e.g. ar_follow_up' });
  });
export type NewUser = z.input<typeof NewUserSchema>;

/** An object, so a validation error names the field: "password: a password needs at least 12 characters". */
const NewPasswordSchema = z.object({ password: PasswordSchema });

export class AccountError extends Error {}

export type PublicUser = Omit<UserRecord, 'passwordHash'>;

export function publicUser({ passwordHash: _hash, ...user }: UserRecord): PublicUser {
  return user;
}

export class Accounts {
  constructor(
    private readonly store: IdentityStore,
    private readonly now: () => Date = () => new Date(),
    private readonly cost: ScryptCost = PASSWORD_COST,
  ) {}

  async add(input: NewUser): Promise<PublicUser> {
    const u = NewUserSchema.parse(input);
    const at = this.now().toISOString();
    const user: UserRecord = { id: u.id, displayName: u.displayName, role: u.role, team: u.team ?? null, passwordHash: await hashPassword(u.password, this.cost), disabled: false, createdAt: at, updatedAt: at };
    if (!(await this.store.addUser(user))) throw new AccountError(`User ${u.id} exists already; pick another id or change theirs with set-password.`);
    return publicUser(user);
  }

  /** Changes the password and signs the user out everywhere. */
  async setPassword(id: string, password: string): Promise<void> {
    const hash = await hashPassword(NewPasswordSchema.parse({ password }).password, this.cost);
    if (!(await this.store.updateUser(id, { passwordHash: hash, updatedAt: this.now().toISOString() }))) throw this.unknown(id);
    await this.store.deleteSessionsOf(id);
  }

  /** Disables the user and ends their sessions; their history in the ledger stays. */
  async disable(id: string): Promise<void> {
    if (!(await this.store.updateUser(id, { disabled: true, updatedAt: this.now().toISOString() }))) throw this.unknown(id);
    await this.store.deleteSessionsOf(id);
  }

  async list(): Promise<PublicUser[]> {
    return (await this.store.users()).map(publicUser);
  }

  /**
   * The user when the password matches and the account is enabled; an unknown id spends the same time on
   * a decoy. A hash of an older cost is replaced while the password is at hand (sessions stay).
   */
  async verify(id: string, password: string): Promise<UserRecord | undefined> {
    const user = await this.store.user(id);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash(this.cost)));
    if (!ok || !user || user.disabled) return undefined;
    if (needsRehash(user.passwordHash, this.cost)) {
      const passwordHash = await hashPassword(password, this.cost);
      await this.store.updateUser(user.id, { passwordHash, updatedAt: this.now().toISOString() });
      return { ...user, passwordHash };
    }
    return user;
  }

  private unknown(id: string): AccountError {
    return new AccountError(`No user ${id}; \`users list\` shows who exists.`);
  }
}
