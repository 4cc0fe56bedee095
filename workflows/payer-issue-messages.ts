/** Messages of the payer-issue workflow, shared by the workflow, the weekly report that opens it, and the web app. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PayerIssueEvidence, PayerShiftAlert, ResolvePayerIssueCommand } from '../domain/kpis/payer-issue';

export interface PayerIssueInput {
  alert: PayerShiftAlert;
}

export type PayerIssueStatus = 'gathering_evidence' | 'open' | 'escalated' | 'dismissed';

export interface PayerIssueView {
  issueId: string;
  taskId: string;
  status: PayerIssueStatus;
  version: number;
  alert: PayerShiftAlert | null;
  evidence: PayerIssueEvidence | null;
  /** The evidence PDF under the reports folder, once written. */
  evidenceFile: { name: string; sha256: string; pages: number } | null;
  /** Why the evidence could not be gathered (the task is open regardless). */
  problem: string | null;
  openedAt: string;
  resolution: { action: ResolvePayerIssueCommand['action']; by: string; at: string; reason: string; payerReference?: string } | null;
}

export const payerIssueViewQuery = defineQuery<PayerIssueView>('payerIssueView');
export const resolvePayerIssueUpdate = defineUpdate<PayerIssueView, [ResolvePayerIssueCommand]>('resolvePayerIssue');
