// The identity store contract, run against the SQLite file and a real PostgreSQL server (a throwaway
// cluster, or DATABASE_URL_TEST): users, sessions, API keys and the sign-in limits must behave the same,
// since several web nodes share them through PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord, IdentityStore, UserRecord } from '../../client/web/auth/identity-store';
import { openIdentityStore } from '../../client/web/auth/identity';
import { PostgresIdentityStore } from '../../client/web/auth/postgres-identity-store';
import { SqliteIdentityStore } from '../../client/web/auth/sqlite-identity-store';
import { describeWithPostgres } from '../support/postgres';

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const user = (id: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id,
  displayName: `Person ${id}`,
  role: 'ar_specialist',
  team: 'ar_follow_up',
  passwordHash: `hash-of-${id}`,
  disabled: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

const key = (id: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  keyHash: `key-hash-${id}`,
  label: `feed ${id}`,
  role: 'automation',
  source: 'created',
  createdAt: '2026-12-01T10:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

const limits = { perUser: 3, perAddress: 5, total: 8 };
const attempt = (userId: string, ip: string, at = '2026-12-01T10:05:00.000Z') => ({ userId, ip, at, since: '2026-12-01T09:50:00.000Z', limits });

/** `open` gives a store on fresh, empty data; `reopen` another store on the same data (another node). */
function identityStoreContract(fresh: () => Promise<{ open(): IdentityStore }>) {
  it('adds, reads, lists, counts and patches users; a second add of the same id is refused', async () => {
    const store = (await fresh()).open();
    expect(await store.addUser(user('ar.alex'))).toBe(true);
    expect(await store.addUser(user('ar.alex', { displayName: 'Someone else' }))).toBe(false);
    expect(await store.addUser(user('sup.sam', { role: 'supervisor', team: null }))).toBe(true);
    expect(await store.user('ar.alex')).toEqual(user('ar.alex'));
    expect(await store.user('nobody')).toBeUndefined();
    expect((await store.users()).map((u) => u.id)).toEqual(['ar.alex', 'sup.sam']);
    expect(await store.countUsers()).toBe(2);
    expect(await store.updateUser('ar.alex', { disabled: true, team: null, updatedAt: '2026-12-02T00:00:00.000Z' })).toBe(true);
    expect(await store.updateUser('nobody', { disabled: true, updatedAt: '2026-12-02T00:00:00.000Z' })).toBe(false);
    expect(await store.user('ar.alex')).toEqual(user('ar.alex', { disabled: true, team: null, updatedAt: '2026-12-02T00:00:00.000Z' }));
    await store.close();
  });

  it('keeps sessions with their user, touches, expires and deletes them', async () => {
    const store = (await fresh()).open();
    await store.addUser(user('ar.alex'));
    const session = { tokenHash: 't1', userId: 'ar.alex', createdAt: '2026-12-01T10:00:00.000Z', lastSeenAt: '2026-12-01T10:00:00.000Z', expiresAt: '2026-12-01T22:00:00.000Z' };
    await store.addSession(session);
    await store.addSession({ ...session, tokenHash: 't2', lastSeenAt: '2026-12-01T08:00:00.000Z' });
    await store.addSession({ ...session, tokenHash: 't3' });
    expect(await store.session('t1')).toEqual({ session, user: user('ar.alex') });
    await store.touchSession('t1', '2026-12-01T11:00:00.000Z');
    expect((await store.session('t1'))?.session.lastSeenAt).toBe('2026-12-01T11:00:00.000Z');
    expect(await store.deleteExpiredSessions('2026-12-01T09:00:00.000Z', '2026-12-01T12:00:00.000Z')).toBe(1);
    expect(await store.session('t2')).toBeUndefined();
    await store.deleteSession('t3');
    expect(await store.session('t3')).toBeUndefined();
    expect(await store.deleteSessionsOf('ar.alex')).toBe(1);
    expect(await store.session('t1')).toBeUndefined();
    await store.close();
  });

  it('keeps API keys by hash, refuses a second key with the same id or hash, revokes once', async () => {
    const store = (await fresh()).open();
    expect(await store.addApiKey(key('k1'))).toBe(true);
    expect(await store.addApiKey(key('k1', { keyHash: 'other' }))).toBe(false);
    expect(await store.addApiKey(key('k2', { keyHash: 'key-hash-k1' }))).toBe(false);
    expect(await store.addApiKey(key('k3', { source: 'intake_legacy', createdAt: '2026-12-01T11:00:00.000Z' }))).toBe(true);
    expect(await store.apiKeyByHash('key-hash-k1')).toEqual(key('k1'));
    expect(await store.apiKeyByHash('unknown')).toBeUndefined();
    await store.touchApiKey('k1', '2026-12-01T12:00:00.000Z');
    expect(await store.revokeApiKey('k1', '2026-12-01T13:00:00.000Z')).toBe(true);
    expect(await store.revokeApiKey('k1', '2026-12-01T14:00:00.000Z')).toBe(false);
    expect(await store.apiKeys()).toEqual([key('k1', { lastUsedAt: '2026-12-01T12:00:00.000Z', revokedAt: '2026-12-01T13:00:00.000Z' }), key('k3', { source: 'intake_legacy', createdAt: '2026-12-01T11:00:00.000Z' })]);
    await store.close();
  });

  it('counts sign-in failures against each ceiling, forgets those before the window and clears on success', async () => {
    const store = (await fresh()).open();
    // An old failure outside the window never counts.
    expect(await store.reserveLoginAttempt(attempt('ar.alex', '10.0.0.1', '2026-12-01T09:00:00.000Z'))).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(await store.reserveLoginAttempt(attempt('ar.alex', '10.0.0.1'))).toBeUndefined();
    expect(await store.reserveLoginAttempt(attempt('ar.alex', '10.0.0.1'))).toBe('perUser');
    for (let i = 0; i < 2; i++) expect(await store.reserveLoginAttempt(attempt(`u${i}`, '10.0.0.1'))).toBeUndefined();
    expect(await store.reserveLoginAttempt(attempt('u9', '10.0.0.1'))).toBe('perAddress');
    for (let i = 0; i < 3; i++) expect(await store.reserveLoginAttempt(attempt(`v${i}`, `10.0.1.${i}`))).toBeUndefined();
    expect(await store.reserveLoginAttempt(attempt('w', '10.0.2.1'))).toBe('total');
    await store.clearLoginFailures('ar.alex', '10.0.0.1');
    expect(await store.reserveLoginAttempt(attempt('w', '10.0.2.1'))).toBeUndefined();
    await store.close();
  });

  it('lets no more parallel guesses through than the ceiling, from two stores on the same data', async () => {
    const data = await fresh();
    const nodes = [data.open(), data.open()];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => nodes[i % 2]!.reserveLoginAttempt(attempt('ar.alex', '10.0.0.1'))));
    expect(results.filter((r) => r === undefined)).toHaveLength(limits.perUser);
    expect(new Set(results.filter((r) => r !== undefined))).toEqual(new Set(['perUser']));
    await Promise.all(nodes.map((s) => s.close()));
  });

  it('shows a user added on one node to another node', async () => {
    const data = await fresh();
    const [a, b] = [data.open(), data.open()];
    await a.addUser(user('ar.alex'));
    await a.addSession({ tokenHash: 't1', userId: 'ar.alex', createdAt: '2026-12-01T10:00:00.000Z', lastSeenAt: '2026-12-01T10:00:00.000Z', expiresAt: '2026-12-01T22:00:00.000Z' });
    expect((await b.session('t1'))?.user.id).toBe('ar.alex');
    await Promise.all([a.close(), b.close()]);
  });
}

