/**
 * Everything a denial workflow knows, and the rules for changing it, with no Temporal calls: the
 * workflow's handlers and main loop change the case only through these methods, and a unit test can
 * drive it without a server. Time comes in as arguments (the workflow's deterministic clock).
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { DenialCase, RemittanceEvent } from '../../domain/denial-case';
import type { CaseAssessment, CaseNoticeDates } from '../../domain/lifecycle/assess';
import type { Reopening } from '../../domain/lifecycle/reopening';
import type { ClaimStatusReport } from '../../domain/lifecycle/claim-status-report';
import { type SystemActor, type LedgerEntry, type Resolution, type Stage } from '../../domain/lifecycle/ledger-entry';
import { TASK_ROLES, TASK_TITLES, type Actor, type Correction, type DocumentRef, type HumanTask, type TaskKind, type TaskResult } from '../../domain/lifecycle/tasks';
import type { FilingDeadline } from '../../domain/policy/deadlines';
import { describeRoute, type Route } from '../../domain/policy/routes';
import type { ClaimFileSent, ClaimStatusSeen, DenialView, PatientIdentity, TimelineEntry } from '../denial-messages';
import { AmountAtRisk, AssignedTo, DenialCategory, DenialStage, NextDeadline, OwnerTeam, PayerId, Route as RouteAttr } from '../search-attributes';

/** AR work queues; the owning team of the root cause is for prevention, not for working the denial. */
export const AR_TEAM = 'ar_follow_up';
/** Underpayment disputes are worked by contracting and payer relations, who own the rates and the payer contacts. */
export const CONTRACTING_TEAM = 'contracting';
export const SUPERVISORS = 'supervisors';
const TIMELINE_LIMIT = 300;
const CHANGES_LIMIT = 50;
/** Claim status answers kept for the view: the latest matter, and a chatty payer must not grow the state. */
const STATUS_LIMIT = 20;

/** A refusal of an Update, in the words the person sees. */
export class TaskRejection extends Error {
  override name = 'TaskRejection';
}

/** What the payer said, queued until the main loop acts on it: several can arrive in one workflow task. */
export interface PayerAnswer {
  kind: 'payment' | 'denial';
  paidCents: number;
  event?: RemittanceEvent;
  /** Notice date of the payer's decision (the remittance's BPR16 date, or the date of a decision recorded by hand). */
  noticeDate?: string;
  source: string;
}

export type Actorish = Actor | typeof SystemActor;

/** The claim's adjustment (group-CARC) and remark codes, as the ledger and prevention record them. */
export const codesOf = (d: Pick<RemittanceEvent, 'adjustments' | 'remarks'>) => d.adjustments.map((a) => `${a.group}-${a.reason}`).concat(d.remarks.map((r) => r.code));
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A deadline is met by a filing received on its due date: it passes at the end of that day (UTC). */
export const endOfDay = (date: string) => Date.parse(`${date}T23:59:59.999Z`);

