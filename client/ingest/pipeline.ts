/**
 * One pipeline behind the CLI, the inbox folder and the HTTP API: read the 835 twice, streaming. The first
 * pass validates the whole file (an envelope error rejects it before any workflow starts); the second
 * detects denials and delivers each to its workflow, exactly once. By the ST01 of its first set, an 837
 * (the practice's own claims) goes to claims-pipeline.ts and a 277, 277CA or 999 (claim status answers)
 * to claim-status-pipeline.ts; another transaction type is refused.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  claimIdentityInput,
  detectDenial,
  formatCents,
  readRemittance,
  toDenialCase,
  toPlbRecoupmentCase,
  toRecoupmentCase,
  toRemittanceEvent,
  type ClaimPayment,
  type DenialDecision,
  type FeeSchedule,
  type RemittanceContext,
} from '../../domain/remittance';
import type { DenialCase, RemittanceEvent } from '../../domain/denial-case';
import type { RemittanceVolume } from '../../domain/kpis/remittance-volume';
import { isoDate } from '../../domain/remittance/dates';
import { procedureCodesOf } from '../../domain/remittance/procedures';
import type { PatientIdentity } from '../../workflows/denial-messages';
import type { Reopening } from '../../domain/lifecycle/reopening';
import type { CodecKeyring } from '../../runtime/codec';
import { openedSize } from '../../runtime/at-rest/sealed-stream';
import { denialWorkflowId, remittanceEventKey } from './claim-keys';
import type { IntakeJournal } from './journal';
import { KeyedQueue } from './keyed-queue';
import { SilentMoneyAccounting } from '../../domain/remittance/silent-money';
import { silentMoneyReport } from './silent-money-report';
import { claimRecoupments, remittanceKeyOf, silentMoneyEntries } from './silent-money-entries';
import type { SilentMoneyEntry } from '../../domain/kpis/silent-money-entry';
import { emptyTotals, type ClaimLine, type Delivery, type IngestReport } from './report';
import type { ReportHead, ReportSink } from './report-stream';
import { beginReport, chunksOf, quarantinedLine, validationPass } from './report-run';
import { ingestClaimFile, type ClaimKeeper } from './claims-pipeline';
import { ingestStatusFile } from './claim-status-pipeline';
import type { StatusDeliverer } from './status-delivery';
import type { StatusLookup } from './status-match';
import { transactionTypeOf } from './transaction-type';
import { denialClaimRefOf } from './submitted-claim-record';
import type { DenialClaimRef } from '../../runtime/store/submitted-claims';

/** How events reach Temporal; absent in a dry run. */
export interface Deliverer {
  /**
   * Starts the claim's workflow with the denial as its input; 'exists' when a workflow with that id is
   * already there (running or closed), in which case the event goes to it as a signal instead.
   */
  start(workflowId: string, denial: DenialCase, eventKey: string, patient: PatientIdentity): Promise<'started' | 'exists'>;
  /** An event for a workflow that exists; 'closed' when it has ended (reported, not delivered). */
  signal(workflowId: string, eventKey: string, event: RemittanceEvent): Promise<'delivered' | 'closed'>;
  /**
   * Starts a new run of a closed denial's workflow for the recoupment that reopens it; 'running' when a run
   * is already there (the event then goes to it as a signal).
   */
  reopen(workflowId: string, recoupment: DenialCase, eventKey: string, patient: PatientIdentity, reopened: Reopening): Promise<'reopened' | 'running'>;
}

export interface IngestOptions {
  via: IngestReport['via'];
  dryRun: boolean;
  /** The name to report (the original name of an upload); defaults to the file's base name. */
  displayName?: string;
  reportId?: string;
}

