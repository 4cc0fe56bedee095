/**
 * Where users, sessions and API keys live: SQLite in the data folder (`SqliteIdentityStore`), or PostgreSQL
 * when DATABASE_URL is set (`PostgresIdentityStore`). Holds hashes only, never a secret.
 */
import { z } from 'zod';
import type { LoginLimitHit, LoginLimits } from './login-limit';
import { RoleSchema } from '../../../domain/lifecycle/tasks';
import { TeamSchema, UserIdSchema } from './principal';

export const UserRecordSchema = z.object({
  id: UserIdSchema,
  displayName: z.string().trim().min(1, { error: 'give the person a display name' }).max(120),
  role: RoleSchema,
  team: TeamSchema.nullable(),
  passwordHash: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserRecord = z.infer<typeof UserRecordSchema>;

export const SessionRecordSchema = z.object({
  tokenHash: z.string(),
  userId: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The absolute end of the session, whatever the activity. */
  expiresAt: z.string(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const ApiKeySourceSchema = z.enum(['created', 'intake_legacy']);

export const ApiKeyRecordSchema = z.object({
  id: z.string(),
  keyHash: z.string(),
  label: z.string(),
  role: RoleSchema,
  /** `intake_legacy`: imported from INTAKE_API_KEYS or data/intake-api-key at start-up. */
  source: ApiKeySourceSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

export type UserPatch = Partial<Pick<UserRecord, 'displayName' | 'role' | 'team' | 'passwordHash' | 'disabled'>> & { updatedAt: string };

export interface IdentityStore {
  /** False when a user with this id exists already. */
  addUser(user: UserRecord): Promise<boolean>;
  user(id: string): Promise<UserRecord | undefined>;
  users(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  /** False when there is no such user. */
  updateUser(id: string, patch: UserPatch): Promise<boolean>;

  addSession(session: SessionRecord): Promise<void>;
  /** The session with its user, whatever their state; the caller checks expiry and the disabled flag. */
  session(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  touchSession(tokenHash: string, lastSeenAt: string): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(userId: string): Promise<number>;
  /** Removes sessions idle since before `idleBefore` or past their absolute expiry at `now`. */
  deleteExpiredSessions(idleBefore: string, now: string): Promise<number>;

  /** False when a key with this id or hash exists already. */
  addApiKey(key: ApiKeyRecord): Promise<boolean>;
  apiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  apiKeys(): Promise<ApiKeyRecord[]>;
  /** False when there is no such key or it was revoked already. */
  revokeApiKey(id: string, at: string): Promise<boolean>;
  touchApiKey(id: string, at: string): Promise<void>;

  /**
   * Atomically: forgets attempts before `since`, counts the rest against `limits`, and records this one
   * unless a ceiling is reached. Undefined when recorded, else the ceiling that refused it.
   */
  reserveLoginAttempt(attempt: { userId: string; ip: string; at: string; since: string; limits: LoginLimits }): Promise<LoginLimitHit | undefined>;
  clearLoginFailures(userId: string, ip: string): Promise<void>;

  close(): Promise<void>;
}