export class DenialCaseState {
  readonly seen: Set<string>;
  stage: Stage = 'intake';
  resolution: Resolution | undefined;
  closedReason = '';
  version = 0;
  seq = 0;
  taskSeq = 0;
  task: HumanTask | null = null;
  taskDoneId: string | null = null;
  assignee: string | undefined;
  team = AR_TEAM;
  appealLevel = 0;
  /** The payer refused a reopening of this claim: the policy does not choose one again. */
  reopeningRefused = false;
  /**
   * Notice dates deadlines may run from that the current remittance no longer shows: the original EOB
   * (later remittances replace `denial.remittance`) and the last decision the payer made on our filing.
   */
  readonly notices: CaseNoticeDates;
  /** The payer upheld its payment on an underpayment dispute: the next level, not the same dispute again. */
  paymentDisputeUpheld = false;
  atRiskCents: number;
  recoveredCents = 0;
  lostCents = 0;
  readonly underpaidCents: number;
  eventsReceived = 1;
  duplicatesIgnored = 0;
  assessment!: CaseAssessment;
  route!: Route;
  deadline: FilingDeadline | null = null;
  /** A person's route; after checking a window with the payer, with the window's confirmed last day. */
  routeOverride: { route: Route; reason: string; by: string; windowDueDate?: string } | null = null;
  writeOffRefused = false;
  escalated = false;
  /** Why the case is parked (needs_attention), until a supervisor resolves it. */
  problem: string | null = null;
  readonly remindersSent: string[] = [];
  readonly documents: (DocumentRef & { description?: string })[] = [];
  readonly corrections: Correction[] = [];
  packet: { ref: DocumentRef; pages: number } | undefined;
  argument: string | undefined;
  submission: { date: string; channel: string; reference: string; by: string } | undefined;
  readonly answers: PayerAnswer[] = [];
  /** The start's assessment and the question it answered, until the first route takes or drops it. */
  startAssessment: { asked: string; answer: CaseAssessment } | null = null;
  /** From the (encrypted) workflow input; shown to the people working the case, nowhere else. */
  patient: PatientIdentity | undefined;
  /** This run reopens a recovered denial the payer took money back from (domain/lifecycle/reopening.ts). */
  reopened: Reopening | null = null;
  /** Files sent to the clearinghouse for this denial (corrected claims, status inquiries), oldest first. */
  readonly claimFiles: ClaimFileSent[] = [];
  /** Claim status answers (277, 277CA, 999), oldest first, the last STATUS_LIMIT. */
  readonly claimStatuses: ClaimStatusSeen[] = [];
  /** The clearinghouse or payer rejected the corrected claim this denial sent: it must be fixed and sent again. */
  rejectedClaim: ClaimStatusSeen | null = null;
  /** The payer asked for more information (a 277 R code) while nobody was following up: a follow-up opens now. */
  informationRequest: ClaimStatusSeen | null = null;
  private readonly changes: { version: number; what: string }[] = [];
  private readonly timeline: TimelineEntry[] = [];

  constructor(
    readonly workflowId: string,
    public denial: DenialCase,
    openingEventKey: string,
  ) {
    this.seen = new Set([openingEventKey]);
    this.notices = denial.remittance.date ? { originalRemitDate: denial.remittance.date } : {};
    this.atRiskCents = denial.detection.amountAtRiskCents;
    this.underpaidCents = denial.detection.reasons.reduce((n, r) => n + (r.code === 'underpaid' ? (r.amountCents ?? 0) : 0), 0);
  }

  /**
   * Continues a recovered denial's closed run: its ledger after the last entry, its appeal level, and what
   * it recovered less what the payer took back (which is at risk again).
   */
  reopen(r: Reopening): void {
    this.reopened = r;
    this.seq = r.afterSeq;
    this.appealLevel = r.appealLevel;
    this.recoveredCents = Math.max(0, r.recoveredCents - this.atRiskCents);
  }

  get closed(): boolean {
    return this.stage === 'resolved' || this.stage === 'written_off' || this.stage === 'timely_filing_loss';
  }

  get primary(): CaseAssessment['classification']['primary'] {
    return this.assessment.classification.primary;
  }

  /** Takes a new assessment: its route and deadline replace the current ones. */
  adopt(a: CaseAssessment): void {
    this.assessment = a;
    this.route = a.decision.route;
    this.deadline = a.deadline;
  }

  /** The route a person chose, while it stands. */
  overrideChosen(): Route | null {
    return this.routeOverride?.route ?? null;
  }

  bump(what: string): void {
    this.version++;
    this.changes.push({ version: this.version, what });
    if (this.changes.length > CHANGES_LIMIT) this.changes.shift();
  }

  result(): TaskResult {
    return { version: this.version, stage: this.stage, taskId: this.task?.id ?? null };
  }

  /** A filing deadline runs: worklists sort by it. */
  get deadlineRuns(): boolean {
    return !!this.deadline && !this.closed && !this.submission;
  }

