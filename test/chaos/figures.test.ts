// The chaos suite's figures fail on the faults they are there to catch: each case below plants one fault
// in otherwise settled observations and checks that exactly its figure fails.
import { describe, expect, it } from 'vitest';
import { judge, type CaseObservation, type Observations } from '../../chaos/figures';
import { claimsFor, planRun } from '../../chaos/run';
import { generatedClaim } from '../../bench/remittance-generator';

const mailId = (workflowId: string, taskId: string) => `mail:${workflowId}:${taskId}`;

function parked(workflowId: string): CaseObservation {
  const ledger = [
    { seq: 1, type: 'transition', at: '2026-12-01T10:00:00.000Z', summary: 'Denial received' },
    { seq: 2, type: 'transition', at: '2026-12-01T10:00:00.000Z', summary: 'Route: reconsideration' },
    { seq: 3, type: 'task_opened', at: '2026-12-01T10:00:00.000Z', summary: 'Task opened: Prepare the appeal', taskId: 'prepare_appeal-1' },
  ];
  return {
    workflowId,
    answered: false,
    view: { stage: 'in_work', taskKind: 'prepare_appeal', taskClaimed: false, timeline: ledger.map(({ taskId: _t, ...t }) => t) },
    facts: { stage: 'in_work', taskKind: 'prepare_appeal', lastSeq: 3 },
    ledger,
  };
}

/** Entries the workflow numbered and the ledger took: in both, and the read model's last number. */
function record(c: CaseObservation, ...entries: CaseObservation['ledger']): void {
  c.ledger.push(...entries);
  c.view!.timeline.push(...entries.map(({ taskId: _t, ...t }) => t));
  c.facts!.lastSeq = Math.max(...entries.map((e) => e.seq));
}

function approved(workflowId: string): CaseObservation {
  const c = parked(workflowId);
  record(
    c,
    { seq: 4, type: 'task_completed', at: '2026-12-01T11:00:00.000Z', summary: 'Appeal packet approved (3 pages)', taskId: 'prepare_appeal-1' },
    { seq: 5, type: 'transition', at: '2026-12-01T11:00:00.000Z', summary: 'Packet ready to submit' },
    { seq: 6, type: 'task_opened', at: '2026-12-01T11:00:00.000Z', summary: 'Task opened: Record the submission', taskId: 'record_submission-2' },
  );
  c.view!.stage = c.facts!.stage = 'packet_ready';
  c.view!.taskKind = c.facts!.taskKind = 'record_submission';
  return c;
}

function recovered(workflowId: string): CaseObservation {
  const c = parked(workflowId);
  const closing = { seq: 4, type: 'transition', at: '2026-12-02T09:00:00.000Z', summary: 'Recovered 120.00' };
  c.ledger.push(closing);
  c.view = { stage: 'resolved', resolution: 'recovered', taskClaimed: false, timeline: [...c.view!.timeline, closing] };
  c.facts = { stage: 'resolved', resolution: 'recovered', lastSeq: 4 };
  c.answered = true;
  return c;
}

/** Three denials, settled: one parked, one approved by a double click, one answered by the payer. */
function settled(): Observations {
  const cases = [parked('denial-a'), approved('denial-b'), recovered('denial-c')];
  return {
    denials: 3,
    workflows: 3,
    failed: 0,
    workflowTaskFailures: [],
    unreplayable: [],
    cases,
    reingests: [
      { started: 0, signaled: 0, duplicates: 3 },
      { started: 0, signaled: 0, duplicates: 3 },
    ],
    mails: cases.flatMap((c) =>
      c.ledger.filter((r) => r.type === 'task_opened').map((r) => ({ id: mailId(c.workflowId, r.taskId!), at: Date.parse(r.at), kind: 'task_assigned', workflowId: c.workflowId })),
    ),
    kills: [{ at: Date.parse('2026-12-01T10:30:00.000Z'), what: 'worker 1 killed -9' }],
    taskMailId: mailId,
    doubleClicks: [{ workflowId: 'denial-b', action: 'approve-packet', taskId: 'prepare_appeal-1' }],
    packetsByWorkflow: new Map([['denial-b', 1]]),
  };
}

