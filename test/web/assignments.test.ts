// Who a denial can be assigned to, checked against the staff directory before any Update is sent.
import { describe, expect, it } from 'vitest';
import { assignmentProblem, type StaffMember } from '../../client/denials/assignments';

const staff: StaffMember[] = [
  { id: 'sam', displayName: 'Sam Lee', role: 'supervisor', team: 'ar_follow_up', disabled: false },
  { id: 'ar.alex', displayName: 'Alex Rivera', role: 'ar_specialist', team: 'ar_follow_up', disabled: false },
  { id: 'ar.gone', displayName: 'Gone Person', role: 'ar_specialist', team: 'ar_follow_up', disabled: true },
  { id: 'ada', displayName: 'Ada Admin', role: 'admin', team: null, disabled: false },
];
const directory = { list: async () => staff };

describe('assignmentProblem', () => {
  it('accepts an active specialist or supervisor, with or without a work team', async () => {
    expect(await assignmentProblem(directory, { to: 'ar.alex' })).toBeNull();
    expect(await assignmentProblem(directory, { to: 'sam', team: 'supervisors' })).toBeNull();
    expect(await assignmentProblem(directory, { to: 'sam', team: 'coding' })).toBeNull();
  });

  it('says which staff id a display name belongs to', async () => {
    expect(await assignmentProblem(directory, { to: 'Sam Lee' })).toBe('"Sam Lee" is a display name: assign to the staff id sam.');
  });

  it('refuses unknown ids, bad forms, disabled accounts, people who do not work denials and made-up teams', async () => {
    expect(await assignmentProblem(directory, { to: 'ar.nobody' })).toMatch(/^No staff member has the id ar.nobody/);
    expect(await assignmentProblem(directory, { to: 'Nobody At All' })).toMatch(/^"Nobody At All" is not a staff id: expected a staff id such as ar.alex/);
    expect(await assignmentProblem(directory, { to: 'ar.gone' })).toBe('ar.gone is disabled and cannot be assigned work.');
    expect(await assignmentProblem(directory, { to: 'ada' })).toMatch(/^ada is admin, not someone who works denials/);
    expect(await assignmentProblem(directory, { to: 'ar.alex', team: 'made_up' })).toMatch(/^unknown team "made_up"/);
    expect(await assignmentProblem(directory, {})).toBe('Say who to assign it to: a staff id such as ar.alex.');
  });
});