export interface IngestDeps {
  claimIdKey: Buffer;
  deliverer?: Deliverer;
  journal?: IntakeJournal;
  feeSchedule?: FeeSchedule;
  concurrency?: number;
  /** `store`: the second pass of an 837, which stores claims instead of delivering denials. */
  onProgress?: (p: { file: string; pass: 'validate' | 'deliver' | 'store'; bytesRead: number; bytesTotal: number; claims: number }) => void;
  /** Receives each remittance's totals (the denominators of the denial rates) after delivery. */
  recordVolumes?: (volumes: RemittanceVolume[]) => Promise<void>;
  /** What a closed denial's recoupment reopens, from its ledger facts; null when nothing (it recovered nothing). */
  reopeningOf?: (workflowId: string) => Promise<Reopening | null>;
  /** Receives the reversals, negative payments and PLB adjustments of an accepted file after delivery. */
  recordSilentMoney?: (entries: SilentMoneyEntry[]) => Promise<void>;
  /** Opens a sealed 835 (one the intake kept); without it only plain files can be read. */
  keyring?: CodecKeyring;
  /**
   * Receives the report as it is produced (report-stream.ts); the returned report then lists only the
   * quarantined claims, so memory stays bounded whatever the file's size. Without it, every claim line is
   * kept and returned.
   */
  report?: ReportSink;
  /** Where an 837's claims are stored; without it (a dry run) they are read and reported only. */
  claims?: ClaimKeeper;
  /** Receives each denial's reference to its submitted claim (match key, dates), so the two meet whichever came first. */
  recordDenialRefs?: (refs: DenialClaimRef[]) => Promise<void>;
  /** How a claim status answer (277, 277CA, 999) reaches its denial; absent in a dry run. */
  statusDeliverer?: StatusDeliverer;
  /** Where a claim status answer's denial is looked up: denials by match key, the files sent for them. */
  statusLookup?: StatusLookup;
}

export class IngestInputError extends Error {}

/**
 * The patient as the appeal letter must name them (NM1*QC, member id from QC or the insured NM1*IL). It
 * travels only inside the encrypted workflow input; the DenialCase itself stays PHI-free.
 */
function patientOf(claim: ClaimPayment): PatientIdentity {
  const qc = claim.parties['QC'];
  const il = claim.parties['IL'];
  const name = [qc?.lastName, qc?.firstName].filter(Boolean).join(', ');
  const memberId = (qc?.idQualifier === 'MI' || qc?.idQualifier === 'HN' ? qc.id : undefined) ?? il?.id ?? qc?.id;
  return { ...(name ? { name } : {}), ...(memberId ? { memberId } : {}) };
}

function adjustmentsOf(claim: ClaimPayment): ClaimLine['adjustments'] {
  const out: ClaimLine['adjustments'] = claim.adjustments.map((a) => ({ level: 'claim', group: a.group, reason: a.reason, amount: a.amount.text }));
  for (const line of claim.serviceLines) {
    for (const a of line.adjustments) out.push({ level: 'line', line: line.number, group: a.group, reason: a.reason, amount: a.amount.text });
  }
  return out;
}

function claimLine(claim: ClaimPayment, context: RemittanceContext, decision: DenialDecision, workflowId: string | undefined): ClaimLine {
  return {
    clp01: claim.patientControlNumber,
    payerClaimControlNumber: claim.payerClaimControlNumber,
    status: claim.status,
    charge: claim.charge.text,
    paid: claim.payment.text,
    outcome: decision.outcome,
    denial: decision.outcome === 'denial',
    why: decision.reasons.map((r) => ({ code: r.code, message: r.message })),
    amountAtRisk: formatCents(decision.amountAtRiskCents),
    adjustments: adjustmentsOf(claim),
    workflowId,
    delivery: 'not-a-denial',
    position: { set: context.transaction.controlNumber, segment: claim.position?.segment ?? 0 },
  };
}

/** Adds a claim to its remittance's totals; reversals and predeterminations are not claims adjudicated. */
function countVolume(volumes: Map<string, RemittanceVolume>, payerId: string, context: RemittanceContext, fileSha: string, claim: ClaimPayment, denied: boolean, receivedAt: string): void {
  const key = remittanceKeyOf(payerId, context, fileSha);
  const v = volumes.get(key) ?? {
    remittanceKey: key,
    payerId,
    remitDate: isoDate(context.payment?.date) ?? receivedAt.slice(0, 10),
    claims: 0,
    chargeCents: 0,
    deniedClaims: 0,
    deniedChargeCents: 0,
    recordedAt: receivedAt,
  };
  const chargeCents = claim.charge.cents;
  v.claims++;
  v.chargeCents += Math.max(0, chargeCents);
  if (denied) {
    v.deniedClaims++;
    v.deniedChargeCents += Math.max(0, chargeCents);
  }
  const perProcedure = (v.procedureClaims ??= {});
  for (const code of procedureCodesOf(claim.serviceLines)) perProcedure[code] = (perProcedure[code] ?? 0) + 1;
  volumes.set(key, v);
}

