/**
 * Who is making a request: a signed-in person or an API key. It becomes the ledger's `Actor` for every
 * action, so ids are staff ids or key ids, never anything about a patient.
 */
import { z } from 'zod';
import { RoleSchema, UserIdSchema, type Actor } from '../../../domain/lifecycle/tasks';
import { OwnerTeamSchema } from '../../../domain/policy';

export { UserIdSchema };

/** The owning team a person works for: the same slugs as a denial's owner team. */
export const TeamSchema = OwnerTeamSchema;

export const PrincipalSchema = z.object({
  kind: z.enum(['user', 'api_key']),
  id: z.string().min(1),
  role: RoleSchema,
  team: TeamSchema.optional(),
  displayName: z.string().optional(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/** API keys act as `key:<id>` so the ledger tells a script from a person (user ids cannot contain ":"). */
export function actorOf(principal: Principal): Actor {
  return { id: principal.kind === 'api_key' ? `key:${principal.id}` : principal.id, role: principal.role };
}
