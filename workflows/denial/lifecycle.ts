/**
 * One pass of the denial's lifecycle: take the payer's answers, route (again), the human tasks of the
 * route, the submission, and the wait for the payer. The workflow body repeats passes until the case
 * closes; a pass that cannot proceed throws, and the body parks the case (`park`).
 */
import { condition, isCancellation } from '@temporalio/workflow';
import type { RouteDeadlines } from '../../domain/lifecycle/assess';
import { addDays } from '../../domain/policy/dates';
import { reopenedAssessment } from '../../domain/lifecycle/reopening';
import { describeRoute, withConfirmedWindow, type Route } from '../../domain/policy/routes';
import { AR_TEAM, CONTRACTING_TEAM, SUPERVISORS, endOfDay, isoDay, type DenialCaseState } from './case-state';
import { waitWithDeadlines, work, type WaitOutcome } from './deadlines';
import { rootCauseOf, type CaseEffects } from './effects';
import { askClaimStatus, sendCorrectedClaim } from './claim-files';
import { hasPatch, sendsClaimFiles } from './patches';
import { legacyRules, policy, rulesPinned } from './rules';

/** When the payer rule names no response window. */
const DEFAULT_RESPONSE_DAYS = 45;
/** After the response window, a follow-up task; this long after that, escalation. */
const FOLLOW_UP_ESCALATION_DAYS = 14;
/** A window check has no deadline of its own (the one in doubt decides nothing): this long undone, supervisors hear of it. */
const WINDOW_CHECK_ESCALATION_DAYS = 7;

const today = () => isoDay(Date.now());

/**
 * The queue that works a route's tasks: an underpayment dispute is contracting's, also at the levels after
 * the payer upheld its payment; everything else is AR follow-up's.
 */
const queueFor = (c: DenialCaseState, r: Route): string =>
  r.kind === 'payment_dispute' || (r.kind === 'verify_window' && r.window === 'payment_dispute') || c.paymentDisputeUpheld ? CONTRACTING_TEAM : AR_TEAM;

/** What the rules are asked about the case as it stands. */
function assessmentRequest(c: DenialCaseState) {
  const facts = { ...(c.reopeningRefused ? { reopeningRefused: true } : {}), ...(c.paymentDisputeUpheld ? { paymentDisputeUpheld: true } : {}) };
  return { denial: c.denial, today: today(), appealLevel: c.appealLevel, atRiskCents: c.atRiskCents, notices: c.notices, ...(Object.keys(facts).length ? { facts } : {}) };
}

/** Classification, route and deadline from the rules, for the case as it stands. */
export async function assess(c: DenialCaseState): Promise<void> {
  // A reopened denial keeps the classification of its first run; a person chooses its route.
  if (c.reopened) return c.adopt(reopenedAssessment(c.reopened, c.denial.detection.amountAtRiskCents));
  const req = assessmentRequest(c);
  c.adopt(rulesPinned() ? await policy.assessDenialCase(req) : legacyRules().assessCase(req));
}

/**
 * The start's assessment, kept for the first route (since `first-route-reuses-assessment`): the first route
 * used to ask the rules again moments later, one more local activity and its answer in history.
 */
export function keepStartAssessment(c: DenialCaseState): void {
  c.startAssessment = { asked: JSON.stringify(assessmentRequest(c)), answer: c.assessment };
}

/** Assesses for a route; the first route takes the start's answer where it would ask the same question (same day, same facts). */
async function assessForRoute(c: DenialCaseState): Promise<void> {
  const kept = c.startAssessment;
  c.startAssessment = null;
  if (kept && kept.asked === JSON.stringify(assessmentRequest(c))) c.adopt(kept.answer);
  else await assess(c);
}

async function deadlinesFor(c: DenialCaseState, route: Route, submittedOn?: string): Promise<RouteDeadlines> {
  const req = { denial: c.denial, route, today: today(), notices: c.notices, ...(submittedOn ? { submittedOn } : {}) };
  return rulesPinned() ? policy.deadlinesOfRoute(req) : legacyRules().routeDeadlines(req);
}

/**
 * The deadline of a route a person chose; after they checked a window with the payer (verify_window), the
 * window's confirmed last day replaces the unverified limit's. Only overrides given with a confirmed window
 * take this path, and those exist only since verify_window, so older histories replay unchanged.
 */
