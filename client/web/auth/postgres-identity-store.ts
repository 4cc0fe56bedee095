/**
 * The identity store on PostgreSQL (DATABASE_URL), so every web node sees the same users, sessions, API
 * keys and sign-in failures: the SQLite store's tables (identity-schema.ts) and statements.
 */
import { openPostgres, type PostgresDatabase } from '../../../runtime/store/postgres-database';
import { identityMigrations } from '../../../runtime/store/identity-schema';
import type { ApiKeyRecord, IdentityStore, SessionRecord, UserPatch, UserRecord } from './identity-store';
import {
  apiKeyParams,
  ceilingReached,
  identitySql as sql,
  sessionParams,
  toApiKey,
  toLoginCounts,
  toSession,
  toUser,
  updateUserStatement,
  userParams,
} from './identity-sql';
import type { LoginLimitHit, LoginLimits } from './login-limit';

/** Serialises sign-in reservations across web nodes, as SQLite's write lock does on one machine. */
const LOGIN_LOCK = 7_310_201;

export class PostgresIdentityStore implements IdentityStore {
  private readonly db: PostgresDatabase;

  constructor(url: string) {
    this.db = openPostgres(url, identityMigrations, 'the identity store');
  }

  private async changes(text: string, params: unknown[]): Promise<number> {
    return (await this.db.query(text, params)).rowCount;
  }

  async addUser(u: UserRecord): Promise<boolean> {
    return (await this.changes(sql.addUser, userParams(u))) === 1;
  }

  async user(id: string): Promise<UserRecord | undefined> {
    const [row] = (await this.db.query(sql.user, [id])).rows;
    return row && toUser(row);
  }

  async users(): Promise<UserRecord[]> {
    return (await this.db.query(sql.users)).rows.map(toUser);
  }

  async countUsers(): Promise<number> {
    return Number((await this.db.query(sql.countUsers)).rows[0]?.n ?? 0);
  }

  async updateUser(id: string, patch: UserPatch): Promise<boolean> {
    const s = updateUserStatement(id, patch);
    return (await this.changes(s.sql, s.params)) === 1;
  }

  async addSession(s: SessionRecord): Promise<void> {
    await this.db.query(sql.addSession, sessionParams(s));
  }

  async session(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const [row] = (await this.db.query(sql.session, [tokenHash])).rows;
    return row && toSession(row);
  }

  async touchSession(tokenHash: string, lastSeenAt: string): Promise<void> {
    await this.db.query(sql.touchSession, [lastSeenAt, tokenHash]);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query(sql.deleteSession, [tokenHash]);
  }

  async deleteSessionsOf(userId: string): Promise<number> {
    return this.changes(sql.deleteSessionsOf, [userId]);
  }

  async deleteExpiredSessions(idleBefore: string, now: string): Promise<number> {
    return this.changes(sql.deleteExpiredSessions, [idleBefore, now]);
  }

  async addApiKey(k: ApiKeyRecord): Promise<boolean> {
    return (await this.changes(sql.addApiKey, apiKeyParams(k))) === 1;
  }

  async apiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const [row] = (await this.db.query(sql.apiKeyByHash, [keyHash])).rows;
    return row && toApiKey(row);
  }

  async apiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.db.query(sql.apiKeys)).rows.map(toApiKey);
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return (await this.changes(sql.revokeApiKey, [at, id])) === 1;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.db.query(sql.touchApiKey, [at, id]);
  }

  async reserveLoginAttempt(a: { userId: string; ip: string; at: string; since: string; limits: LoginLimits }): Promise<LoginLimitHit | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(?)', [LOGIN_LOCK]);
      await tx.query(sql.pruneLoginFailures, [a.since]);
      const hit = ceilingReached(toLoginCounts((await tx.query(sql.countLoginFailures, [a.ip, a.ip, a.userId])).rows[0]), a.limits);
      if (!hit) await tx.query(sql.recordLoginFailure, [a.userId, a.ip, a.at]);
      return hit;
    });
  }

  async clearLoginFailures(userId: string, ip: string): Promise<void> {
    await this.db.query(sql.clearLoginFailures, [userId, ip]);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
