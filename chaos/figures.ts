/**
 * What a chaos run observed, and the figures judged from it. Pure: the run collects the observations
 * (chaos/observe.ts), this file says what they mean, so a unit test can show that each figure fails on
 * the fault it is there to catch.
 */

/** One ledger entry, as far as the figures need it. */
export interface LedgerRow {
  seq: number;
  type: string;
  at: string;
  summary: string;
  taskId?: string;
}

/** One entry of the workflow's own timeline (its view), which numbers entries before the ledger has them. */
export interface TimelineRow {
  seq: number;
  type: string;
  at: string;
  summary: string;
}

export interface CaseObservation {
  workflowId: string;
  /** The remittance the run posted later pays this claim: it must close as recovered. */
  answered: boolean;
  /** The workflow's view; null when the query failed. */
  view: { stage: string; resolution?: string; taskKind?: string; taskClaimed: boolean; timeline: TimelineRow[] } | null;
  /** The ledger's read model of the denial; null when it has no row. */
  facts: { stage: string; resolution?: string; taskKind?: string; lastSeq: number } | null;
  /** Its ledger entries, in seq order. */
  ledger: LedgerRow[];
}

export interface DoubleClick {
  workflowId: string;
  action: string;
  /** The task both clicks named. */
  taskId: string;
}

export interface Observations {
  /** Denials in the generated 835. */
  denials: number;
  /** Denial workflows by the visibility API. */
  workflows: number;
  /** Executions of any type with ExecutionStatus="Failed". */
  failed: number;
  /** WorkflowTaskFailed events in the histories, with their cause and the events that led to the first. */
  workflowTaskFailures: { workflowId: string; cause: string; outline?: string; log?: string[] }[];
  /** Executions whose history does not replay against the workflow code, and why. */
  unreplayable: { workflowId: string; error: string }[];
  cases: CaseObservation[];
  /** Starts and signals of the second and third ingestion of the same file. */
  reingests: { started: number; signaled: number; duplicates: number }[];
  /** Every message the SMTP server received: its Message-ID, when, and what the product's headers say it is. */
  mails: { id: string; at: number; kind: string; workflowId: string }[];
  /** When the run killed a worker, to explain a mail sent twice. */
  kills: { at: number; what: string }[];
  /** Message-ID the product gives the mail of a task opening: a function of its idempotency key. */
  taskMailId: (workflowId: string, taskId: string) => string;
  doubleClicks: DoubleClick[];
  /** Appeal packets in the document store, by the workflow whose claim they name ('?' when none). */
  packetsByWorkflow: Map<string, number>;
}

export interface Figure {
  name: string;
  /** As printed. */
  value: string;
  want: string;
  ok: boolean;
  /** Up to a few workflow ids or causes that explain a failed figure (no PHI: ids are keyed hashes). */
  examples?: string[];
}

const OPEN_STAGES = new Set(['intake', 'classified', 'routed', 'in_work', 'packet_ready', 'submitted', 'awaiting_payer', 'needs_attention']);
const EXAMPLES = 5;

const exact = (name: string, value: number, want: number, examples: string[] = []): Figure => ({
  name,
  value: value.toLocaleString('en-US'),
  want: want.toLocaleString('en-US'),
  ok: value === want,
  ...(value !== want && examples.length ? { examples: examples.slice(0, EXAMPLES) } : {}),
});

