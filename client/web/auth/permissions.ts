/**
 * Who may do what: the one permission matrix of the web app and HTTP API. Every route names exactly one
 * permission; which rows it then returns is the principal's work scope (an AR specialist sees only their
 * own team's work, everyone else with the permission sees every team's).
 *
 * | permission          | what it allows                                                       | roles                                  |
 * |---------------------|----------------------------------------------------------------------|----------------------------------------|
 * | tasks:read          | worklist, task page, denial detail, timeline, packet download        | ar_specialist, supervisor, admin       |
 * | tasks:act           | complete a task through the workflow's Updates, attach, add notes    | ar_specialist, supervisor, admin       |
 * | tasks:assign        | assign and bulk-assign tasks to people                               | supervisor, admin                      |
 * | approvals:decide    | approve or refuse write-offs that need a supervisor                  | supervisor, admin                      |
 * | kpis:read           | leakage KPIs and the supervisor dashboard                            | supervisor, admin                      |
 * | prevention:read     | prevention tasks (own team's for AR specialists)                     | ar_specialist, supervisor, admin       |
 * | prevention:act      | record a control on a prevention task                                | ar_specialist, supervisor, admin       |
 * | remittances:ingest  | POST an 835 and read its intake report                               | automation, supervisor, admin          |
 * | reports:read        | the weekly leakage report for any period                             | supervisor, admin                      |
 * | users:admin         | add, disable and reset users                                         | admin                                  |
 * | keys:admin          | create, list and revoke API keys                                     | admin                                  |
 * | rules:admin         | change payer deadline rules and policy settings                      | admin                                  |
 * | codec:use           | decode payloads for the Temporal Web UI (shows PHI of any team)      | supervisor, admin                      |
 *
 * Task-level rules (which role completes which task kind) stay in `TASK_ROLES` of domain/lifecycle/tasks.ts,
 * checked again by the workflow's Update validators.
 */
import { z } from 'zod';
import type { Role } from '../../../domain/lifecycle/tasks';
import type { Principal } from './principal';

export const PermissionSchema = z.enum([
  'tasks:read',
  'tasks:act',
  'tasks:assign',
  'approvals:decide',
  'kpis:read',
  'prevention:read',
  'prevention:act',
  'remittances:ingest',
  'reports:read',
  'users:admin',
  'keys:admin',
  'rules:admin',
  'codec:use',
]);
export type Permission = z.infer<typeof PermissionSchema>;

const AR_WORK: readonly Permission[] = ['tasks:read', 'tasks:act', 'prevention:read', 'prevention:act'];
// Decoding names no workflow, so it cannot be scoped to a team: it belongs to those who see every team.
const SUPERVISION: readonly Permission[] = ['tasks:assign', 'approvals:decide', 'kpis:read', 'reports:read', 'remittances:ingest', 'codec:use'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  ar_specialist: new Set(AR_WORK),
  supervisor: new Set([...AR_WORK, ...SUPERVISION]),
  automation: new Set<Permission>(['remittances:ingest']),
  admin: new Set(PermissionSchema.options),
};

/** Roles that only see their own team's work; every other role sees all teams. */
const TEAM_BOUND_ROLES: ReadonlySet<Role> = new Set<Role>(['ar_specialist']);

export function can(principal: Pick<Principal, 'role'>, permission: Permission): boolean {
  return ROLE_PERMISSIONS[principal.role].has(permission);
}

/** The roles holding a permission, for error messages and the OpenAPI document. */
export function rolesWith(permission: Permission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].has(permission));
}

/** Whose work a principal may see: every team, one team, or none (a team-bound user without a team). */
export type WorkScope = { kind: 'all' } | { kind: 'team'; team: string } | { kind: 'none' };

export function workScope(principal: Pick<Principal, 'role' | 'team'>): WorkScope {
  if (!TEAM_BOUND_ROLES.has(principal.role)) return { kind: 'all' };
  return principal.team ? { kind: 'team', team: principal.team } : { kind: 'none' };
}

/** Whether the principal may see or act on work owned by `team` (given the route's permission passed). */
export function canAccessTeam(principal: Pick<Principal, 'role' | 'team'>, team: string): boolean {
  const scope = workScope(principal);
  return scope.kind === 'all' || (scope.kind === 'team' && scope.team === team);
}
