import { addDays, daysBetween, type IsoDate } from './dates';
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from './policy-config';

export type ReminderStatus = 'past' | 'today' | 'upcoming';

export interface Reminder {
  /** T-n: days before the due date. */
  offsetDays: number;
  date: IsoDate;
  status: ReminderStatus;
}

export interface ReminderSchedule {
  dueDate: IsoDate;
  /** 0 = due today; negative = the deadline was missed. */
  daysLeft: number;
  breached: boolean;
  /** Latest offset first (T-30, T-14, T-7, T-2). */
  reminders: Reminder[];
  /** Hand the work item to a supervisor on this date if the filing is still not submitted. */
  escalation: Reminder & { condition: 'not_submitted' };
  /** First reminder due today or later; null when none is left. */
  nextReminder: IsoDate | null;
  /** Reminders whose date passed before the schedule was made: send one now instead. */
  missedReminders: number;
}

function statusOf(date: IsoDate, today: IsoDate): ReminderStatus {
  const d = daysBetween(today, date);
  return d < 0 ? 'past' : d === 0 ? 'today' : 'upcoming';
}

export function reminderSchedule(
  dueDate: IsoDate,
  today: IsoDate,
  config: PolicyConfig['reminders'] = DEFAULT_POLICY_CONFIG.reminders,
): ReminderSchedule {
  const offsets = [...new Set(config.offsetsDays)].sort((a, b) => b - a);
  const reminders = offsets.map((offsetDays) => {
    const date = addDays(dueDate, -offsetDays);
    return { offsetDays, date, status: statusOf(date, today) };
  });
  const escalationDate = addDays(dueDate, -config.escalationOffsetDays);
  const daysLeft = daysBetween(today, dueDate);
  const next = reminders.find((r) => r.status !== 'past');
  return {
    dueDate,
    daysLeft,
    breached: daysLeft < 0,
    reminders,
    escalation: {
      offsetDays: config.escalationOffsetDays,
      date: escalationDate,
      status: statusOf(escalationDate, today),
      condition: 'not_submitted',
    },
    nextReminder: next ? next.date : null,
    missedReminders: reminders.filter((r) => r.status === 'past').length,
  };
}