/** "1" when every count is 1, else the range, e.g. "0–2". */
function spread(counts: number[]): string {
  if (!counts.length) return 'none';
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

const perKey = (values: readonly { key: string }[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v.key, (counts.get(v.key) ?? 0) + 1);
  return counts;
};

/** Parked with an open task that ledger and view agree on, or (for an answered claim) closed as recovered in both. */
export function settledAsExpected(c: CaseObservation): boolean {
  const { view, facts } = c;
  if (!view || !facts) return false;
  if (c.answered) return view.stage === 'resolved' && view.resolution === 'recovered' && facts.stage === 'resolved' && facts.resolution === 'recovered';
  return OPEN_STAGES.has(view.stage) && !!view.taskKind && !view.taskClaimed && facts.stage === view.stage && facts.taskKind === view.taskKind;
}

/**
 * Sequence numbers two different events claimed: twice in the ledger, or a ledger entry that is not the
 * workflow's entry of that number (another type or summary). Not the time: a workflow replayed after a
 * long local activity can read a few seconds earlier for the code that followed it than the original
 * run did, and the ledger keeps the original's.
 */
export function duplicateSeqs(c: CaseObservation): number[] {
  const dup = new Set<number>();
  const seen = new Set<number>();
  for (const r of c.ledger) {
    if (seen.has(r.seq)) dup.add(r.seq);
    seen.add(r.seq);
  }
  const own = new Map((c.view?.timeline ?? []).map((t) => [t.seq, t]));
  for (const r of c.ledger) {
    const t = own.get(r.seq);
    if (t && (t.type !== r.type || t.summary !== r.summary)) dup.add(r.seq);
  }
  return [...dup];
}

/** What the ledger and the workflow each hold under one sequence number. */
function claimedTwice(c: CaseObservation, seq: number): string {
  const says = (r: { type: string; summary: string } | undefined) => (r ? `"${r.type}: ${r.summary.slice(0, 80)}"` : 'nothing');
  const ledger = c.ledger.filter((r) => r.seq === seq);
  return `${c.workflowId}#${seq}: ledger ${ledger.map(says).join(' and ')}, workflow ${says(c.view?.timeline.find((t) => t.seq === seq))}`;
}

/** Numbers missing from 1..n, where n is the highest the ledger or the workflow has given out. */
export function seqGaps(c: CaseObservation): number {
  const have = new Set(c.ledger.map((r) => r.seq));
  const last = Math.max(0, ...have, ...(c.view?.timeline ?? []).map((t) => t.seq));
  let gaps = 0;
  for (let s = 1; s <= last; s++) if (!have.has(s)) gaps++;
  return gaps;
}

/** A task opened or completed more than once in the ledger: one step recorded twice under two numbers. */
export function eventsRecordedTwice(c: CaseObservation): number {
  const keyed = c.ledger.filter((r) => r.taskId && (r.type === 'task_opened' || r.type === 'task_completed')).map((r) => ({ key: `${r.type}:${r.taskId}` }));
  return [...perKey(keyed).values()].reduce((n, k) => n + (k - 1), 0);
}

/** The ledger notes a mail it could not send; such a task has no mail to find. */
const mailRefused = (c: CaseObservation, taskId: string) => c.ledger.some((r) => r.type === 'notification' && r.summary.includes(`(task:${taskId})`));

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** A mail the server received more than once: what it is, when each copy came, and the kill nearest the first. */
/** Two copies of one message with a worker kill between their arrivals: SMTP's at-least-once window. */
function resentAfterKill(o: Observations, id: string): boolean {
  const copies = o.mails.filter((m) => m.id === id).sort((a, b) => a.at - b.at);
  if (copies.length !== 2) return false;
  const [first, second] = copies as [(typeof copies)[0], (typeof copies)[0]];
  return o.kills.some((k) => k.at >= first.at && k.at <= second.at);
}

function sentTwice(o: Observations, id: string): string {
  const copies = o.mails.filter((m) => m.id === id).sort((a, b) => a.at - b.at);
  const first = copies[0]!;
  const kill = [...o.kills].sort((a, b) => Math.abs(a.at - first.at) - Math.abs(b.at - first.at))[0];
  const near = kill ? `; ${kill.what} ${Math.abs(kill.at - first.at)} ms ${kill.at >= first.at ? 'after' : 'before'} the first copy` : '';
  return `${first.workflowId} ${first.kind} ×${copies.length}, received at ${copies.map((m) => clock(m.at)).join(', ')}${near}`;
}

/** Where a denial that did not settle as expected is, by its view and the ledger's read model. */
function whereItIs(c: CaseObservation): string {
  const v = c.view ? `${c.view.stage}${c.view.resolution ? ` (${c.view.resolution})` : ''}${c.view.taskKind ? `, task ${c.view.taskKind}${c.view.taskClaimed ? ' (claimed)' : ''}` : ', no task'}` : 'no view';
  const f = c.facts ? `${c.facts.stage}${c.facts.taskKind ? `, task ${c.facts.taskKind}` : ''}` : 'no row';
  return `${c.workflowId}: view ${v}; ledger ${f}; want ${c.answered ? 'resolved (recovered)' : 'an open task'}`;
}

export function judge(o: Observations): Figure[] {
  const figures: Figure[] = [];
  figures.push(exact('workflows', o.workflows, o.denials));

  const unsettled = o.cases.filter((c) => !settledAsExpected(c));
  figures.push(exact('parked or answered', o.cases.length - unsettled.length, o.denials, unsettled.map(whereItIs)));
  const answered = o.cases.filter((c) => c.answered);
  figures.push(exact('answered by the payer', answered.filter(settledAsExpected).length, answered.length));

  const reingested = o.reingests.reduce((n, r) => n + r.started + r.signaled, 0);
  figures.push({ ...exact('re-ingest deliveries', reingested, 0), ok: reingested === 0 && o.reingests.length === 2 && o.reingests.every((r) => r.duplicates > 0) });

  figures.push(exact('failed', o.failed, 0));
  figures.push(exact('workflow task failures', o.workflowTaskFailures.length, 0, o.workflowTaskFailures.map((f) => `${f.workflowId}: ${f.cause}${f.outline ? `; events before it: ${f.outline}` : ''}${f.log?.length ? `; worker log: ${f.log.join(' | ')}` : ''}`)));
  figures.push(exact('histories that do not replay', o.unreplayable.length, 0, o.unreplayable.map((u) => `${u.workflowId}: ${u.error}`)));

  const dups = o.cases.flatMap((c) => duplicateSeqs(c).map((s) => claimedTwice(c, s)));
  figures.push(exact('duplicate ledger sequence numbers', dups.length, 0, dups));
  const gaps = o.cases.map((c) => ({ id: c.workflowId, n: seqGaps(c) })).filter((g) => g.n > 0);
  figures.push(exact('ledger sequence gaps', gaps.reduce((n, g) => n + g.n, 0), 0, gaps.map((g) => `${g.id}: ${g.n}`)));
  const twice = o.cases.map((c) => ({ id: c.workflowId, n: eventsRecordedTwice(c) })).filter((g) => g.n > 0);
  figures.push(exact('ledger steps recorded twice', twice.reduce((n, g) => n + g.n, 0), 0, twice.map((g) => g.id)));

  const mails = perKey(o.mails.map((m) => ({ key: m.id })));
  // SMTP cannot be asked whether a message arrived: a worker killed between the server's acceptance and
  // the sent-marker resends it, with the same Message-ID (recipients' mail clients show it once). Such a
  // copy, with a kill between the two arrivals, is counted apart; any other second copy fails the figure.
  const resent = [...mails].filter(([id, n]) => n > 1 && resentAfterKill(o, id)).map(([id]) => id);
  const perEvent = [...mails].map(([id, n]) => (resent.includes(id) ? 1 : n));
  const doubled = [...mails].filter(([id, n]) => n > 1 && !resent.includes(id)).map(([id]) => sentTwice(o, id));
  figures.push({ name: 'mails per event', value: spread(perEvent), want: '1', ok: perEvent.length > 0 && perEvent.every((n) => n === 1), ...(doubled.length ? { examples: doubled.slice(0, EXAMPLES) } : {}) });
  figures.push({ name: 'copies resent after a kill (same Message-ID, not judged)', value: String(resent.length), want: 'any', ok: true, ...(resent.length ? { examples: resent.map((id) => sentTwice(o, id)).slice(0, EXAMPLES) } : {}) });
  const missing = o.cases.flatMap((c) =>
    c.ledger.filter((r) => r.type === 'task_opened' && r.taskId && !mails.has(o.taskMailId(c.workflowId, r.taskId)) && !mailRefused(c, r.taskId)).map((r) => `${c.workflowId} ${r.taskId}`),
  );
  figures.push(exact('task mails missing', missing.length, 0, missing));

  const approved = o.cases.filter((c) => c.ledger.some((r) => r.type === 'task_completed' && r.summary.startsWith('Appeal packet approved')));
  const packets = approved.map((c) => o.packetsByWorkflow.get(c.workflowId) ?? 0);
  const approvedIds = new Set(approved.map((c) => c.workflowId));
  const strays = [...o.packetsByWorkflow].filter(([id]) => !approvedIds.has(id));
  figures.push({
    name: 'packets per approval',
    value: spread(packets),
    want: '1',
    ok: approved.length > 0 && packets.every((n) => n === 1) && strays.length === 0,
    ...(strays.length || packets.some((n) => n !== 1)
      ? { examples: [...approved.flatMap((c, i) => (packets[i] === 1 ? [] : [`${c.workflowId}: ${packets[i]}`])), ...strays.map(([id, n]) => `packet without approval: ${id} ×${n}`)].slice(0, EXAMPLES) }
      : {}),
  });

  const byId = new Map(o.cases.map((c) => [c.workflowId, c]));
  const completions = o.doubleClicks.map((d) => byId.get(d.workflowId)?.ledger.filter((r) => r.type === 'task_completed' && r.taskId === d.taskId).length ?? 0);
  figures.push({
    name: 'completions per double click',
    value: spread(completions),
    want: '1',
    ok: completions.length > 0 && completions.every((n) => n === 1),
    ...(completions.some((n) => n !== 1) ? { examples: o.doubleClicks.filter((_, i) => completions[i] !== 1).map((d) => `${d.workflowId} ${d.action}`).slice(0, EXAMPLES) } : {}),
  });
  return figures;
}

/** `name: value (want X)`, FAILED appended when it is not met. */
export function formatFigure(f: Figure): string {
  return `${f.name}: ${f.value} (want ${f.want})${f.ok ? '' : ' FAILED'}`;
}
