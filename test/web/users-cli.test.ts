// `npm run users`: people and API keys in DATA_DIR's identity store, readable or --json, passwords and keys
// shown once, exit 0 / 1 (refused) / 2 (usage). What it writes is what the web app then accepts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentity } from '../../client/web/auth/identity';
import { SqliteIdentityStore } from '../../client/web/auth/sqlite-identity-store';
import { repoRoot } from '../support/launcher';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'users-cli-'));

function users(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli/users.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    input,
  });
}

const json = <T>(r: { stdout: string }) => JSON.parse(r.stdout) as T;

describe('npm run users', () => {
  const identity = createIdentity(SqliteIdentityStore.open(dataDir), { secureCookie: false });

  afterAll(async () => {
    await identity.close();
  });

  it('add generates a password once, or reads it from stdin', async () => {
    const generated = users(['add', 'ar.alex', '--name', 'Alex Rivera', '--role', 'ar_specialist', '--team', 'ar_follow_up']);
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);
    const [added, shown] = generated.stdout.trim().split('\n');
    expect(added).toBe('Added ar.alex (Alex Rivera), ar_specialist, team ar_follow_up.');
    const password = /^Password \(shown once\): (\S{24})$/.exec(shown!)![1]!;
    expect(await identity.accounts.verify('ar.alex', password)).toMatchObject({ id: 'ar.alex', role: 'ar_specialist', team: 'ar_follow_up' });

    const piped = users(['add', 'sup.sam', '--name', 'Sam Ortiz', '--role', 'supervisor', '--password-stdin', '--json'], 'sam-chosen-password\n');
    expect(piped.status).toBe(0);
    const out = json<{ ok: boolean; user: Record<string, unknown>; password?: string }>(piped);
    expect(out).toEqual({ ok: true, user: expect.objectContaining({ id: 'sup.sam', displayName: 'Sam Ortiz', role: 'supervisor', team: null, disabled: false }) });
    expect(out.user).not.toHaveProperty('passwordHash');
    expect(await identity.accounts.verify('sup.sam', 'sam-chosen-password')).toBeDefined();
  });

  it('refuses bad input with exit 2 naming the flag, and a taken id with exit 1', () => {
    const noTeam = users(['add', 'ar.bea', '--name', 'Bea', '--role', 'ar_specialist', '--json']);
    expect(noTeam.status).toBe(2);
    expect(json(noTeam)).toEqual({ ok: false, error: '--team: an AR specialist needs a team (--team), e.g. ar_follow_up' });
    const badRole = users(['add', 'ar.bea', '--name', 'Bea', '--role', 'boss']);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/^--role: Invalid option: expected one of "ar_specialist"\|"supervisor"\|"automation"\|"admin"\n\nUsage: npm run users/);
    const badId = users(['add', 'Patient Smith', '--name', 'X', '--role', 'admin', '--json']);
    expect(json<{ error: string }>(badId).error).toMatch(/^<id>: expected a staff id such as ar\.alex/);
    const shortPassword = users(['set-password', 'ar.alex', '--password-stdin', '--json'], 'short\n');
    expect(shortPassword.status).toBe(2);
    expect(json(shortPassword)).toEqual({ ok: false, error: 'password: a password needs at least 12 characters' });
    const taken = users(['add', 'ar.alex', '--name', 'Alex', '--role', 'admin', '--json']);
    expect(taken.status).toBe(1);
    expect(json(taken)).toEqual({ ok: false, error: 'User ar.alex exists already; pick another id or change theirs with set-password.' });
    expect(users(['frobnicate']).status).toBe(2);
    expect(users([]).status).toBe(2);
    expect(users(['--help']).status).toBe(0);
  });

  it('list, set-password and disable', async () => {
    const list = users(['list']);
    expect(list.stdout).toMatch(/^ar\.alex\s+ar_specialist\s+ar_follow_up\s+active\s+Alex Rivera\nsup\.sam\s+supervisor\s+-\s+active\s+Sam Ortiz\n$/);
    expect(json<{ id: string }[]>(users(['list', '--json'])).map((u) => u.id)).toEqual(['ar.alex', 'sup.sam']);

    const reset = users(['set-password', 'ar.alex', '--json']);
    expect(reset.status).toBe(0);
    const { password } = json<{ password: string }>(reset);
    expect(await identity.accounts.verify('ar.alex', password)).toBeDefined();

    expect(users(['disable', 'ar.alex']).stdout).toBe('Disabled ar.alex and ended their sessions; their history stays in the ledger.\n');
    expect(await identity.accounts.verify('ar.alex', password)).toBeUndefined();
    const unknown = users(['disable', 'nobody.here', '--json']);
    expect(unknown.status).toBe(1);
    expect(json(unknown)).toEqual({ ok: false, error: 'No user nobody.here; `users list` shows who exists.' });
  });

  it('keys create shows the key once; list shows it without the secret; revoke shuts it out', async () => {
    const created = users(['keys', 'create', '--label', 'clearinghouse bridge', '--json']);
    expect(created.status).toBe(0);
    const { key, apiKey } = json<{ key: string; apiKey: { id: string; role: string; label: string } }>(created);
    expect(key).toMatch(new RegExp(`^dk_${apiKey.id}_[A-Za-z0-9_-]{43}$`));
    expect(apiKey).toMatchObject({ role: 'automation', label: 'clearinghouse bridge' });
    expect(await identity.apiKeys.check(key)).toMatchObject({ ok: true, principal: { kind: 'api_key', id: apiKey.id, role: 'automation' } });

    const text = users(['keys', 'create', '--label', 'ops', '--role', 'supervisor']);
    expect(text.stdout).toMatch(/^Created API key [0-9a-f]{12} \(ops\), role supervisor\.\nKey \(shown once\): dk_/);

    const list = users(['keys', 'list']);
    expect(list.stdout).toContain(`${apiKey.id}`);
    expect(list.stdout).toMatch(/automation\s+created \d{4}-\d\d-\d\d\s+last used \S+/);
    expect(list.stdout).not.toContain(key.slice(16));
    expect(json<object[]>(users(['keys', 'list', '--json']))[0]).not.toHaveProperty('keyHash');

    expect(users(['keys', 'revoke', apiKey.id]).status).toBe(0);
    expect(await identity.apiKeys.check(key)).toMatchObject({ ok: false, reason: expect.stringContaining('was revoked') });
    const again = users(['keys', 'revoke', apiKey.id, '--json']);
    expect(again.status).toBe(1);
    expect(users(['keys', 'create', '--json']).status).toBe(2);
    expect(users(['keys']).status).toBe(2);
  });
});
