/** GET /api/session: who is signed in, with what role, team and permissions, and the CSRF token for writes. */
import { z } from 'zod';
import { RoleSchema } from '../../../domain/lifecycle/tasks';
import { can, PermissionSchema } from '../auth/permissions';
import { defineRoute, type RouteDefinition } from '../http/route';

export const SessionInfoSchema = z.object({
  kind: z.enum(['user', 'api_key']),
  id: z.string(),
  displayName: z.string().optional(),
  role: RoleSchema,
  team: z.string().optional(),
  permissions: z.array(PermissionSchema),
  csrfToken: z.string().optional().describe('send as x-csrf-token on every POST, PUT, PATCH or DELETE made with the session cookie'),
});

export function sessionRoutes(): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/session',
      summary: 'Who am I: the signed-in user or API key, its role, team, permissions and CSRF token',
      tags: ['session'],
      permission: 'signed_in',
      response: SessionInfoSchema,
      handler: ({ principal, csrfToken }) => ({
        kind: principal.kind,
        id: principal.id,
        displayName: principal.displayName,
        role: principal.role,
        team: principal.team,
        permissions: PermissionSchema.options.filter((p) => can(principal, p)),
        csrfToken,
      }),
    }),
  ];
}