  /** The PHI-free attributes worklists filter on. `NextDeadline` is left to the caller when none runs. */
  searchAttributes(): SearchAttributeUpdatePair[] {
    const p = this.primary;
    return [
      { key: DenialStage, value: this.stage },
      { key: DenialCategory, value: p.category },
      { key: OwnerTeam, value: p.ownerTeam },
      { key: AssignedTo, value: this.closed ? 'none' : (this.assignee ?? `team:${this.team}`) },
      { key: PayerId, value: this.denial.payer.id || 'unknown' },
      { key: RouteAttr, value: this.route.kind },
      { key: AmountAtRisk, value: this.closed ? 0 : this.atRiskCents / 100 },
      ...(this.deadline && this.deadlineRuns ? [{ key: NextDeadline, value: new Date(endOfDay(this.deadline.dueDate)) }] : []),
    ];
  }

  /** One ledger event, numbered; (workflowId, seq) makes its append idempotent across retries and replays. */
  ledgerEntry(type: LedgerEntry['type'], summary: string, actor: Actorish, at: string, more: Partial<Omit<LedgerEntry, 'facts'>> & { facts?: Partial<LedgerEntry['facts']> } = {}): LedgerEntry {
    const p = this.primary;
    const { facts: extraFacts, ...extra } = more;
    const entry: LedgerEntry = {
      workflowId: this.workflowId,
      seq: ++this.seq,
      at,
      type,
      stage: this.stage,
      actor,
      summary,
      rationale: extra.rationale ?? [],
      facts: {
        payerId: this.denial.payer.id,
        category: p.category,
        rootCause: p.rootCause,
        ownerTeam: p.ownerTeam,
        preventable: p.preventable,
        route: this.route.kind,
        appealLevel: this.appealLevel,
        codes: codesOf(this.denial),
        ruleIds: this.assessment.decision.ruleIds,
        ...(this.task ? { taskId: this.task.id, taskKind: this.task.kind } : {}),
        ...(this.assignee ? { assignee: this.assignee } : {}),
        workTeam: this.team,
        ...(this.resolution ? { resolution: this.resolution } : {}),
        ...(this.denial.remittance.date ? { remitDate: this.denial.remittance.date } : {}),
        ...extraFacts,
      },
      amounts: { chargeCents: this.denial.claim.chargeCents, atRiskCents: this.atRiskCents, recoveredCents: this.recoveredCents, lostCents: this.lostCents, underpaidCents: this.underpaidCents },
      ...(this.deadline
        ? {
            deadline: {
              dueDate: this.deadline.dueDate,
              kind: this.deadline.kind,
              limitId: this.deadline.limitId,
              payerRuleVersion: this.deadline.payerRuleVersion,
              rulesetVersion: this.deadline.rulesetVersion,
              anchor: `${this.deadline.anchor.kind} ${this.deadline.anchor.date}`,
            },
          }
        : {}),
      ...extra,
    };
    this.timeline.push({ seq: entry.seq, at: entry.at, type, stage: this.stage, actor: actor.id, summary });
    if (this.timeline.length > TIMELINE_LIMIT) this.timeline.shift();
    return entry;
  }

  moveTo(next: Stage): Stage {
    const from = this.stage;
    this.stage = next;
    this.bump(`stage ${from} → ${next}`);
    return from;
  }

  closeAs(why: Resolution, reason: string): void {
    this.resolution = why;
    this.closedReason = reason;
    this.task = null;
  }

  openTask(kind: TaskKind, queue: string, createdAt: string): HumanTask {
    this.team = queue;
    const t: HumanTask = {
      id: `${kind}-${++this.taskSeq}`,
      kind,
      title: TASK_TITLES[kind],
      version: this.version,
      team: queue,
      ...(this.assignee ? { assignee: this.assignee } : {}),
      createdAt,
      ...(this.deadline && !this.submission ? { dueDate: this.deadline.dueDate } : {}),
    };
    this.task = t;
    this.bump(`task ${t.id} opened`);
    return t;
  }

  isDone(taskId: string): boolean {
    return this.taskDoneId === taskId;
  }

  // ---- validation of Updates ---------------------------------------------------------------------------

  checkVersion(given: number): void {
    if (this.closed) throw new TaskRejection(`This denial is closed (${this.stage}${this.resolution ? `, ${this.resolution}` : ''}): ${this.closedReason}`);
    if (given !== this.version) {
      const since = this.changes.filter((c) => c.version > given).map((c) => c.what);
      throw new TaskRejection(
        `Stale: the denial is at version ${this.version}, your page showed version ${given}. Since then: ${since.length ? since.join('; ') : 'it changed'}. Reload and try again.`,
      );
    }
  }

