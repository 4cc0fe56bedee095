/** The identity store in the embedded SQLite file (`DATA_DIR/denials.sqlite`, migration 201). */
import { openDenialsStore } from '../../../runtime/store/schema';
import type { Sqlite } from '../../../runtime/store/sqlite';
import {
  ApiKeyRecordSchema,
  SessionRecordSchema,
  UserRecordSchema,
  type ApiKeyRecord,
  type IdentityStore,
  type SessionRecord,
  type UserPatch,
  type UserRecord,
} from './identity-store';
import type { LoginLimitHit, LoginLimits } from './login-limit';

const USER_COLUMNS = `id, display_name AS displayName, role, team, password_hash AS passwordHash, disabled, created_at AS createdAt, updated_at AS updatedAt`;
const KEY_COLUMNS = `id, key_hash AS keyHash, label, role, source, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt`;
const PATCH_COLUMNS: Record<Exclude<keyof UserPatch, 'updatedAt'>, string> = {
  displayName: 'display_name',
  role: 'role',
  team: 'team',
  passwordHash: 'password_hash',
  disabled: 'disabled',
};

type Row = Record<string, unknown>;
const toUser = (row: Row): UserRecord => UserRecordSchema.parse({ ...row, disabled: row.disabled === 1 });

export class SqliteIdentityStore implements IdentityStore {
  private readonly statements;
  private readonly reserveAttempt;

  constructor(private readonly db: Sqlite) {
    this.statements = {
      user: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
      session: db.prepare(
        `SELECT s.token_hash AS tokenHash, s.user_id AS userId, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt, s.expires_at AS expiresAt,
                u.id AS u_id, u.display_name AS u_displayName, u.role AS u_role, u.team AS u_team, u.password_hash AS u_passwordHash,
                u.disabled AS u_disabled, u.created_at AS u_createdAt, u.updated_at AS u_updatedAt
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      ),
      touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
      apiKeyByHash: db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = ?`),
      touchApiKey: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
    };
    const prune = db.prepare('DELETE FROM login_failures WHERE failed_at < ?');
    // Pruned first, so the table only holds the window: at most the site-wide ceiling plus attempts in flight.
    const counts = db.prepare(
      `SELECT count(*) AS total, coalesce(sum(ip = @ip), 0) AS perAddress, coalesce(sum(ip = @ip AND user_id = @userId), 0) AS perUser FROM login_failures`,
    );
    const record = db.prepare('INSERT INTO login_failures (user_id, ip, failed_at) VALUES (?, ?, ?)');
    // IMMEDIATE takes the write lock before counting, so another process cannot count the same free slot.
    this.reserveAttempt = db.transaction((a: { userId: string; ip: string; at: string; since: string; limits: LoginLimits }): LoginLimitHit | undefined => {
      prune.run(a.since);
      const n = counts.get({ ip: a.ip, userId: a.userId }) as LoginLimits;
      const hit = (['perUser', 'perAddress', 'total'] as const).find((k) => n[k] >= a.limits[k]);
      if (!hit) record.run(a.userId, a.ip, a.at);
      return hit;
    });
  }

  static open(dataDir: string): SqliteIdentityStore {
    return new SqliteIdentityStore(openDenialsStore(dataDir));
  }

  async addUser(u: UserRecord): Promise<boolean> {
    const r = this.db
      .prepare(
        `INSERT INTO users (id, display_name, role, team, password_hash, disabled, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(u.id, u.displayName, u.role, u.team, u.passwordHash, u.disabled ? 1 : 0, u.createdAt, u.updatedAt);
    return r.changes === 1;
  }

  async user(id: string): Promise<UserRecord | undefined> {
    const row = this.statements.user.get(id) as Row | undefined;
    return row && toUser(row);
  }

  async users(): Promise<UserRecord[]> {
    return (this.db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`).all() as Row[]).map(toUser);
  }

  async countUsers(): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  async updateUser(id: string, patch: UserPatch): Promise<boolean> {
    const { updatedAt, ...fields } = patch;
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof typeof PATCH_COLUMNS, unknown][];
    const sets = [...entries.map(([k]) => `${PATCH_COLUMNS[k]} = ?`), 'updated_at = ?'];
    const values = entries.map(([, v]) => (typeof v === 'boolean' ? Number(v) : v));
    return this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, updatedAt, id).changes === 1;
  }

  async addSession(s: SessionRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.tokenHash, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt);
  }

  async session(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const row = this.statements.session.get(tokenHash) as Row | undefined;
    if (!row) return undefined;
    const user = Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith('u_')).map(([k, v]) => [k.slice(2), v]));
    return { session: SessionRecordSchema.parse(row), user: toUser(user) };
  }

  async touchSession(tokenHash: string, lastSeenAt: string): Promise<void> {
    this.statements.touchSession.run(lastSeenAt, tokenHash);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async deleteSessionsOf(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  async deleteExpiredSessions(idleBefore: string, now: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR expires_at <= ?').run(idleBefore, now).changes;
  }

  async addApiKey(k: ApiKeyRecord): Promise<boolean> {
    const r = this.db
      .prepare('INSERT INTO api_keys (id, key_hash, label, role, source, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(k.id, k.keyHash, k.label, k.role, k.source, k.createdAt, k.lastUsedAt, k.revokedAt);
    return r.changes === 1;
  }

  async apiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.statements.apiKeyByHash.get(keyHash);
    return row === undefined ? undefined : ApiKeyRecordSchema.parse(row);
  }

  async apiKeys(): Promise<ApiKeyRecord[]> {
    return this.db
      .prepare(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`)
      .all()
      .map((row) => ApiKeyRecordSchema.parse(row));
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    this.statements.touchApiKey.run(at, id);
  }

  async reserveLoginAttempt(a: { userId: string; ip: string; at: string; since: string; limits: LoginLimits }): Promise<LoginLimitHit | undefined> {
    return this.reserveAttempt.immediate(a);
  }

  async clearLoginFailures(userId: string, ip: string): Promise<void> {
    this.db.prepare('DELETE FROM login_failures WHERE user_id = ? AND ip = ?').run(userId, ip);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
