/**
 * Messages of the prevention workflow, shared by the workflow, the denial workflow's activity that
 * reports defects, and the clients (web app, CLI) where teams record their controls.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PreventionStatus } from '../domain/prevention/prevention-entry';
import type {
  ControlRecord,
  DefectOccurrence,
  EscalationRule,
  PreventionControlRef,
  PreventionKey,
  PreventionState,
  RecordControlCommand,
} from '../domain/prevention/prevention-state';

export interface PreventionWorkflowInput {
  key: PreventionKey;
  control: PreventionControlRef;
  escalation: EscalationRule;
  /** Carried over by continue-as-new: the state, the prevention ledger's sequence, and which run this is. */
  state?: PreventionState;
  seq?: number;
  run?: number;
  /** Continue-as-new after this many occurrences in one run even if the server has not suggested it yet. */
  maxOccurrencesPerRun?: number;
}

export interface PreventionView {
  preventionId: string;
  taskId: string;
  status: PreventionStatus;
  version: number;
  rootCause: string;
  ownerTeam: string;
  payerId?: string;
  control: PreventionControlRef;
  occurrences: number;
  totalCents: number;
  repeats: number;
  controls: ControlRecord[];
  examples: DefectOccurrence[];
  openedAt: string;
  escalation: EscalationRule & { lastEscalatedOn?: string };
  /** Runs of this workflow so far (continue-as-new). */
  run: number;
}

export const defectObservedSignal = defineSignal<[DefectOccurrence]>('defectObserved');
export const recordControlUpdate = defineUpdate<PreventionView, [RecordControlCommand]>('recordControl');
export const preventionViewQuery = defineQuery<PreventionView>('preventionView');
