// The permission matrix, role by role, and the work scope that limits an AR specialist to their team.
import { describe, expect, it } from 'vitest';
import { RoleSchema, type Role } from '../../domain/lifecycle/tasks';
import { can, canAccessTeam, PermissionSchema, rolesWith, workScope, type Permission } from '../../client/web/auth/permissions';
import { actorOf } from '../../client/web/auth/principal';

const A = 'ar_specialist';
const S = 'supervisor';
const M = 'automation';
const D = 'admin';

const EXPECTED: Record<Permission, Role[]> = {
  'tasks:read': [A, S, D],
  'tasks:act': [A, S, D],
  'tasks:assign': [S, D],
  'approvals:decide': [S, D],
  'kpis:read': [S, D],
  'prevention:read': [A, S, D],
  'prevention:act': [A, S, D],
  'remittances:ingest': [M, S, D],
  'reports:read': [S, D],
  'users:admin': [D],
  'keys:admin': [D],
  'rules:admin': [D],
  'codec:use': [S, D],
};

describe('permission matrix', () => {
  it('lists every permission once', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PermissionSchema.options].sort());
  });

  const cases = PermissionSchema.options.flatMap((permission) => RoleSchema.options.map((role) => ({ permission, role, allowed: EXPECTED[permission].includes(role) })));
  it.each(cases)('$role $permission → $allowed', ({ permission, role, allowed }) => {
    expect(can({ role }, permission)).toBe(allowed);
  });

  it('names the roles holding a permission, for error messages', () => {
    expect(rolesWith('kpis:read')).toEqual(['supervisor', 'admin']);
    expect(rolesWith('remittances:ingest')).toEqual(['supervisor', 'automation', 'admin']);
  });
});

describe('work scope', () => {
  it('an AR specialist sees their own team only; everyone else sees every team', () => {
    expect(workScope({ role: 'ar_specialist', team: 'ar_follow_up' })).toEqual({ kind: 'team', team: 'ar_follow_up' });
    expect(workScope({ role: 'ar_specialist' })).toEqual({ kind: 'none' });
    expect(workScope({ role: 'supervisor', team: 'coding' })).toEqual({ kind: 'all' });
    expect(canAccessTeam({ role: 'ar_specialist', team: 'ar_follow_up' }, 'ar_follow_up')).toBe(true);
    expect(canAccessTeam({ role: 'ar_specialist', team: 'ar_follow_up' }, 'coding')).toBe(false);
    expect(canAccessTeam({ role: 'ar_specialist' }, 'coding')).toBe(false);
    expect(canAccessTeam({ role: 'supervisor' }, 'coding')).toBe(true);
  });

  it('the ledger actor tells an API key from a person', () => {
    expect(actorOf({ kind: 'user', id: 'ar.alex', role: 'ar_specialist', team: 'ar_follow_up' })).toEqual({ id: 'ar.alex', role: 'ar_specialist' });
    expect(actorOf({ kind: 'api_key', id: '0a1b2c3d4e5f', role: 'automation' })).toEqual({ id: 'key:0a1b2c3d4e5f', role: 'automation' });
  });
});