async function overrideDeadline(c: DenialCaseState, route: Route): Promise<DenialCaseState['deadline']> {
  const primary = (await deadlinesFor(c, route)).primary;
  const o = c.routeOverride;
  return o?.windowDueDate ? withConfirmedWindow(primary, { dueDate: o.windowDueDate, by: o.by, reason: o.reason }) : primary;
}

/** What the payer said since the last pass, in arrival order; each payment counts against what is still at risk. */
async function takeAnswers(c: DenialCaseState, fx: CaseEffects): Promise<void> {
  let upheld = false;
  for (let a = c.answers.shift(); a; a = c.answers.shift()) {
    if (a.paidCents > 0) {
      c.recoveredCents += a.paidCents;
      c.atRiskCents = Math.max(0, c.atRiskCents - a.paidCents);
      if (c.atRiskCents === 0) {
        await fx.close('resolved', 'recovered', `Recovered ${(c.recoveredCents / 100).toFixed(2)} (${a.source})`);
        return;
      }
      await fx.record('transition', `Partially recovered ${(a.paidCents / 100).toFixed(2)}; ${(c.atRiskCents / 100).toFixed(2)} still at risk: deciding again`);
    }
    if (a.kind === 'denial') {
      // Denied again: the next level of the ladder, or whatever policy says now.
      const current: Route = c.route;
      // A refused reopening is not appealable; the original determination is, and its appeal window runs
      // from that determination's remittance, which the case therefore keeps.
      const feeScheduleReopening = current.kind === 'payment_dispute' && current.process === 'fee_schedule_reopening';
      const refusedReopening = (current.kind === 'reopening' || feeScheduleReopening) && hasPatch('reopening-refused');
      // A dispute under the contract or the plan's process is the first level: what follows is the second.
      const upheldDispute = current.kind === 'payment_dispute' && !feeScheduleReopening;
      if (a.event) c.denial = { ...c.denial, adjustments: a.event.adjustments, remarks: a.event.remarks, remittance: refusedReopening ? c.denial.remittance : a.event.remittance };
      if (!upheld && (current.kind === 'appeal' || current.kind === 'reconsideration')) c.appealLevel = current.appealLevel;
      // The decision being acted on next: the next level counts from its notice (a decision recorded by hand
      // has no remittance to carry the date). A refused reopening is not a decision on the claim.
      if (!refusedReopening && a.noticeDate) c.notices.priorDecisionDate = a.noticeDate;
      if (!upheld && upheldDispute) c.appealLevel = Math.max(c.appealLevel, 1);
      upheld = true;
      if (upheldDispute) {
        c.paymentDisputeUpheld = true;
        await fx.record('transition', `The payer upheld its payment on the underpayment dispute (${a.source}): deciding the next level`);
      } else if (refusedReopening) {
        c.reopeningRefused = true;
        await fx.record('transition', `The payer refused the reopening (${a.source}): deciding again without one (a refusal to reopen is not appealable)`);
      } else await fx.record('transition', `The payer upheld the denial at level ${c.appealLevel} (${a.source})`);
      // An appeal the payer upheld is the leak "weak appeal packets": its prevention task learns of it.
      if (c.appealLevel > 0 && hasPatch('prevention-loop')) await fx.reportToPrevention('weak_appeal_packet');
    }
  }
  if (c.closed) return;
  c.submission = undefined;
  c.packet = undefined;
  c.routeOverride = null;
  c.escalated = false;
}

/**
 * The confirm_route task of a window check (verify_window), escalated to supervisors when nobody has done it
 * a week later: an unverified window must never sit silent, and it has no deadline to run a cascade on.
 */
async function checkWindow(c: DenialCaseState, fx: CaseEffects): Promise<WaitOutcome> {
  const t = await fx.openTask('confirm_route', queueFor(c, c.route));
  const escalateOn = addDays(today(), WINDOW_CHECK_ESCALATION_DAYS);
  let escalated = false;
  const escalation = {
    at: endOfDay(escalateOn),
    fire: async () => {
      escalated = true;
      c.escalated = true;
      await fx.mail({ kind: 'escalation', key: `window-check:${t.id}`, task: 'confirm_route', deadline: escalateOn, daysLeft: 0, reason: 'task_overdue' });
      await fx.record('deadline', `Escalated: ${describeRoute(c.route)} still not done ${WINDOW_CHECK_ESCALATION_DAYS} days after it was asked`);
    },
  };
  return waitWithDeadlines(c, fx, () => c.isDone(t.id), () => (escalated ? [] : [escalation]));
}

