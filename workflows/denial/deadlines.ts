/**
 * The deadline cascade: reminders at T-n, escalation to supervisors, and the breach that records a
 * timely-filing loss. It runs on durable timers whenever the case waits for a person or the payer, and it
 * keeps running while the case is parked: a problem never stops the clock.
 */
import { condition } from '@temporalio/workflow';
import { reminderSchedule } from '../../domain/policy/reminders';
import { endOfDay, isoDay, type DenialCaseState } from './case-state';
import type { CaseEffects } from './effects';

/** Reminders go out in the (US) morning of their day. */
const reminderMoment = (date: string) => Date.parse(`${date}T14:00:00.000Z`);

export interface Timed {
  at: number;
  fire: () => Promise<void>;
}

export type WaitOutcome = 'done' | 'answer' | 'closed';

function filingTimers(c: DenialCaseState, fx: CaseEffects): Timed[] {
  const deadline = c.deadline;
  if (!deadline || c.submission) return [];
  const due = deadline.dueDate;
  const schedule = reminderSchedule(due, isoDay(Date.now()), c.assessment.reminders);
  const timers: Timed[] = [];
  // Of the reminders whose day already passed, only the latest is still worth sending (once, now).
  const latestPast = schedule.reminders.filter((r) => r.status === 'past').sort((a, b) => a.offsetDays - b.offsetDays)[0];
  for (const r of schedule.reminders) {
    const key = `T-${r.offsetDays} ${due}`;
    if (c.remindersSent.includes(key)) continue;
    if (r.status === 'past' && r !== latestPast) continue;
    // A reminder whose day passed before the case reached this point is sent once, now.
    const at = Math.max(reminderMoment(r.date), r.status === 'past' ? Date.now() : 0);
    timers.push({
      at,
      fire: async () => {
        c.remindersSent.push(key);
        const daysLeft = Math.round((endOfDay(due) - Date.now()) / 86_400_000);
        await fx.mail({ kind: 'reminder', key: `reminder:${key}`, ...(c.task ? { task: c.task.kind } : {}), deadline: due, daysLeft: Math.max(0, daysLeft) });
        await fx.record('deadline', `Reminder T-${r.offsetDays}: ${c.deadline?.description ?? due}`);
      },
    });
  }
  if (!c.escalated) {
    timers.push({
      at: Math.max(reminderMoment(schedule.escalation.date), schedule.escalation.status === 'past' ? Date.now() : 0),
      fire: async () => {
        c.escalated = true;
        c.bump('escalated to a supervisor');
        await fx.mail({ kind: 'escalation', key: `escalation:${due}`, ...(c.task ? { task: c.task.kind } : {}), deadline: due, daysLeft: Math.round((endOfDay(due) - Date.now()) / 86_400_000), reason: 'deadline_near' });
        await fx.record('deadline', `Escalated to supervisors: not submitted ${schedule.escalation.offsetDays} days before ${due}`);
      },
    });
  }
  timers.push({
    at: endOfDay(due),
    fire: async () => {
      c.lostCents = c.atRiskCents;
      c.atRiskCents = 0;
      await fx.mail({ kind: 'deadline_breach', key: `breach:${due}`, deadline: due }, c.lostCents);
      await fx.close('timely_filing_loss', 'timely_filing_loss', `Timely-filing loss of ${(c.lostCents / 100).toFixed(2)}: ${c.deadline?.description ?? due} passed without a submission`);
    },
  });
  return timers;
}

/**
 * Waits until `done()`, a payer answer, or the case closes, firing reminders, escalation and the deadline
 * breach on durable timers meanwhile.
 */
export async function waitWithDeadlines(c: DenialCaseState, fx: CaseEffects, done: () => boolean, extraTimers: () => Timed[] = () => []): Promise<WaitOutcome> {
  for (;;) {
    if (c.closed) return 'closed';
    if (c.answers.length) return 'answer';
    if (done()) return 'done';
    // What the case recorded reaches the ledger before it waits (the opening queues its first steps).
    if (fx.queued) await fx.flush();
    const timers = [...filingTimers(c, fx), ...extraTimers()].sort((a, b) => a.at - b.at);
    const next = timers[0];
    const wake = () => c.closed || c.answers.length > 0 || done();
    if (!next) {
      await condition(wake);
      continue;
    }
    if (!(await condition(wake, Math.max(1, next.at - Date.now())))) await next.fire();
  }
}

/** Opens a task and waits for it, under the deadline cascade. */
export async function work(c: DenialCaseState, fx: CaseEffects, kind: Parameters<CaseEffects['openTask']>[0], queue?: string): Promise<WaitOutcome> {
  const t = await fx.openTask(kind, queue);
  return waitWithDeadlines(c, fx, () => c.isDone(t.id));
}