  checkTask(kinds: readonly TaskKind[], cmd: { taskId: string; version: number; actor: Actor }): HumanTask {
    this.checkVersion(cmd.version);
    const task = this.task;
    if (!task) throw new TaskRejection(`There is no open task; the denial is ${this.stage}.`);
    if (task.id !== cmd.taskId) throw new TaskRejection(`Task ${cmd.taskId} is no longer open: the current task is ${task.id} (${task.title}).`);
    if (task.claimedBy) throw new TaskRejection(`Task ${task.id} is already being completed by ${task.claimedBy}: reload in a moment to see the result.`);
    if (!kinds.includes(task.kind)) throw new TaskRejection(`The open task is ${task.kind}, which this action does not complete.`);
    if (!TASK_ROLES[task.kind].includes(cmd.actor.role)) {
      throw new TaskRejection(`Role ${cmd.actor.role} may not complete ${task.kind}; it needs ${TASK_ROLES[task.kind].join(' or ')}.`);
    }
    return task;
  }

  /**
   * Claims the open task for one accepted completion. Called by a handler before its first `await`, so a
   * second identical Update that arrives meanwhile is refused by its validator instead of completing
   * whatever task is open by the time it runs.
   */
  claim(kinds: readonly TaskKind[], cmd: { taskId: string; version: number; actor: Actor }): HumanTask {
    const task = this.checkTask(kinds, cmd);
    task.claimedBy = cmd.actor.id;
    return task;
  }

  /** A claimed completion failed (a packet that cannot be built): the task is open again for anyone. */
  release(task: HumanTask): void {
    if (this.task === task) delete task.claimedBy;
  }

  finishTask(summary: string): void {
    this.taskDoneId = this.task?.id ?? null;
    this.task = null;
    this.bump(summary);
  }

  // ---- the payer's answers --------------------------------------------------------------------------------

  /** Counts a remittance for this claim; false when its key was seen before (a duplicate delivery). */
  firstDelivery(eventKey: string): boolean {
    if (this.seen.has(eventKey)) {
      this.duplicatesIgnored++;
      return false;
    }
    this.seen.add(eventKey);
    this.eventsReceived++;
    return true;
  }

  // ---- claim files and their status ------------------------------------------------------------------------

  /** The outbox name of this denial's next file of a kind: unique per send, and no patient data in it. */
  nextClaimFileName(kind: ClaimFileSent['kind']): string {
    const n = this.claimFiles.filter((f) => f.kind === kind).length + 1;
    return `${this.workflowId}-${kind === '837' ? 'corrected-claim' : 'status-inquiry'}-${n}.${kind === '837' ? '837' : '276'}`;
  }

  /** The corrected claim this denial sent last: what a rejection naming no file is about. */
  get lastCorrectedClaim(): ClaimFileSent | undefined {
    return this.claimFiles.filter((f) => f.kind === '837').at(-1);
  }

  /** Keeps a status answer; false when its key was seen before (the same file delivered again). */
  takeStatus(report: ClaimStatusReport, receivedOn: string): ClaimStatusSeen | null {
    // One set of delivered keys for remittances and status answers: both are the intake's keyed hashes.
    if (this.seen.has(report.eventKey)) return null;
    this.seen.add(report.eventKey);
    const { eventKey: _key, ...seen } = report;
    const kept: ClaimStatusSeen = { ...seen, receivedOn };
    this.claimStatuses.push(kept);
    if (this.claimStatuses.length > STATUS_LIMIT) this.claimStatuses.shift();
    this.bump(`claim status ${report.source}: ${report.classification}`);
    return kept;
  }

