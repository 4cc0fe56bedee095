/**
 * Messages of the denial workflow, declared once and shared by the workflow and its clients (intake,
 * web app, CLI).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

// Provisional shapes until the intake's DenialCase / RemittanceEvent schemas land in domain/.
export interface DenialCaseInput {
  claimRef: string;
  payerId: string;
  amountAtRisk: number;
}

export interface RemittanceEventInput {
  kind: 'payment' | 'reversal' | 'denial';
  remittanceId: string;
  paidAmount: number;
}

export interface DenialStatus {
  stage: string;
  events: { receivedAt: string; event: RemittanceEventInput }[];
}

export type DenialOutcome = { outcome: 'recovered'; recovered: number };

export const remittanceEventSignal = defineSignal<[RemittanceEventInput]>('remittanceEvent');
export const denialStatusQuery = defineQuery<DenialStatus>('denialStatus');