const failing = (o: Observations) => judge(o).filter((f) => !f.ok).map((f) => f.name);

describe('chaos figures', () => {
  it('all meet their want on settled observations', () => {
    const figures = judge(settled());
    expect(figures.filter((f) => !f.ok)).toEqual([]);
    expect(figures.map((f) => f.name)).toEqual([
      'workflows',
      'parked or answered',
      'answered by the payer',
      're-ingest deliveries',
      'failed',
      'workflow task failures',
      'histories that do not replay',
      'duplicate ledger sequence numbers',
      'ledger sequence gaps',
      'ledger steps recorded twice',
      'mails per event',
      'copies resent after a kill (same Message-ID, not judged)',
      'task mails missing',
      'packets per approval',
      'completions per double click',
    ]);
  });

  it('a lost or a second workflow fails the count', () => {
    expect(failing({ ...settled(), workflows: 2 })).toEqual(['workflows']);
    expect(failing({ ...settled(), workflows: 4 })).toEqual(['workflows']);
  });

  it('a denial closed without the payer, or an answered one still open, is not parked or answered', () => {
    const o = settled();
    o.cases[0]!.view!.stage = o.cases[0]!.facts!.stage = 'written_off';
    delete o.cases[0]!.view!.taskKind;
    expect(failing(o)).toEqual(['parked or answered']);
    const p = settled();
    p.cases[2] = { ...parked('denial-c'), answered: true };
    expect(failing(p)).toEqual(['parked or answered', 'answered by the payer']);
  });

  it('a read model behind the workflow, or a task someone is still completing, is not parked', () => {
    const o = settled();
    o.cases[1]!.facts!.taskKind = 'prepare_appeal';
    expect(failing(o)).toEqual(['parked or answered']);
    const p = settled();
    p.cases[0]!.view!.taskClaimed = true;
    expect(failing(p)).toEqual(['parked or answered']);
  });

  it('a re-ingestion that started or signaled anything fails', () => {
    expect(failing({ ...settled(), reingests: [{ started: 0, signaled: 1, duplicates: 2 }, { started: 0, signaled: 0, duplicates: 3 }] })).toEqual(['re-ingest deliveries']);
    expect(failing({ ...settled(), reingests: [{ started: 0, signaled: 0, duplicates: 3 }] })).toEqual(['re-ingest deliveries']);
  });

  it('a failed execution or a failed workflow task fails', () => {
    expect(failing({ ...settled(), failed: 1 })).toEqual(['failed']);
    expect(failing({ ...settled(), workflowTaskFailures: [{ workflowId: 'denial-a', cause: 'NON_DETERMINISTIC_ERROR' }] })).toEqual(['workflow task failures']);
  });

  it('a history that does not replay fails, although no worker happened to replay it during the run', () => {
    expect(failing({ ...settled(), unreplayable: [{ workflowId: 'denial-a', error: 'Nondeterminism error' }] })).toEqual(['histories that do not replay']);
  });

  it('a sequence number two events claimed fails, although the ledger kept only one of them', () => {
    const o = settled();
    // The workflow numbered another event 2: the ledger's primary key kept the first and dropped this one.
    o.cases[0]!.view!.timeline[1] = { ...o.cases[0]!.view!.timeline[1]!, summary: 'Route: write off' };
    expect(failing(o)).toEqual(['duplicate ledger sequence numbers']);
  });

  it('an entry missing inside or at the end of the ledger is a gap', () => {
    const o = settled();
    o.cases[1]!.ledger.splice(1, 1);
    expect(failing(o)).toEqual(['ledger sequence gaps']);
    const p = settled();
    const tail = { seq: 4, type: 'note', at: '2026-12-01T12:00:00.000Z', summary: 'A note' };
    p.cases[0]!.view!.timeline.push(tail);
    expect(failing(p)).toContain('ledger sequence gaps');
  });

  it('one task opened twice under two numbers fails', () => {
    const o = settled();
    record(o.cases[0]!, { seq: 4, type: 'task_opened', at: '2026-12-01T10:00:01.000Z', summary: 'Task opened: Prepare the appeal', taskId: 'prepare_appeal-1' });
    expect(failing(o)).toEqual(['ledger steps recorded twice']);
  });

  it('a mail sent twice for one event, or not at all, fails', () => {
    const o = settled();
    o.mails.push({ ...o.mails[0]!, at: o.mails[0]!.at + 30_000 });
    expect(failing(o)).toEqual(['mails per event']);
    expect(judge(o).find((f) => f.name === 'mails per event')?.examples).toEqual([
      'denial-a task_assigned ×2, received at 10:00:00.000, 10:00:30.000; worker 1 killed -9 1800000 ms after the first copy',
    ]);
    // A copy resent because a worker was killed between the first copy and the sent-marker is told apart.
    const k = settled();
    k.mails.push({ ...k.mails[0]!, at: k.mails[0]!.at + 30_000 });
    k.kills.push({ at: k.mails[0]!.at + 1, what: 'worker 2 killed -9' });
    expect(failing(k)).toEqual([]);
    expect(judge(k).find((f) => f.name.startsWith('copies resent'))?.value).toBe('1');
    const p = settled();
    p.mails.shift();
    expect(failing(p)).toEqual(['task mails missing']);
    // A mail the ledger says could not be sent is not missing.
    p.cases[0]!.ledger.push({ seq: 4, type: 'notification', at: '2026-12-01T10:00:02.000Z', summary: 'Mail task_assigned (task:prepare_appeal-1) could not be sent: refused' });
    expect(failing(p)).toEqual([]);
  });

  it('a second packet for one approval, none, or one without an approval fails', () => {
    expect(failing({ ...settled(), packetsByWorkflow: new Map([['denial-b', 2]]) })).toEqual(['packets per approval']);
    expect(failing({ ...settled(), packetsByWorkflow: new Map() })).toEqual(['packets per approval']);
    expect(failing({ ...settled(), packetsByWorkflow: new Map([['denial-b', 1], ['denial-a', 1]]) })).toEqual(['packets per approval']);
  });

  it('a double click that completed the task twice, or never, fails', () => {
    const o = settled();
    record(o.cases[1]!, { seq: 7, type: 'task_completed', at: '2026-12-01T11:00:01.000Z', summary: 'Appeal packet approved (3 pages)', taskId: 'prepare_appeal-1' });
    expect(failing(o)).toEqual(['ledger steps recorded twice', 'completions per double click']);
    expect(failing({ ...settled(), doubleClicks: [{ workflowId: 'denial-a', action: 'approve-packet', taskId: 'prepare_appeal-1' }] })).toEqual(['completions per double click']);
  });
});

describe('chaos plan', () => {
  it('sizes the generated 835 to exactly the denials asked for', () => {
    for (const denials of [20, 21, 22, 23, 40, 1000]) {
      const opts = { linesPerClaim: 3, claimsPerSet: 200, seed: 5 };
      const found = Array.from({ length: claimsFor(denials) }, (_, i) => generatedClaim(i, opts)).filter((c) => c.reason).length;
      expect(found).toBe(denials);
    }
  });

  it('the seed alone decides the moments of the faults', () => {
    const { pick: _a, ...one } = planRun(1000, 42);
    const { pick: _b, ...again } = planRun(1000, 42);
    const { pick: _c, ...other } = planRun(1000, 43);
    expect(again).toEqual(one);
    expect(other).not.toEqual(one);
    for (const share of [one.killAtStart, one.killAtClick, one.killAtPayment]) expect(share).toBeGreaterThanOrEqual(0.15);
    expect(one).toMatchObject({ approvals: 50, confirmations: 25, answers: 100 });
  });
});
