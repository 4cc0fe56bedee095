/**
 * The identity store's statements, shared by its SQLite and PostgreSQL implementations: the same tables
 * (identity-schema.ts), `?` placeholders, aliases quoted so PostgreSQL keeps their case.
 */
import { ApiKeyRecordSchema, SessionRecordSchema, UserRecordSchema, type ApiKeyRecord, type SessionRecord, type UserPatch, type UserRecord } from './identity-store';
import type { LoginLimitHit, LoginLimits } from './login-limit';

type Row = Record<string, unknown>;

const USER_COLUMNS = `id, display_name AS "displayName", role, team, password_hash AS "passwordHash", disabled, created_at AS "createdAt", updated_at AS "updatedAt"`;
const KEY_COLUMNS = `id, key_hash AS "keyHash", label, role, source, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;
const PATCH_COLUMNS: Record<Exclude<keyof UserPatch, 'updatedAt'>, string> = {
  displayName: 'display_name',
  role: 'role',
  team: 'team',
  passwordHash: 'password_hash',
  disabled: 'disabled',
};

export const identitySql = {
  addUser: `INSERT INTO users (id, display_name, role, team, password_hash, disabled, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  user: `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`,
  users: `SELECT ${USER_COLUMNS} FROM users ORDER BY id`,
  countUsers: 'SELECT count(*) AS n FROM users',
  addSession: 'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  session: `SELECT s.token_hash AS "tokenHash", s.user_id AS "userId", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
                   u.id AS "u_id", u.display_name AS "u_displayName", u.role AS "u_role", u.team AS "u_team", u.password_hash AS "u_passwordHash",
                   u.disabled AS "u_disabled", u.created_at AS "u_createdAt", u.updated_at AS "u_updatedAt"
            FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
  touchSession: 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?',
  deleteSession: 'DELETE FROM sessions WHERE token_hash = ?',
  deleteSessionsOf: 'DELETE FROM sessions WHERE user_id = ?',
  deleteExpiredSessions: 'DELETE FROM sessions WHERE last_seen_at < ? OR expires_at <= ?',
  addApiKey: 'INSERT INTO api_keys (id, key_hash, label, role, source, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  apiKeyByHash: `SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = ?`,
  apiKeys: `SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`,
  revokeApiKey: 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  touchApiKey: 'UPDATE api_keys SET last_used_at = ? WHERE id = ?',
  // Pruned first, so the table only holds the window: at most the site-wide ceiling plus attempts in flight.
  pruneLoginFailures: 'DELETE FROM login_failures WHERE failed_at < ?',
  /** Params: ip, ip, userId. */
  countLoginFailures: `SELECT count(*) AS total, count(*) FILTER (WHERE ip = ?) AS "perAddress", count(*) FILTER (WHERE ip = ? AND user_id = ?) AS "perUser" FROM login_failures`,
  recordLoginFailure: 'INSERT INTO login_failures (user_id, ip, failed_at) VALUES (?, ?, ?)',
  clearLoginFailures: 'DELETE FROM login_failures WHERE user_id = ? AND ip = ?',
} as const;

export function userParams(u: UserRecord): unknown[] {
  return [u.id, u.displayName, u.role, u.team, u.passwordHash, u.disabled ? 1 : 0, u.createdAt, u.updatedAt];
}

export function apiKeyParams(k: ApiKeyRecord): unknown[] {
  return [k.id, k.keyHash, k.label, k.role, k.source, k.createdAt, k.lastUsedAt, k.revokedAt];
}

export function sessionParams(s: SessionRecord): unknown[] {
  return [s.tokenHash, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt];
}

/** `UPDATE users …` for the fields the patch sets. */
export function updateUserStatement(id: string, patch: UserPatch): { sql: string; params: unknown[] } {
  const { updatedAt, ...fields } = patch;
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof typeof PATCH_COLUMNS, unknown][];
  const sets = [...entries.map(([k]) => `${PATCH_COLUMNS[k]} = ?`), 'updated_at = ?'];
  const values = entries.map(([, v]) => (typeof v === 'boolean' ? Number(v) : v));
  return { sql: `UPDATE users SET ${sets.join(', ')} WHERE id = ?`, params: [...values, updatedAt, id] };
}

export const toUser = (row: Row): UserRecord => UserRecordSchema.parse({ ...row, disabled: Number(row.disabled) === 1 });

export function toSession(row: Row): { session: SessionRecord; user: UserRecord } {
  const user = Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith('u_')).map(([k, v]) => [k.slice(2), v]));
  return { session: SessionRecordSchema.parse(row), user: toUser(user) };
}

export const toApiKey = (row: Row): ApiKeyRecord => ApiKeyRecordSchema.parse(row);

/** The counts as numbers: PostgreSQL returns count(*) as text. */
export function toLoginCounts(row: Row | undefined): LoginLimits {
  return { total: Number(row?.total ?? 0), perAddress: Number(row?.perAddress ?? 0), perUser: Number(row?.perUser ?? 0) };
}

/** The first ceiling the counted attempts reach, if any: the attempt is then refused, not recorded. */
export function ceilingReached(counts: LoginLimits, limits: LoginLimits): LoginLimitHit | undefined {
  return (['perUser', 'perAddress', 'total'] as const).find((k) => counts[k] >= limits[k]);
}
