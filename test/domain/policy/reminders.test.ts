import { describe, expect, it } from 'vitest';
import { resolvePolicyConfig } from '../../../domain/policy/policy-config';
import { reminderSchedule } from '../../../domain/policy/reminders';

describe('reminderSchedule', () => {
  it('T-30, T-14, T-7, T-2 reminders and escalation at T-7 by default', () => {
    const s = reminderSchedule('2026-07-05', '2026-03-05');
    expect(s.reminders.map((r) => [r.offsetDays, r.date, r.status])).toEqual([
      [30, '2026-06-05', 'upcoming'],
      [14, '2026-06-21', 'upcoming'],
      [7, '2026-06-28', 'upcoming'],
      [2, '2026-07-03', 'upcoming'],
    ]);
    expect(s.escalation).toEqual({ offsetDays: 7, date: '2026-06-28', status: 'upcoming', condition: 'not_submitted' });
    expect([s.daysLeft, s.breached, s.nextReminder, s.missedReminders]).toEqual([122, false, '2026-06-05', 0]);
  });

  it('a deadline learned late has missed reminders and a next one', () => {
    const s = reminderSchedule('2026-03-10', '2026-03-01');
    expect(s.reminders.map((r) => r.status)).toEqual(['past', 'past', 'upcoming', 'upcoming']);
    expect(s.reminders[2]?.date).toBe('2026-03-03');
    expect([s.nextReminder, s.missedReminders]).toEqual(['2026-03-03', 2]);
  });

  it('reminds across a month end in a leap year, and marks today', () => {
    const s = reminderSchedule('2024-03-02', '2024-02-29');
    expect(s.reminders.find((r) => r.offsetDays === 2)).toEqual({ offsetDays: 2, date: '2024-02-29', status: 'today' });
    expect(s.reminders.find((r) => r.offsetDays === 7)?.date).toBe('2024-02-24');
  });

  it('is configurable and reports a breach', () => {
    const config = resolvePolicyConfig({ reminders: { offsetsDays: [1, 10, 10], escalationOffsetDays: 3 } });
    const s = reminderSchedule('2026-01-05', '2026-01-06', config.reminders);
    expect(s.reminders.map((r) => [r.offsetDays, r.date])).toEqual([
      [10, '2025-12-26'],
      [1, '2026-01-04'],
    ]);
    expect(s.escalation.date).toBe('2026-01-02');
    expect([s.daysLeft, s.breached, s.nextReminder]).toEqual([-1, true, null]);
  });
});
