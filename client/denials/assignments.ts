/**
 * An assignment names a real person: checked against the staff directory before the Update is sent (the
 * workflow's validator can check the id's form and the team, not who exists). A display name, a
 * disabled account or a made-up team is refused with what to write instead.
 */
import { UserIdSchema, WorkTeamSchema, type Role } from '../../domain/lifecycle/tasks';

export interface StaffMember {
  id: string;
  displayName: string;
  role: Role;
  team: string | null;
  disabled: boolean;
}

export interface StaffDirectory {
  list(): Promise<StaffMember[]>;
}

/** People who work denials can be assigned one. */
const ASSIGNABLE: readonly Role[] = ['ar_specialist', 'supervisor'];

/** Why this assignment cannot be made, or null when it can. */
export async function assignmentProblem(directory: StaffDirectory, data: { to?: unknown; team?: unknown }): Promise<string | null> {
  if (data.team !== undefined) {
    const team = WorkTeamSchema.safeParse(data.team);
    if (!team.success) return team.error.issues[0]!.message;
  }
  const to = typeof data.to === 'string' ? data.to.trim() : '';
  if (!to) return 'Say who to assign it to: a staff id such as ar.alex.';
  const staff = await directory.list();
  const person = staff.find((s) => s.id === to);
  if (!person) {
    const byName = staff.filter((s) => s.displayName.toLowerCase() === to.toLowerCase());
    if (byName.length === 1) return `"${to}" is a display name: assign to the staff id ${byName[0]!.id}.`;
    const form = UserIdSchema.safeParse(to);
    return form.success ? `No staff member has the id ${to}: see \`npm run users -- list\`.` : `"${to}" is not a staff id: ${form.error.issues[0]!.message}.`;
  }
  if (person.disabled) return `${to} is disabled and cannot be assigned work.`;
  if (!ASSIGNABLE.includes(person.role)) return `${to} is ${person.role.replace('_', ' ')}, not someone who works denials (an AR specialist or a supervisor).`;
  return null;
}
