/**
 * The payer-issue activity: the evidence of one alert (its PDF under the reports folder), read from the
 * ledger. The alerts themselves come with the weekly report (services/reports/leakage-report.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import { PayerShiftAlertSchema, type PayerShiftAlert } from '../domain/kpis/payer-issue';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { producePayerIssueEvidence, type ProducedEvidence } from '../services/reports/payer-issue-evidence';

export interface PayerIssueDeps {
  ledger: LedgerStore;
  reportsDir: string;
  organizationName?: string;
}

export function createPayerIssueActivities(deps: PayerIssueDeps) {
  return {
    async preparePayerIssue(input: PayerShiftAlert): Promise<ProducedEvidence> {
      const alert = PayerShiftAlertSchema.safeParse(input);
      if (!alert.success) throw ApplicationFailure.nonRetryable(`The payer alert is not valid: ${alert.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'InvalidPayerAlert');
      return producePayerIssueEvidence(deps, alert.data);
    },
  };
}

export type PayerIssueActivities = ReturnType<typeof createPayerIssueActivities>;
