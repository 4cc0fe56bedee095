/**
 * Messages of the denial workflow, declared once and shared by the workflow and its clients (intake,
 * web app, CLI). Every human task completion is an Update whose validator checks the zod schema, the
 * task id, the case version and the actor's role before anything reaches history.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseAdjustment, CaseRemark, DenialCase, RemittanceEvent } from '../domain/denial-case';
import type { LedgerEntry, Resolution, Stage } from '../domain/lifecycle/ledger-entry';
import type {
  AddNoteCommand,
  ApprovePacketCommand,
  ApproveWriteOffCommand,
  AttachDocumentsCommand,
  ConfirmRouteCommand,
  Correction,
  DocumentRef,
  HumanTask,
  ReassignCommand,
  RecordPayerDecisionCommand,
  RecordSubmissionCommand,
  ResolveProblemCommand,
  SupplyCorrectionsCommand,
  TaskResult,
} from '../domain/lifecycle/tasks';
import type { FilingDeadline, Route } from '../domain/policy';
import type { Reopening } from '../domain/lifecycle/reopening';
import type { ClaimStatusReport } from '../domain/lifecycle/claim-status-report';

/** Who the letter is about. Carried only in the (encrypted) workflow input, never in ids, attributes, logs or mail. */
export interface PatientIdentity {
  name?: string;
  memberId?: string;
}

export interface DenialWorkflowInput {
  denial: DenialCase;
  /** The intake's key for the remittance event that opened the case, so its echo signal is ignored. */
  eventKey: string;
  patient?: PatientIdentity;
  /** Set when this run reopens a recovered denial the payer took money back from: `denial` is the recoupment. */
  reopened?: Reopening;
}

/** A remittance for the claim, keyed so that a duplicate delivery changes nothing. */
export interface RemittanceEventDelivery {
  eventKey: string;
  event: RemittanceEvent;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  type: LedgerEntry['type'];
  stage: Stage;
  actor: string;
  summary: string;
}

/** A file this denial sent to the clearinghouse: PHI-free, by name and control number. */
export interface ClaimFileSent {
  kind: '837' | '276';
  fileName: string;
  controlNumber: number;
  sentOn: string;
  /** CLM05-3 of a claim: 7 replaces, 8 voids. */
  frequency?: '7' | '8';
}

/** A claim status answer as the denial keeps it (what the follow-up task shows). */
export type ClaimStatusSeen = Omit<ClaimStatusReport, 'eventKey'> & { receivedOn: string };

export interface DenialView {
  workflowId: string;
  stage: Stage;
  resolution?: Resolution;
  /** The case version a completion must name; bumped by every change. */
  version: number;
  task: (HumanTask & { requiredRoles: readonly string[] }) | null;
  /** The queue working the denial (an AR team, or supervisors for an approval). */
  team: string;
  assignee?: string;
  classification: {
    code: string;
    category: string;
    rootCause: string;
    ownerTeam: string;
    preventable: boolean;
    ruleId: string;
    explanation: string;
    confidence: number;
    needsHumanClassification: boolean;
    secondary: { code: string; category: string; ruleId: string }[];
  };
  route: Route;
  routeDescription: string;
  appealLevel: number;
  rationale: string[];
  requiresConfirmation: boolean;
  expectedRecovery: number;
  deadline: FilingDeadline | null;
  remindersSent: string[];
  escalated: boolean;
  /** Why the case is parked (stage needs_attention), until a supervisor resolves it. */
  problem?: string;
  amounts: { chargeCents: number; atRiskCents: number; recoveredCents: number; lostCents: number };
  payerId: string;
  /** The payer's name as the 835 gives it (N1*PR). */
  payerName?: string;
  claimReference: string;
  /** CLP01: the provider's own patient account number, what the practice's systems find the patient by. */
  accountNumber: string;
  /**
   * Who the claim is for, so a specialist can pull the chart and call the payer. Leaves the workflow only
   * through the codec (a client with the keys decrypts it), and into the ledger only sealed; never in ids, attributes, logs or mail.
   */
  patient?: PatientIdentity;
  /** The remittance as the payer sent it (PHI-free): what the task page shows and explains. */
  remittance: RemittanceExcerpt;
  documents: (DocumentRef & { description?: string })[];
  corrections: Correction[];
  packet?: { ref: DocumentRef; pages: number };
  submission?: { date: string; channel: string; reference: string; by: string };
  /** Files sent to the clearinghouse for it (corrected claims, status inquiries), oldest first. */
  claimFiles: ClaimFileSent[];
  /** What the payer or clearinghouse said of the claim (277, 277CA, 999), oldest first. */
  claimStatuses: ClaimStatusSeen[];
  assumptions: string[];
  eventsReceived: number;
  duplicatesIgnored: number;
  timeline: TimelineEntry[];
}

export interface RemittanceExcerpt {
  claimStatus: string;
  chargeCents: number;
  paidCents: number;
  serviceDateFrom?: string;
  serviceDateTo?: string;
  remitDate?: string;
  traceNumber?: string;
  adjustments: CaseAdjustment[];
  remarks: CaseRemark[];
  lines: { line: number; procedure: string; modifiers: string[]; chargeCents: number; paidCents: number }[];
}

export interface DenialOutcome {
  resolution: Resolution;
  recoveredCents: number;
  lostCents: number;
  reason: string;
}

export const remittanceEventSignal = defineSignal<[RemittanceEventDelivery]>('remittanceEvent');
/** A 277, 277CA or 999 the intake matched to this denial (domain/lifecycle/claim-status-report.ts). */
export const claimStatusSignal = defineSignal<[ClaimStatusReport]>('claimStatus');
export const denialViewQuery = defineQuery<DenialView>('denialView');

/**
 * Sent by the intake with the denial's start (update-with-start, waiting for ACCEPTED): the call returns once
 * the denial's first workflow task has run, which is how the intake paces its starts to the worker's rate
 * (client/ingest/temporal-delivery.ts). Changes nothing; returns the case's version.
 */
export const openedUpdate = defineUpdate<number>('opened');

/** Every Update returns the case's new version, stage and open task: query the view for the rest. */
export const confirmRouteUpdate = defineUpdate<TaskResult, [ConfirmRouteCommand]>('confirmRoute');
export const supplyCorrectionsUpdate = defineUpdate<TaskResult, [SupplyCorrectionsCommand]>('supplyCorrections');
export const attachDocumentsUpdate = defineUpdate<TaskResult, [AttachDocumentsCommand]>('attachDocuments');
export const approvePacketUpdate = defineUpdate<TaskResult, [ApprovePacketCommand]>('approvePacket');
export const recordSubmissionUpdate = defineUpdate<TaskResult, [RecordSubmissionCommand]>('recordSubmission');
export const recordPayerDecisionUpdate = defineUpdate<TaskResult, [RecordPayerDecisionCommand]>('recordPayerDecision');
export const approveWriteOffUpdate = defineUpdate<TaskResult, [ApproveWriteOffCommand]>('approveWriteOff');
export const resolveProblemUpdate = defineUpdate<TaskResult, [ResolveProblemCommand]>('resolveProblem');
export const reassignUpdate = defineUpdate<TaskResult, [ReassignCommand]>('reassign');
export const addNoteUpdate = defineUpdate<TaskResult, [AddNoteCommand]>('addNote');
