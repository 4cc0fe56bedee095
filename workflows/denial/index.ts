/**
 * One durable workflow per denied claim: classify, route, the human tasks only people can do, the appeal
 * packet, the submission, the payer's answer, and the deadline cascade. It ends with money recovered, or a
 * loss recorded with its reason; every state change is appended to the ledger. It never fails on input or
 * on an activity's failure: what cannot proceed is parked as needs_attention for a supervisor, with its
 * deadlines still running.
 */
import { allHandlersFinished, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { DenialCase } from '../../domain/denial-case';
import { unassessedCase } from '../../domain/lifecycle/unassessed';
import { subjectOfDenial } from '../../domain/lifecycle/denial-subject';
import { SystemActor } from '../../domain/lifecycle/ledger-entry';
import { refusalOf } from '../../domain/lifecycle/refused-payload';
import { ReopeningSchema, reopenedProblem } from '../../domain/lifecycle/reopening';
import { openedUpdate, type DenialOutcome, type DenialWorkflowInput } from '../denial-messages';
import { DenialCaseState, patientOf } from './case-state';
import { CaseEffects, rootCauseOf } from './effects';
import { registerHandlers, registerView } from './handlers';
import { assess, keepStartAssessment, park, pass } from './lifecycle';
import { hasPatch, startedSinceOpeningBatch } from './patches';

export { TaskRejection } from './case-state';

/** Stands in for a start input that is not a denial case, so the case can be parked and seen. */
const UNREADABLE_CASE: DenialCase = {
  version: 1,
  payer: { id: '', idSource: 'none' },
  claim: { patientControlNumber: '', status: '', chargeCents: 0, paidCents: 0, references: [] },
  adjustments: [],
  remarks: [],
  serviceLines: [],
  remittance: {},
  source: { file: '', segment: 0, segmentId: '' },
  detection: { outcome: 'denial', reasons: [{ code: 'claim-status-denied', message: 'the workflow input could not be read' }], amountAtRiskCents: 0 },
};

export async function denialWorkflow(input: DenialWorkflowInput): Promise<DenialOutcome> {
  // The intake validates what it sends; a case it did not send is parked, not failed.
  const readable = DenialCase.safeParse(input?.denial);
  let problem: unknown = readable.success
    ? null
    : new Error(refusalOf(input) ?? `the workflow input is not a denial case: ${readable.error?.issues.slice(0, 3).map((i) => i.path.join('.') || 'input').join(', ')}`);
  if (!readable.success) input = { ...input, denial: UNREADABLE_CASE, eventKey: String(input?.eventKey ?? '') };
  const reopening = input.reopened === undefined ? null : ReopeningSchema.safeParse(input.reopened);
  const c = new DenialCaseState(workflowInfo().workflowId, input.denial, input.eventKey);
  // The intake's admission (update-with-start): accepted by this first task, before anything awaits; adds no command.
  setHandler(openedUpdate, () => c.version);
  c.patient = patientOf(input.patient);
  const fx = new CaseEffects(c, input);
  c.adopt(unassessedCase('Being classified.'));
  if (reopening?.success) c.reopen(reopening.data);
  else if (reopening && !problem) problem = new Error('the reopening of a recovered denial could not be read');
  registerView(c);
  // Assessed before any handler is registered: setHandler hands a signal that came with the start to its
  // handler at once, and the handlers read the classification.
  // Asked before the rules' local activity, not after: a patch first met after a local activity does not
  // replay where the SDK split that workflow task in two (test/histories/known-defects.test.ts).
  // The opening now runs to its first wait in the workflow task of the rules' local activities, where no
  // patch may be first met: a new run asks its one patch here, before them (patches.ts).
  if (startedSinceOpeningBatch()) fx.batchOpening();
  const reuseStartAssessment = !problem && !c.reopened && hasPatch('first-route-reuses-assessment');
  if (!problem) await assess(c).catch((err: unknown) => void (problem = err));
  if (problem) c.adopt(unassessedCase(`Could not classify and route: ${rootCauseOf(problem)}`));
  else if (reuseStartAssessment) keepStartAssessment(c);
  registerHandlers(c, fx, input);

  fx.publish();
  if (c.reopened) problem = await announceReopening(c, fx);
  else await announceDenial(c, fx, problem);

  while (!c.closed) {
    try {
      if (problem) throw problem;
      await pass(c, fx);
      // A case that closed before it ever waited (posted, say) still has its opening queued.
      if (fx.queued) await fx.flush();
    } catch (err) {
      await park(c, fx, err);
    }
    problem = null;
  }

  if (fx.delivering) await fx.settle();
  await condition(allHandlersFinished);
  log.info('denial closed', { stage: c.stage, resolution: c.resolution });
  return { resolution: c.resolution ?? 'upheld', recoveredCents: c.recoveredCents, lostCents: c.lostCents, reason: c.closedReason };
}

/** A new denial: received, classified, and its root cause reported to prevention. */
async function announceDenial(c: DenialCaseState, fx: CaseEffects, problem: unknown): Promise<void> {
  // Reason codes, not the sentences: those name the patient account number, which stays out of the ledger.
  await fx.record(
    'transition',
    `Denial received: ${c.denial.detection.reasons.map((r) => (r.group ? `${r.code} ${r.group}-${r.reason}` : r.code)).join(', ')}; ${(c.atRiskCents / 100).toFixed(2)} at risk`,
    SystemActor,
    // Who it is about, for the worklists and search: the store seals it, and finds it by keyed terms only.
    { rationale: c.assessment.assumptions, subject: subjectOfDenial(c.denial, c.patient?.name) },
  );
  await fx.moveTo('classified', `Classified ${c.primary.code} as ${c.primary.category} (${c.primary.ruleId}): ${c.primary.explanation}`, SystemActor, [c.primary.explanation]);
  if (!problem && hasPatch('prevention-loop')) await fx.reportToPrevention(c.primary.rootCause);
}

/**
 * A recovered denial reopened by a recoupment: the payer's event on the ledger, then the problem that parks
 * it for a supervisor's review. Its root cause was reported when the denial first came.
 */
async function announceReopening(c: DenialCaseState, fx: CaseEffects): Promise<Error> {
  const r = c.reopened!;
  const trace = c.denial.remittance.traceNumber;
  await fx.record('payer_event', `Reopened after recovery: the payer took back ${(c.atRiskCents / 100).toFixed(2)}${trace ? ` (remittance ${trace})` : ''}`, SystemActor, {
    rationale: [`Closed as ${r.resolution} with ${(r.recoveredCents / 100).toFixed(2)} recovered`],
  });
  return new Error(reopenedProblem(r, c.atRiskCents));
}
