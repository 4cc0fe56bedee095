/** The identity store in the embedded SQLite file (`DATA_DIR/denials.sqlite`, migration 201). */
import { openDenialsStore } from '../../../runtime/store/schema';
import type { Sqlite } from '../../../runtime/store/sqlite';
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

type Row = Record<string, unknown>;

export class SqliteIdentityStore implements IdentityStore {
  private readonly statements;
  private readonly reserveAttempt;

  constructor(private readonly db: Sqlite) {
    this.statements = {
      user: db.prepare(sql.user),
      session: db.prepare(sql.session),
      touchSession: db.prepare(sql.touchSession),
      apiKeyByHash: db.prepare(sql.apiKeyByHash),
      touchApiKey: db.prepare(sql.touchApiKey),
    };
    const prune = db.prepare(sql.pruneLoginFailures);
    const counts = db.prepare(sql.countLoginFailures);
    const record = db.prepare(sql.recordLoginFailure);
    // IMMEDIATE takes the write lock before counting, so another process cannot count the same free slot.
    this.reserveAttempt = db.transaction((a: { userId: string; ip: string; at: string; since: string; limits: LoginLimits }): LoginLimitHit | undefined => {
      prune.run(a.since);
      const hit = ceilingReached(toLoginCounts(counts.get(a.ip, a.ip, a.userId) as Row), a.limits);
      if (!hit) record.run(a.userId, a.ip, a.at);
      return hit;
    });
  }

  static open(dataDir: string): SqliteIdentityStore {
    return new SqliteIdentityStore(openDenialsStore(dataDir));
  }

  async addUser(u: UserRecord): Promise<boolean> {
    return this.db.prepare(sql.addUser).run(...userParams(u)).changes === 1;
  }

  async user(id: string): Promise<UserRecord | undefined> {
    const row = this.statements.user.get(id) as Row | undefined;
    return row && toUser(row);
  }

  async users(): Promise<UserRecord[]> {
    return (this.db.prepare(sql.users).all() as Row[]).map(toUser);
  }

  async countUsers(): Promise<number> {
    return Number((this.db.prepare(sql.countUsers).get() as Row).n);
  }

  async updateUser(id: string, patch: UserPatch): Promise<boolean> {
    const s = updateUserStatement(id, patch);
    return this.db.prepare(s.sql).run(...s.params).changes === 1;
  }

  async addSession(s: SessionRecord): Promise<void> {
    this.db.prepare(sql.addSession).run(...sessionParams(s));
  }

  async session(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const row = this.statements.session.get(tokenHash) as Row | undefined;
    return row && toSession(row);
  }

  async touchSession(tokenHash: string, lastSeenAt: string): Promise<void> {
    this.statements.touchSession.run(lastSeenAt, tokenHash);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.prepare(sql.deleteSession).run(tokenHash);
  }

  async deleteSessionsOf(userId: string): Promise<number> {
    return this.db.prepare(sql.deleteSessionsOf).run(userId).changes;
  }

  async deleteExpiredSessions(idleBefore: string, now: string): Promise<number> {
    return this.db.prepare(sql.deleteExpiredSessions).run(idleBefore, now).changes;
  }

  async addApiKey(k: ApiKeyRecord): Promise<boolean> {
    return this.db.prepare(sql.addApiKey).run(...apiKeyParams(k)).changes === 1;
  }

  async apiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.statements.apiKeyByHash.get(keyHash) as Row | undefined;
    return row && toApiKey(row);
  }

  async apiKeys(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare(sql.apiKeys).all() as Row[]).map(toApiKey);
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.db.prepare(sql.revokeApiKey).run(at, id).changes === 1;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    this.statements.touchApiKey.run(at, id);
  }

  async reserveLoginAttempt(a: { userId: string; ip: string; at: string; since: string; limits: LoginLimits }): Promise<LoginLimitHit | undefined> {
    return this.reserveAttempt.immediate(a);
  }

  async clearLoginFailures(userId: string, ip: string): Promise<void> {
    this.db.prepare(sql.clearLoginFailures).run(userId, ip);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
