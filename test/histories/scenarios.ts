/**
 * The journeys whose histories CI replays: each end state of a denial, the prevention loop reopening after
 * a control, and the weekly report. They drive the workflows only through their messages (Updates,
 * signals, the view query), as people and the intake do, so the same scenario records any version.
 */
import crypto from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Actor } from '../../domain/lifecycle/tasks';
import { defectReportFor } from '../../domain/prevention/defect-report';
import {
  addNoteUpdate,
  approvePacketUpdate,
  approveWriteOffUpdate,
  attachDocumentsUpdate,
  confirmRouteUpdate,
  denialViewQuery,
  reassignUpdate,
  recordPayerDecisionUpdate,
  recordSubmissionUpdate,
  remittanceEventSignal,
  claimStatusSignal,
  resolveProblemUpdate,
  supplyCorrectionsUpdate,
  type DenialView,
} from '../../workflows/denial-messages';
import { defectObservedSignal, preventionViewQuery, recordControlUpdate } from '../../workflows/prevention-messages';
import { payerIssueViewQuery, resolvePayerIssueUpdate } from '../../workflows/payer-issue-messages';
import type { DenialCase } from '../../domain/denial-case';
import type { Reopening } from '../../domain/lifecycle/reopening';
import { UNDERPAID_CLAIM, UNDERPAID_FEES, caseFrom, recoupmentCaseFrom, caseWithFeeSchedule, daysFromNow, eventFrom, remittance835, withUnknownGroup, type ClaimSpec } from '../fixtures/remittances';
import { HISTORY_TASK_QUEUE } from './histories';
import { read837Text, type SubmittedClaim } from '../../domain/claims';
import { denialClaimRefOf, storedClaimOf } from '../../client/ingest/submitted-claim-record';
import type { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { submitted837 } from '../fixtures/claims-837';
import { firstClaim } from '../fixtures/remittances';
import { claimIdentityInput } from '../../domain/remittance';

export interface RecordedRun {
  workflowId: string;
  type: 'denialWorkflow' | 'preventionWorkflow' | 'leakageReportWorkflow' | 'payerIssueWorkflow';
}

/** What the recording worker's claim-file activities read: the practice's submitted claims. */
export interface ScenarioContext {
  claims: SubmittedClaimStore;
  claimIdKey: Buffer;
}

export interface Scenario {
  name: string;
  run(env: TestWorkflowEnvironment, ctx: ScenarioContext): Promise<RecordedRun[]>;
}

const specialist: Actor = { id: 'ar.alex', role: 'ar_specialist' };
const supervisor: Actor = { id: 'sup.sam', role: 'supervisor' };

/** One denial on the scenario's server: its clock, its handle, and the moves people make on it. */
class DenialJourney {
  // Shaped as the intake's ids (denial- and 40 hex digits), which a 276 may carry as its trace number.
  readonly workflowId = `denial-${crypto.randomBytes(20).toString('hex')}`;
  handle!: WorkflowHandle;
  now = 0;

  constructor(private readonly env: TestWorkflowEnvironment) {}

  /** The 835 the denial started from. */
  startText = '';

  async start(claim: Partial<ClaimSpec> & Pick<ClaimSpec, 'adjustments'>, remitDaysAgo = 5, bend: (c: DenialCase) => DenialCase = (c) => c, read: (text: string) => DenialCase = caseFrom): Promise<this> {
    this.now = await this.env.currentTimeMs();
    const text = this.remittance({ status: '4', paid: 0, ...claim }, -remitDaysAgo);
    this.startText = text;
    this.handle = await this.env.client.workflow.start('denialWorkflow', {
      taskQueue: HISTORY_TASK_QUEUE,
      workflowId: this.workflowId,
      args: [{ denial: bend(read(text)), eventKey: `start-${this.workflowId}`, patient: { name: 'DOE, JANE', memberId: '1EG4TE5MK72' } }],
    });
    return this;
  }

  /** A new run of a recovered denial that the payer's recoupment reopened, started as the intake starts it. */
  async reopen(claim: Pick<ClaimSpec, 'status' | 'paid' | 'charge'>, reopened: Reopening): Promise<this> {
    this.now = await this.env.currentTimeMs();
    this.handle = await this.env.client.workflow.start('denialWorkflow', {
      taskQueue: HISTORY_TASK_QUEUE,
      workflowId: this.workflowId,
      args: [{ denial: recoupmentCaseFrom(this.remittance(claim, -1)), eventKey: `reopen-${this.workflowId}`, patient: { name: 'DOE, JANE' }, reopened }],
    });
    return this;
  }

  remittance(claim: Partial<ClaimSpec> & Pick<ClaimSpec, 'status' | 'paid'>, remitDay: number, trace = 'EFT1001'): string {
    const spec: ClaimSpec = { charge: 240, serviceDate: daysFromNow(-30, this.now), ...claim } as ClaimSpec;
    return remittance835({ control: trace.slice(-4).padStart(4, '0'), remitDate: daysFromNow(remitDay, this.now), trace, claims: [spec] });
  }

  view(): Promise<DenialView> {
    return this.handle.query(denialViewQuery);
  }

  /** Stores the 837 the denial answers and the denial's reference to it, as the intake does for both files. */
  async claimSubmitted(ctx: ScenarioContext): Promise<void> {
    const { claim, context } = firstClaim(this.startText, 'fixture.835');
    const text = submitted837({ account: claim.patientControlNumber, serviceDate: daysFromNow(-30, this.now) });
    const [submitted] = read837Text(text, 'history.837').flatMap((e) => (e.kind === 'claim' ? [e.claim] : [])) as SubmittedClaim[];
    await ctx.claims.add([storedClaimOf(submitted!, ctx.claimIdKey, { sourceFile: 'f'.repeat(64), reportId: 'history', receivedAt: new Date(this.now).toISOString() })]);
    await ctx.claims.recordDenialRefs([denialClaimRefOf(this.workflowId, claimIdentityInput(claim, context).payerId, claim, ctx.claimIdKey)]);
  }

  async waitFor(what: string, pred: (v: DenialView) => boolean): Promise<DenialView> {
    for (let i = 0; i < 400; i++) {
      const v = await this.view();
      if (pred(v)) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    const v = await this.view();
    throw new Error(`${this.workflowId}: never reached "${what}" (stage ${v.stage}, task ${v.task?.kind ?? 'none'})`);
  }

  task(kind: string): Promise<DenialView> {
    return this.waitFor(`task ${kind}`, (v) => v.task?.kind === kind);
  }

  /** Completes the open task of this kind with the given fields. */
  async complete(kind: string, update: typeof approvePacketUpdate, fields: Record<string, unknown>, actor: Actor = specialist): Promise<void> {
    const v = await this.task(kind);
    await this.handle.executeUpdate(update, { args: [{ taskId: v.task!.id, version: v.version, actor, ...fields } as never] });
  }

  async submit(): Promise<void> {
    await this.complete('record_submission', recordSubmissionUpdate as never, { date: daysFromNow(0, await this.env.currentTimeMs()), channel: 'portal', reference: 'CONF-123' });
    await this.waitFor('awaiting the payer', (v) => v.stage === 'awaiting_payer');
  }

  async payerSays(key: string, claim: Partial<ClaimSpec> & Pick<ClaimSpec, 'status' | 'paid'>): Promise<void> {
    const today = Math.round((await this.env.currentTimeMs()) - this.now) / 86_400_000;
    await this.handle.signal(remittanceEventSignal, { eventKey: key, event: eventFrom(this.remittance(claim, Math.floor(today), `EFT${key.length}${key.charCodeAt(0)}`)) });
  }

  async finished(): Promise<RecordedRun[]> {
    await this.handle.result();
    return [{ workflowId: this.workflowId, type: 'denialWorkflow' }];
  }
}

const denial = (env: TestWorkflowEnvironment) => new DenialJourney(env);
const co50 = { adjustments: [['CO', '50', 240]] as ClaimSpec['adjustments'], remarks: ['N115'] };

export const SCENARIOS: Scenario[] = [
  {
    name: 'appeal-won',
    async run(env) {
      const d = await denial(env).start(co50);
      let v = await d.task('prepare_appeal');
      await d.handle.executeUpdate(reassignUpdate, { args: [{ version: v.version, actor: supervisor, to: 'ar.blair', reason: 'balancing the queue' }] });
      await d.handle.executeUpdate(addNoteUpdate, { args: [{ actor: specialist, text: 'Called the payer; appeal by portal.' }] });
      v = await d.view();
      const doc = { id: 'doc-1', sha256: 'b'.repeat(64), name: 'progress-note.pdf', contentType: 'application/pdf', size: 2048, description: 'Progress note' };
      await d.handle.executeUpdate(attachDocumentsUpdate, { args: [{ version: v.version, actor: specialist, documents: [doc] }] });
      await d.complete('prepare_appeal', approvePacketUpdate, { argument: 'The note documents failed conservative therapy.' });
      await d.submit();
      // The intake delivers the opening remittance again: a duplicate, ignored.
      await d.handle.signal(remittanceEventSignal, { eventKey: `start-${d.workflowId}`, event: eventFrom(d.remittance({ status: '4', paid: 0, ...co50 }, -5)) });
      await d.payerSays('paid', { status: '1', paid: 240 });
      return d.finished();
    },
  },
  {
    name: 'appeal-upheld-to-level-2-then-paid',
    async run(env) {
      const big = { adjustments: [['CO', '50', 2400]] as ClaimSpec['adjustments'], remarks: ['N115'], charge: 2400 };
      const d = await denial(env).start(big);
      await d.complete('prepare_appeal', approvePacketUpdate, {});
      await d.submit();
      await d.payerSays('upheld-1', { status: '4', paid: 0, charge: 2400, adjustments: [['CO', '50', 2400]] });
      await d.waitFor('level 2 appeal', (v) => v.appealLevel === 1 && v.task?.kind === 'prepare_appeal');
      await d.complete('prepare_appeal', approvePacketUpdate, { argument: 'Level 2: the redetermination ignored the note.' });
      await d.submit();
      await d.payerSays('partial', { status: '1', paid: 1400, charge: 2400, adjustments: [['CO', '45', 1000]] });
      await d.waitFor('partially recovered', (v) => v.amounts.recoveredCents === 140_000 && v.stage !== 'awaiting_payer');
      await d.payerSays('rest', { status: '1', paid: 1000, charge: 2400 });
      return d.finished();
    },
  },
  {
    // The redetermination comes by letter, recorded by hand: level 2 counts from the letter's date.
    name: 'appeal-decided-by-letter-then-level-2',
    async run(env) {
      const big = { adjustments: [['CO', '50', 2400]] as ClaimSpec['adjustments'], remarks: ['N115'], charge: 2400 };
      const d = await denial(env).start(big, 40);
      await d.complete('prepare_appeal', approvePacketUpdate, {});
      await d.submit();
      const v = await d.view();
      const letter = daysFromNow(0, await env.currentTimeMs()); // not before the submission: the validator refuses that
      await d.handle.executeUpdate(recordPayerDecisionUpdate, { args: [{ version: v.version, actor: specialist, outcome: 'denied', paidAmount: 0, date: letter, reference: 'MAC-LTR-1' }] });
      await d.waitFor('level 2 appeal', (x) => x.appealLevel === 1 && x.task?.kind === 'prepare_appeal');
      await d.complete('prepare_appeal', approvePacketUpdate, { argument: 'Level 2: the redetermination letter ignored the note.' });
      await d.submit();
      await d.payerSays('paid', { status: '1', paid: 2400, charge: 2400 });
      return d.finished();
    },
  },
  {
    name: 'corrected-claim-paid',
    async run(env) {
      const d = await denial(env).start({ filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'], charge: 300 });
      // The commercial default's corrected-claim window is unverified: a person confirms the route first.
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'confirm' });
      await d.complete('supply_corrections', supplyCorrectionsUpdate as never, { corrections: [{ field: 'modifier', line: 1, from: '', to: '25' }] });
      await d.submit();
      await d.payerSays('paid', { status: '1', paid: 300, charge: 300, filing: '12' });
      return d.finished();
    },
  },
  {
    name: 'corrected-claim-sent-rejected-resent-asked-paid',
    async run(env, ctx) {
      const d = await denial(env).start({ account: 'HIST-CC-1', icn: 'ICN-HIST-1', filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'], charge: 300 });
      await d.claimSubmitted(ctx);
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'confirm' });
      await d.complete('supply_corrections', supplyCorrectionsUpdate as never, { corrections: [{ field: 'modifier', line: 1, from: '', to: '25' }] });
      const sent = await d.waitFor('the corrected claim sent', (v) => v.stage === 'awaiting_payer' && v.claimFiles.length === 1);
      const on = daysFromNow(0, await env.currentTimeMs());
      const report = { source: '277CA', categoryCode: 'A7', statusCode: '21', explanation: 'Acknowledgement/Rejected for Invalid Information: missing or invalid information', effectiveDate: on };
      await d.handle.signal(claimStatusSignal, { eventKey: 'ack-1', classification: 'rejected', answersFile: sent.claimFiles[0]!.fileName, ...report } as never);
      await d.complete('supply_corrections', supplyCorrectionsUpdate as never, { corrections: [{ field: 'diagnosis_pointer', line: 1, from: '1', to: '2' }] });
      await d.waitFor('the fixed claim sent', (v) => v.stage === 'awaiting_payer' && v.claimFiles.length === 2);
      await d.handle.signal(claimStatusSignal, { eventKey: 'status-1', source: '277', classification: 'pended', categoryCode: 'P1', statusCode: '20', explanation: 'Pending/In Process', effectiveDate: on });
      await d.waitFor('the status kept', (v) => v.claimStatuses.length === 2);
      await d.handle.signal(claimStatusSignal, { eventKey: 'status-2', source: '277', classification: 'pended', categoryCode: 'R4', statusCode: '21', explanation: 'Requests for additional Information/Documentation', effectiveDate: on });
      await d.task('follow_up');
      await d.payerSays('paid', { status: '1', paid: 300, charge: 300, filing: '12' });
      return d.finished();
    },
  },
  {
    name: 'write-off-approved',
    async run(env) {
      const d = await denial(env).start({ filing: '12', adjustments: [['CO', '96', 300]], remarks: ['N130'], charge: 300 });
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'confirm' });
      await d.complete('approve_write_off', approveWriteOffUpdate as never, { approve: true, reason: 'non-covered service, no ABN' }, supervisor);
      return d.finished();
    },
  },
  {
    name: 'write-off-refused-then-billed-to-patient',
    async run(env) {
      const d = await denial(env).start({ filing: '12', adjustments: [['CO', '96', 300]], remarks: ['N130'], charge: 300 });
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'confirm' });
      await d.complete('approve_write_off', approveWriteOffUpdate as never, { approve: false, reason: 'the patient signed an ABN' }, supervisor);
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'override', route: { kind: 'bill_patient' }, reason: 'ABN on file: the patient is liable' });
      await d.complete('record_submission', recordSubmissionUpdate as never, { date: daysFromNow(0, await env.currentTimeMs()), channel: 'mail', reference: 'STMT-77' });
      return d.finished();
    },
  },
  {
    name: 'bill-next-payer',
    async run(env) {
      const d = await denial(env).start({ filing: '12', adjustments: [['CO', '22', 300]], charge: 300 });
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'confirm', reason: 'secondary coverage verified by 271' });
      await d.complete('record_submission', recordSubmissionUpdate as never, { date: daysFromNow(0, await env.currentTimeMs()), channel: 'edi', reference: 'SEC-42' });
      return d.finished();
    },
  },
  {
    name: 'timely-filing-loss',
    async run(env) {
      const d = await denial(env).start(co50, 1);
      await d.task('prepare_appeal');
      // Nobody acts: awaiting the result lets the server skip to the deadline.
      return d.finished();
    },
  },
  {
    name: 'follow-up-then-paid',
    async run(env) {
      const d = await denial(env).start({ filing: '12', adjustments: [['CO', '4', 300]], remarks: ['N519'], charge: 300 });
      // The commercial default's corrected-claim window is unverified: a person confirms the route first.
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'confirm' });
      await d.complete('supply_corrections', supplyCorrectionsUpdate as never, { corrections: [{ field: 'authorization_number', to: 'AUTH-555' }] });
      await d.submit();
      const v = await d.view();
      const window = /response due by (\d{4}-\d{2}-\d{2})/.exec(v.timeline.at(-1)!.summary)![1]!;
      const days = Math.ceil((Date.parse(`${window}T23:59:59Z`) - (await env.currentTimeMs())) / 86_400_000);
      await env.sleep(`${days + 1} days`);
      await d.task('follow_up');
      await env.sleep('15 days');
      await d.waitFor('escalated', (x) => x.escalated);
      await d.payerSays('paid-late', { status: '1', paid: 300, charge: 300, filing: '12' });
      return d.finished();
    },
  },
  {
    name: 'reopening-refused-then-appealed',
    async run(env) {
      const claim = { filing: 'MB', adjustments: [['CO', '4', 300]] as ClaimSpec['adjustments'], charge: 300 };
      const d = await denial(env).start(claim);
      await d.complete('prepare_appeal', approvePacketUpdate, {});
      await d.submit();
      await d.payerSays('refused', { status: '4', paid: 0, ...claim });
      await d.waitFor('redetermination', (v) => v.route.kind !== 'reopening' && v.task?.kind === 'prepare_appeal');
      await d.complete('prepare_appeal', approvePacketUpdate, {});
      await d.submit();
      await d.payerSays('paid', { status: '1', paid: 300, charge: 300, filing: 'MB' });
      return d.finished();
    },
  },
  {
    name: 'underpayment-disputed-then-recovered',
    async run(env) {
      const d = await denial(env).start(UNDERPAID_CLAIM, 5, (c) => c, (text) => caseWithFeeSchedule(text, UNDERPAID_FEES));
      // The commercial default's dispute window is unverified: a person confirms the route first.
      await d.complete('confirm_route', confirmRouteUpdate as never, { decision: 'confirm' });
      await d.complete('prepare_appeal', approvePacketUpdate, {});
      await d.submit();
      // The payer pays the shortfall as a supplemental payment on the same claim.
      await d.payerSays('shortfall-paid', { status: '1', paid: 180, charge: 400, filing: '12', procedure: '99214' });
      return d.finished();
    },
  },
  {
    name: 'payments-with-the-start',
    async run(env) {
      const d = await denial(env).start(co50);
      await d.payerSays('pay-180', { status: '1', paid: 180, adjustments: [['CO', '45', 60]] });
      await d.payerSays('pay-60', { status: '1', paid: 60, adjustments: [['CO', '45', 180]] });
      return d.finished();
    },
  },
  {
    name: 'reopened-by-recoupment-then-written-off',
    async run(env) {
      const reopened: Reopening = {
        afterSeq: 14,
        recoveredCents: 24000,
        resolution: 'recovered',
        appealLevel: 1,
        classification: { category: 'medical_necessity', rootCause: 'missing_medical_necessity', ownerTeam: 'cdi_providers', preventable: true },
      };
      const d = await denial(env).reopen({ status: '22', charge: -240, paid: -240 }, reopened);
      await d.complete('resolve_problem', resolveProblemUpdate as never, { action: 'override', route: { kind: 'write_off', approvalRequired: false }, reason: 'The payer paid twice: the recoupment is right' }, supervisor);
      return d.finished();
    },
  },
  {
    name: 'parked-for-bad-input-then-resolved',
    async run(env) {
      // An adjustment group no payer uses: the rules cannot judge it, so a supervisor decides.
      const d = await denial(env).start({ filing: '12', adjustments: [['CO', '50', 300]], charge: 300 }, 5, withUnknownGroup);
      await d.complete('resolve_problem', resolveProblemUpdate as never, { action: 'override', route: { kind: 'bill_patient' }, reason: 'Group fixed by hand: patient responsibility' }, supervisor);
      await d.complete('record_submission', recordSubmissionUpdate as never, { date: daysFromNow(0, await env.currentTimeMs()), channel: 'mail', reference: 'STMT-12' });
      return d.finished();
    },
  },
  {
    name: 'prevention-reopened',
    async run(env) {
      const now = await env.currentTimeMs();
      const report = (n: number, serviceDay: number) =>
        defectReportFor({
          workflowId: `denial-cafe${String(n).padStart(8, '0')}`,
          rootCause: 'wrong_modifier',
          ownerTeam: 'coding',
          category: 'coding',
          payerId: '04412',
          amountCents: 10_000 + n,
          remitDate: daysFromNow(0, now),
          serviceDate: daysFromNow(serviceDay, now),
          codes: ['CO-4'],
        })!;
      const first = report(1, -30);
      const start = async (n: number, day: number) => {
        const r = report(n, day);
        await env.client.workflow.signalWithStart('preventionWorkflow', {
          workflowId: first.key.id,
          taskQueue: HISTORY_TASK_QUEUE,
          args: [{ key: r.key, control: r.control, escalation: r.escalation, maxOccurrencesPerRun: 50 }],
          signal: defectObservedSignal,
          signalArgs: [r.occurrence],
        });
      };
      await start(1, -30);
      await start(2, -20);
      const handle = env.client.workflow.getHandle(first.key.id);
      // A retried report of the same denial counts once.
      await handle.signal(defectObservedSignal, report(2, -20).occurrence);
      let v = await handle.query(preventionViewQuery);
      for (let i = 0; i < 200 && v.occurrences < 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        v = await handle.query(preventionViewQuery);
      }
      await handle.executeUpdate(recordControlUpdate, {
        args: [{ taskId: v.taskId, version: v.version, actor: { id: 'cody', role: 'ar_specialist' }, kind: 'checklist', what: 'Modifier 25/59 checklist added to charge review' }],
      });
      await env.sleep('2 days');
      await start(3, 1);
      for (let i = 0; i < 200 && (await handle.query(preventionViewQuery)).status !== 'reopened'; i++) await new Promise((r) => setTimeout(r, 50));
      return [{ workflowId: first.key.id, type: 'preventionWorkflow' }];
    },
  },
  {
    name: 'payer-issue-escalated',
    async run(env) {
      const alert = { payerId: 'AETNA', code: 'CO-197', week: '2026-03-02', denials: 24, claims: 400, baselineDenials: 48, baselineClaims: 4800, pValue: 1e-9, evidence: '24 of 400 claims (6.0%) denied CO-197 this week against 1.0% before' };
      const handle = await env.client.workflow.start('payerIssueWorkflow', { taskQueue: HISTORY_TASK_QUEUE, workflowId: `payer-issue-history-${crypto.randomUUID()}`, args: [{ alert }] });
      let v = await handle.query(payerIssueViewQuery);
      for (let i = 0; i < 400 && v.status !== 'open'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        v = await handle.query(payerIssueViewQuery);
      }
      await handle.executeUpdate(resolvePayerIssueUpdate, { args: [{ taskId: v.taskId, version: v.version, actor: supervisor, action: 'escalated', payerReference: 'PR-55121', reason: 'Sent to provider relations' }] });
      await handle.result();
      return [{ workflowId: handle.workflowId, type: 'payerIssueWorkflow' }];
    },
  },
  {
    name: 'weekly-report',
    async run(env) {
      const workflowId = `leakage-report-history-${crypto.randomUUID()}`;
      const to = daysFromNow(-1, await env.currentTimeMs());
      await env.client.workflow.execute('leakageReportWorkflow', { taskQueue: HISTORY_TASK_QUEUE, workflowId, args: [{ from: daysFromNow(-7, await env.currentTimeMs()), to }] });
      return [{ workflowId, type: 'leakageReportWorkflow' }];
    },
  },
];