describe('identity store contract: SQLite', () => {
  identityStoreContract(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-store-'));
    dataDirs.push(dataDir);
    return { open: () => SqliteIdentityStore.open(dataDir) };
  });

  it('is the store a deployment without DATABASE_URL opens', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-store-'));
    dataDirs.push(dataDir);
    const store = openIdentityStore({ dataDir, DATABASE_URL: undefined });
    expect(store).toBeInstanceOf(SqliteIdentityStore);
    await store.close();
  });
});

describeWithPostgres('identity store contract: PostgreSQL', (pg) => {
  identityStoreContract(async () => {
    const url = await pg().newDatabase();
    return { open: () => new PostgresIdentityStore(url) };
  });

  it('is the store a deployment with DATABASE_URL opens, and names the database when it cannot reach it', async () => {
    const store = openIdentityStore({ dataDir: '/nonexistent', DATABASE_URL: pg().url });
    expect(store).toBeInstanceOf(PostgresIdentityStore);
    await store.close();
    const down = new PostgresIdentityStore('postgres://denials:secret-password@127.0.0.1:1/nowhere');
    const err = await down.countUsers().catch((e: Error) => e);
    expect(String(err)).toMatch(/127\.0\.0\.1:1\/nowhere of the identity store could not be migrated/);
    expect(String(err)).not.toMatch(/secret-password/);
    await down.close();
  });
});
