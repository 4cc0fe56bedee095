import { describe, expect, it } from 'vitest';
import {
  RecordControlCommand,
  controlRejection,
  newPreventionState,
  observeOccurrence,
  recordControl,
  taskIdOf,
  type DefectOccurrence,
  type PreventionState,
} from '../../../domain/prevention/prevention-state';

const start = () =>
  newPreventionState(
    {
      key: { id: 'prevention-wrong_modifier-coding', rootCause: 'wrong_modifier', ownerTeam: 'coding' },
      control: { leakPoint: 4, leakPointName: 'wrong modifier', control: 'modifier checklist', kpi: 'modifier denial rate' },
      escalation: { occurrences: 3, windowDays: 7 },
    },
    '2026-03-01T00:00:00.000Z',
  );

const occurrence = (id: string, over: Partial<DefectOccurrence> = {}): DefectOccurrence => ({
  denialWorkflowId: id,
  payerId: 'P1',
  category: 'coding',
  amountCents: 1_000,
  remitDate: '2026-03-02',
  serviceDate: '2026-02-20',
  codes: ['CO-4'],
  ...over,
});

const control = (s: PreventionState, over: Partial<RecordControlCommand> = {}): RecordControlCommand => ({
  taskId: taskIdOf(s),
  version: s.version,
  actor: { id: 'cara', role: 'ar_specialist' },
  kind: 'checklist',
  what: 'Added modifier 25/59 checklist to the charge review step',
  ...over,
});

describe('prevention task state', () => {
  it('counts occurrences and dollars once per denial', () => {
    let s = start();
    let r = observeOccurrence(s, occurrence('d1'), '2026-03-02');
    expect(r.outcome).toMatchObject({ kind: 'counted', first: true, repeat: false });
    s = r.state;
    r = observeOccurrence(s, occurrence('d1'), '2026-03-02');
    expect(r.outcome.kind).toBe('duplicate');
    r = observeOccurrence(s, occurrence('d2'), '2026-03-03');
    expect(r.state).toMatchObject({ occurrences: 2, totalCents: 2_000, repeats: 0, status: 'open' });
  });

  it('escalates once when the threshold is reached within the window, again only in a later window', () => {
    let s = start();
    const outcomes: boolean[] = [];
    for (const [i, day] of ['2026-03-01', '2026-03-05', '2026-03-07', '2026-03-07', '2026-03-20', '2026-03-21', '2026-03-22'].entries()) {
      const r = observeOccurrence(s, occurrence(`d${i}`), day);
      s = r.state;
      outcomes.push(r.outcome.kind === 'counted' && r.outcome.escalate);
    }
    expect(outcomes).toEqual([false, false, true, false, false, false, true]);
  });

  it('a recurrence after the control reopens the task and counts a repeat; an older claim does not', () => {
    let s = observeOccurrence(start(), occurrence('d1'), '2026-03-02').state;
    expect(controlRejection(s, control(s))).toBeNull();
    s = recordControl(s, control(s, { effectiveFrom: '2026-03-05' }), '2026-03-05T12:00:00.000Z');
    expect(s.status).toBe('control_in_place');
    expect(controlRejection(s, control(s))).toMatch(/already recorded/);

    // Serviced before the control took effect: counted, not a repeat, the task stays closed.
    let r = observeOccurrence(s, occurrence('d2', { serviceDate: '2026-03-01', remitDate: '2026-03-09' }), '2026-03-09');
    expect(r.outcome).toMatchObject({ repeat: false, reopened: false, beforeControl: true });
    s = r.state;
    expect(s.status).toBe('control_in_place');

    r = observeOccurrence(s, occurrence('d3', { serviceDate: '2026-03-06', remitDate: '2026-03-12' }), '2026-03-12');
    expect(r.outcome).toMatchObject({ repeat: true, reopened: true });
    s = r.state;
    expect(s).toMatchObject({ status: 'reopened', round: 2, repeats: 1, occurrences: 3 });

    // While reopened, more recurrences are repeats but do not reopen again.
    r = observeOccurrence(s, occurrence('d4', { serviceDate: '2026-03-10' }), '2026-03-13');
    expect(r.outcome).toMatchObject({ repeat: true, reopened: false });
  });

  it('rejects stale pages, an old round and automation', () => {
    const s = observeOccurrence(start(), occurrence('d1'), '2026-03-02').state;
    expect(controlRejection(s, control(s, { version: s.version - 1 }))).toMatch(/Stale/);
    expect(controlRejection(s, control(s, { taskId: `${s.key.id}#9` }))).toMatch(/no longer open/);
    expect(controlRejection(s, control(s, { actor: { id: 'feed', role: 'automation' } }))).toMatch(/not by automation/);
    expect(RecordControlCommand.safeParse({ ...control(s), what: 'short' }).success).toBe(false);
  });
});