/** Routes the case (again) and, where policy requires it, has a person confirm or override the route. */
async function route(c: DenialCaseState, fx: CaseEffects): Promise<boolean> {
  const kept = c.overrideChosen();
  // A route a person chose stands even where the rules cannot judge the case (that is why they chose it).
  await assessForRoute(c).catch((err: unknown) => {
    if (!kept) throw err;
  });
  if (kept) {
    c.route = kept;
    c.deadline = await overrideDeadline(c, kept);
  }
  const d = c.deadline;
  await fx.moveTo('routed', `Route: ${describeRoute(c.route)}${d ? `, due ${d.dueDate} (${d.limitId}, rules ${d.rulesetVersion})` : ''}`, undefined, c.assessment.decision.rationale);

  if ((c.assessment.decision.requiresConfirmation || c.writeOffRefused) && !c.overrideChosen()) {
    c.writeOffRefused = false;
    // Only verify_window routes take the window-check path, and no history recorded before them has one.
    const outcome = c.route.kind === 'verify_window' ? await checkWindow(c, fx) : await work(c, fx, 'confirm_route', queueFor(c, c.route));
    if (outcome !== 'done') return false;
    const chosen = c.overrideChosen();
    if (chosen) {
      c.route = chosen;
      c.deadline = await overrideDeadline(c, chosen);
      const o = c.deadline;
      await fx.moveTo('routed', `Route overridden: ${describeRoute(chosen)}${o ? `, due ${o.dueDate} (${o.limitId})` : ''}`);
    }
  }
  return true;
}

/**
 * Waits for the payer, with a follow-up task when the response window passes (and, since
 * `clearinghouse-files`, a 276 asking the payer), then escalation. A follow-up that resubmits starts the
 * payer's window again from the new date. Returns early when the corrected claim it waits on was rejected.
 */
async function awaitPayer(c: DenialCaseState, fx: CaseEffects, r: Route): Promise<void> {
  for (;;) {
    const sentOn = c.submission?.date ?? today();
    const responseDue = (await deadlinesFor(c, r, sentOn)).responseDue ?? addDays(sentOn, DEFAULT_RESPONSE_DAYS);
    await fx.moveTo('awaiting_payer', `Awaiting the payer's answer; response due by ${responseDue}`);
    let followUp: string | null = null;
    let followUpEscalated = false;
    // Also wakes for a payer asking for information (a 277 R code, since `clearinghouse-files`).
    const waiting = () => (followUp !== null && c.isDone(followUp)) || c.rejectedClaim !== null || (followUp === null && c.informationRequest !== null);
    const timers = () => [
        ...(followUp === null
          ? [
              {
                at: endOfDay(responseDue),
                fire: async () => {
                  if (sendsClaimFiles()) await askClaimStatus(c, fx);
                  followUp = (await fx.openTask('follow_up', queueFor(c, r))).id;
                },
              },
            ]
          : []),
        ...(followUp !== null && !followUpEscalated
          ? [
              {
                at: endOfDay(addDays(responseDue, FOLLOW_UP_ESCALATION_DAYS)),
                fire: async () => {
                  followUpEscalated = true;
                  c.escalated = true;
                  await fx.mail({ kind: 'escalation', key: `follow-up-escalation:${responseDue}`, task: 'follow_up', deadline: responseDue, daysLeft: -FOLLOW_UP_ESCALATION_DAYS, reason: 'task_overdue' });
                  await fx.record('deadline', `Escalated: no payer answer ${FOLLOW_UP_ESCALATION_DAYS} days after the response window closed (${responseDue})`);
                },
              },
            ]
          : []),
    ];
    let outcome = await waitWithDeadlines(c, fx, waiting, timers);
    // The payer asked for more information: the follow-up opens now, not when the window ends.
    while (outcome === 'done' && followUp === null && c.informationRequest && !c.rejectedClaim) {
      followUp = (await fx.openTask('follow_up', queueFor(c, r))).id;
      outcome = await waitWithDeadlines(c, fx, waiting, timers);
    }
    c.task = null;
    c.informationRequest = null;
    if (outcome !== 'done' || c.rejectedClaim) return;
  }
}

/**
 * The corrected-claim route since `clearinghouse-files`: corrections, then the 837 to the clearinghouse
 * and the wait for the payer, again for as long as the claim comes back rejected. `by_hand` when the
 * claim was not sent, and a person submits it.
 */