export async function ingestFile(file: string, opts: IngestOptions, deps: IngestDeps): Promise<IngestReport> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new IngestInputError(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new IngestInputError(`${file}: not a regular file`);
  const plainBytes = await openedSize(file, path.basename(file));
  const name = opts.displayName ?? path.basename(file);
  const receivedAt = new Date().toISOString();
  const reportId = opts.reportId ?? `rpt-${crypto.randomUUID()}`;
  const type = await transactionTypeOf(file, deps.keyring);
  if (type.kind === 'claims') return ingestClaimFile({ file, name, plainBytes, reportId, receivedAt }, opts, deps);
  if (type.kind === 'claim-status') return ingestStatusFile({ file, name, plainBytes, reportId, receivedAt }, type.source, opts, deps);
  const totals = emptyTotals();
  const pass = validationPass(totals);

  // Pass 1: validate everything, deliver nothing.
  const hash = crypto.createHash('sha256');
  let bytesRead = 0;
  let claimsSeen = 0;
  const progress = (pass: 'validate' | 'deliver') => deps.onProgress?.({ file: name, pass, bytesRead, bytesTotal: plainBytes, claims: claimsSeen });
  const silentMoney = new SilentMoneyAccounting();
  for await (const event of readRemittance(chunksOf(file, deps.keyring, (n) => ((bytesRead += n), progress('validate')), hash), name)) {
    silentMoney.observe(event);
    pass.observe(event);
    claimsSeen = pass.claims;
  }
  const sha256 = hash.digest('hex');
  const verdict = pass.verdict;
  const head: ReportHead = { reportId, file: name, sha256, bytes: plainBytes, receivedAt, via: opts.via, dryRun: opts.dryRun, verdict, findings: pass.findings, findingsOmitted: pass.omitted, silentMoney: silentMoneyReport(silentMoney.accounts) };
  const run = await beginReport(head, deps.report);
  const order = run.order;
  const report = () => run.finish({ totals, alreadyIngested: verdict === 'accepted' && !opts.dryRun && totals.duplicates > 0 && totals.started + totals.signaled === 0 });
  if (verdict === 'rejected') return report();

  // Pass 2: detect and deliver.
  const queue = new KeyedQueue(deps.concurrency ?? 32);
  const volumes = new Map<string, RemittanceVolume>();
  const denialRefs: DenialClaimRef[] = [];
  let totalCharge = 0;
  let atRisk = 0;
  bytesRead = 0;
  claimsSeen = 0;
  try {
    for await (const event of readRemittance(chunksOf(file, deps.keyring, (n) => ((bytesRead += n), progress('deliver'))), name)) {
      if (event.kind === 'quarantined') {
        totals.quarantined++;
        if (event.record === 'claim') await order.add(quarantinedLine('not-final', event));
        continue;
      }
      if (event.kind !== 'claim') continue;
      claimsSeen++;
      totals.claims++;
      const { claim, context } = event;
      totalCharge += claim.charge.cents;
      const decision = detectDenial(claim, context, { feeSchedule: deps.feeSchedule });
      const isDenial = decision.outcome === 'denial';
      if (isDenial) {
        totals.denials++;
        atRisk += decision.amountAtRiskCents;
      }
      const identity = claimIdentityInput(claim, context);
      if (decision.outcome === 'denial' || decision.outcome === 'payment') countVolume(volumes, identity.payerId, context, sha256, claim, isDenial, receivedAt);
      const workflowId = decision.outcome === 'not-final' ? undefined : denialWorkflowId(identity, deps.claimIdKey);
      const line = claimLine(claim, context, decision, workflowId);
      if (isDenial && workflowId && !opts.dryRun && deps.recordDenialRefs) {
        denialRefs.push(denialClaimRefOf(workflowId, identity.payerId, claim, deps.claimIdKey));
        if (denialRefs.length >= 256) await deps.recordDenialRefs(denialRefs.splice(0));
      }
      if (!workflowId || opts.dryRun || !deps.deliverer || !deps.journal) {
        if (workflowId && isDenial) line.delivery = 'dry-run';
        await order.add(line);
        continue;
      }
      let delivered!: () => void;
      const settled = new Promise<void>((resolve) => (delivered = resolve));
      await queue.push(workflowId, () => deliver(line, workflowId, claim, context, decision, identity.payerId).finally(delivered));
      await order.add(line, settled);
    }
  } finally {
    // What was delivered is journaled also when delivery stopped on an error.
    await queue.settle();
    await deps.journal?.flush();
  }
  await queue.drain();
  await order.finish();
  if (denialRefs.length) await deps.recordDenialRefs!(denialRefs);
  if (!opts.dryRun && deps.recordVolumes && volumes.size) await deps.recordVolumes([...volumes.values()]);
  if (!opts.dryRun && deps.recordSilentMoney) {
    const entries = silentMoneyEntries(silentMoney.accounts, sha256, deps.claimIdKey, receivedAt);
    if (entries.length) await deps.recordSilentMoney(entries);
  }
  if (!opts.dryRun && deps.deliverer && deps.journal && deps.reopeningOf) {
    for (const r of claimRecoupments(silentMoney.accounts, sha256, deps.claimIdKey)) await reopenByPlb(r);
    await deps.journal.flush();
  }
  totals.claimsTotalCharge = formatCents(totalCharge);
  totals.deniedAmountAtRisk = formatCents(atRisk);
  return report();

  /**
   * Money taken back from a denial that closed recovered reopens it for review, as a new run of its
   * workflow; null when its ledger says there is nothing to reopen.
   */
  async function reopen(workflowId: string, eventKey: string, recoupment: (r: Reopening) => DenialCase, patient: PatientIdentity): Promise<'reopened' | 'running' | null> {
    const reopening = await deps.reopeningOf!(workflowId);
    return reopening && deps.deliverer!.reopen(workflowId, recoupment(reopening), eventKey, patient, reopening);
  }

  /** A PLB recoupment of a claim whose denial closed recovered reopens it, once (its event key is journaled). */
  async function reopenByPlb(r: ReturnType<typeof claimRecoupments>[number]): Promise<void> {
    const journal = deps.journal!;
    if (await journal.hasEvent(r.eventKey)) return;
    if ((await reopen(r.workflowId, r.eventKey, (reopening) => toPlbRecoupmentCase(r.item, reopening.chargeCents ?? 0), {})) !== 'reopened') return;
    journal.recordDelivery({ eventKey: r.eventKey, workflowId: r.workflowId, kind: 'reversal', payerId: r.payerId, reportId, newWorkflow: false });
    totals.reopened++;
  }

  async function deliver(
    line: ClaimLine,
    workflowId: string,
    claim: ClaimPayment,
    context: RemittanceContext,
    decision: DenialDecision,
    payerId: string,
  ): Promise<void> {
    const journal = deps.journal!;
    const deliverer = deps.deliverer!;
    const set = (d: Delivery) => {
      line.delivery = d;
      if (d === 'started') totals.started++;
      else if (d === 'signaled') totals.signaled++;
      else if (d === 'duplicate') totals.duplicates++;
      else if (d === 'not-tracked') totals.notTracked++;
      else if (d === 'closed') totals.closed++;
      else if (d === 'reopened') totals.reopened++;
    };
    const known = await journal.knowsWorkflow(workflowId);
    // A reversal or a payment belongs to a denial workflow only if the claim has one. Most remittance lines
    // are such payments: one lookup, no event key. (The journal records an event only with its workflow
    // and deletes nothing, so a workflow it does not know has no event to call a duplicate.)
    if (!known && decision.outcome !== 'denial') return set('not-tracked');
    const eventKey = remittanceEventKey(workflowId, claim, context, deps.claimIdKey);
    if (known && (await journal.hasEvent(eventKey))) return set('duplicate');
    const record = () => journal.recordDelivery({ eventKey, workflowId, kind: decision.outcome, payerId, reportId, newWorkflow: !known });
    // A denial for a claim the journal has not seen starts its workflow: one start, the case as its input.
    // (Cheaper than signalWithStart, which this dev server serves at about half the rate of a start; a start
    // that finds the id taken falls back to a signal, so the claim still lands in its one workflow, and the
    // journal learns the workflow from that signal.)
    if (!known) {
      const started = await deliverer.start(workflowId, toDenialCase(claim, context, decision), eventKey, patientOf(claim));
      if (started === 'started') {
        record();
        return set('started');
      }
    }
    let result = await deliverer.signal(workflowId, eventKey, toRemittanceEvent(claim, context, decision));
    if (result === 'closed' && claim.payment.cents < 0 && deps.reopeningOf) {
      const reopened = await reopen(workflowId, eventKey, () => toRecoupmentCase(claim, context), patientOf(claim));
      if (reopened === 'reopened') {
        record();
        return set('reopened');
      }
      // A run another intake reopened a moment ago takes the event as any running workflow does.
      if (reopened === 'running') result = await deliverer.signal(workflowId, eventKey, toRemittanceEvent(claim, context, decision));
    }
    if (result === 'closed') return set('closed');
    record();
    set('signaled');
  }
}