  /**
   * Whether a rejection is of the corrected claim this denial sent and is waiting on: a 999 or 277CA
   * naming that file, or, naming none, any rejection while the claim is out.
   */
  rejectsSentClaim(s: ClaimStatusSeen): boolean {
    const sent = this.lastCorrectedClaim;
    if (s.classification !== 'rejected' || !sent || this.route.kind !== 'corrected_claim') return false;
    if (this.stage !== 'submitted' && this.stage !== 'awaiting_payer') return false;
    return s.answersFile === undefined || s.answersFile === sent.fileName;
  }

  /** A request for more information (category R0-R16) while the case waits on the payer with no follow-up open. */
  asksForInformation(s: ClaimStatusSeen): boolean {
    if (!/^R\d{1,2}$/.test(s.categoryCode)) return false;
    return (this.stage === 'submitted' || this.stage === 'awaiting_payer') && this.task?.kind !== 'follow_up';
  }

  view(): DenialView {
    const c = this.primary;
    const d = this.denial;
    return {
      workflowId: this.workflowId,
      stage: this.stage,
      ...(this.resolution ? { resolution: this.resolution } : {}),
      version: this.version,
      task: this.task ? { ...this.task, version: this.version, requiredRoles: TASK_ROLES[this.task.kind] } : null,
      team: this.team,
      ...(this.assignee ? { assignee: this.assignee } : {}),
      classification: {
        ...c,
        needsHumanClassification: this.assessment.classification.needsHumanClassification,
        secondary: this.assessment.classification.secondary,
      },
      route: this.route,
      routeDescription: describeRoute(this.route),
      appealLevel: this.appealLevel,
      rationale: [...this.assessment.decision.rationale, ...(this.routeOverride ? [`Route overridden by ${this.routeOverride.by}: ${this.routeOverride.reason}`] : [])],
      requiresConfirmation: this.assessment.decision.requiresConfirmation,
      expectedRecovery: this.assessment.decision.expectedRecovery,
      deadline: this.deadline,
      remindersSent: [...this.remindersSent],
      escalated: this.escalated,
      ...(this.problem ? { problem: this.problem } : {}),
      amounts: { chargeCents: d.claim.chargeCents, atRiskCents: this.atRiskCents, recoveredCents: this.recoveredCents, lostCents: this.lostCents },
      payerId: d.payer.id,
      ...(d.payer.name ? { payerName: d.payer.name } : {}),
      claimReference: d.claim.payerClaimControlNumber ?? d.claim.patientControlNumber,
      accountNumber: d.claim.patientControlNumber,
      ...(this.patient ? { patient: this.patient } : {}),
      remittance: {
        claimStatus: d.claim.status,
        chargeCents: d.claim.chargeCents,
        paidCents: d.claim.paidCents,
        ...(d.claim.serviceDateFrom ? { serviceDateFrom: d.claim.serviceDateFrom } : {}),
        ...(d.claim.serviceDateTo ? { serviceDateTo: d.claim.serviceDateTo } : {}),
        ...(d.remittance.date ? { remitDate: d.remittance.date } : {}),
        ...(d.remittance.traceNumber ? { traceNumber: d.remittance.traceNumber } : {}),
        adjustments: d.adjustments,
        remarks: d.remarks,
        lines: d.serviceLines.map((l) => ({ line: l.line, procedure: l.procedure.code, modifiers: l.procedure.modifiers, chargeCents: l.chargeCents, paidCents: l.paidCents })),
      },
      documents: [...this.documents],
      corrections: [...this.corrections],
      ...(this.packet ? { packet: this.packet } : {}),
      ...(this.submission ? { submission: this.submission } : {}),
      claimFiles: [...this.claimFiles],
      claimStatuses: [...this.claimStatuses],
      assumptions: this.assessment.assumptions,
      eventsReceived: this.eventsReceived,
      duplicatesIgnored: this.duplicatesIgnored,
      timeline: [...this.timeline],
    };
  }
}

/** The patient of a workflow input as the view shows it: only string fields, whatever the input held. */
export function patientOf(input: unknown): PatientIdentity | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const { name, memberId } = input as Record<string, unknown>;
  const patient = { ...(typeof name === 'string' && name ? { name } : {}), ...(typeof memberId === 'string' && memberId ? { memberId } : {}) };
  return Object.keys(patient).length > 0 ? patient : undefined;
}