async function correctAndSend(c: DenialCaseState, fx: CaseEffects, r: Route, queue: string): Promise<'sent' | 'by_hand' | 'stopped'> {
  for (;;) {
    if ((await work(c, fx, 'supply_corrections', queue)) !== 'done') return 'stopped';
    if (!(await sendCorrectedClaim(c, fx))) return 'by_hand';
    await awaitPayer(c, fx, r);
    if (!c.rejectedClaim || c.closed) return 'sent';
    // A rejected claim never reached the payer: the filing deadline runs again until the fixed one goes out.
    c.rejectedClaim = null;
    c.submission = undefined;
    await fx.moveTo('in_work', 'In work: the corrected claim was rejected; correct it and send it again');
  }
}

/** One pass: answers, route, the route's work, submission, and the wait for the payer's answer. */
export async function pass(c: DenialCaseState, fx: CaseEffects): Promise<void> {
  if (c.answers.length) {
    await takeAnswers(c, fx);
    if (c.closed) return;
  }
  if (!(await route(c, fx))) return;

  const r: Route = c.route;
  // Only a person ends a window check (the confirm_route validator insists on a route); a check that got
  // here some other way (a supervisor's override) is decided again on the next pass, with its task.
  if (r.kind === 'verify_window') {
    c.routeOverride = null;
    return;
  }
  if (r.kind === 'post_only') return fx.close('resolved', 'posted', 'Posted: no recoverable denial (contractual or informational adjustment)');
  if (r.kind === 'write_off') {
    if (r.approvalRequired) {
      if ((await work(c, fx, 'approve_write_off', SUPERVISORS)) !== 'done') return;
      if (c.writeOffRefused) {
        c.routeOverride = null;
        return; // back to the specialist: confirm another route
      }
    }
    c.lostCents = c.atRiskCents;
    c.atRiskCents = 0;
    return fx.close('written_off', 'written_off', `Written off ${(c.lostCents / 100).toFixed(2)}: ${c.assessment.decision.rationale.at(-2) ?? describeRoute(r)}`);
  }

  await fx.moveTo('in_work', `In work: ${describeRoute(r)}`);
  if (r.kind === 'bill_patient' || r.kind === 'bill_next_payer') {
    if ((await work(c, fx, 'record_submission')) !== 'done') return;
    return fx.close('resolved', 'transferred', `Balance transferred: ${describeRoute(r)} (${c.submission?.reference ?? ''})`);
  }
  const queue = queueFor(c, r);
  if (r.kind === 'corrected_claim') {
    // Runs from before `clearinghouse-files` await the task here, as their histories expect: one more
    // async layer would move their commands against an Update's completion on replay.
    if (sendsClaimFiles()) {
      if ((await correctAndSend(c, fx, r, queue)) !== 'by_hand') return;
    } else if ((await work(c, fx, 'supply_corrections', queue)) !== 'done') return;
  } else if (r.kind === 'appeal' || r.kind === 'reconsideration' || r.kind === 'reopening' || r.kind === 'payment_dispute') {
    // A payment dispute is prepared like an appeal: the packet with its underpayment letter, approved by a person.
    if ((await work(c, fx, 'prepare_appeal', queue)) !== 'done') return;
  }
  if (r.kind !== 'await_payer') {
    if ((await work(c, fx, 'record_submission', queue)) !== 'done') return;
    await fx.moveTo('submitted', `Submitted: ${c.submission?.channel} ${c.submission?.reference} on ${c.submission?.date}`);
  }
  await awaitPayer(c, fx, r);
}

/**
 * Parks a case that cannot proceed: visible as needs_attention, a task for supervisors that says why, and
 * the deadline cascade still running. Returns when a supervisor resolved it, the payer answered, or the
 * case closed (a missed deadline is still recorded as a loss).
 */
export async function park(c: DenialCaseState, fx: CaseEffects, err: unknown): Promise<void> {
  if (isCancellation(err)) throw err;
  c.problem = rootCauseOf(err);
  try {
    await fx.moveTo('needs_attention', `Needs attention: ${c.problem}`);
    await work(c, fx, 'resolve_problem', SUPERVISORS);
  } catch (again) {
    if (isCancellation(again)) throw again;
    // Even recording the problem failed: the supervisor's task exists in the case alone, and it waits.
    const t = c.task?.kind === 'resolve_problem' ? c.task : c.openTask('resolve_problem', SUPERVISORS, new Date().toISOString());
    const resolved = () => c.isDone(t.id) || c.closed || c.answers.length > 0;
    await waitWithDeadlines(c, fx, () => c.isDone(t.id)).catch(() => condition(resolved));
  } finally {
    c.problem = null;
  }
}
