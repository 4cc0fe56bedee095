/**
 * The payer-issue activities: which payer × code cells of a week pass the change test, and the evidence of
 * one (its PDF under the reports folder). Both read the ledger only.
 */
import { ApplicationFailure } from '@temporalio/common';
import { PayerShiftAlertSchema, alertOf, type PayerShiftAlert } from '../domain/kpis/payer-issue';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { payerShiftsOfWeek } from '../runtime/store/payer-shift-inputs';
import { producePayerIssueEvidence, type ProducedEvidence } from '../services/reports/payer-issue-evidence';

export interface PayerIssueDeps {
  ledger: LedgerStore;
  reportsDir: string;
  organizationName?: string;
}

export function createPayerIssueActivities(deps: PayerIssueDeps) {
  return {
    /** The week's alerts (the week that holds `day`), most significant first. */
    async detectPayerIssues(input: { day: string }): Promise<PayerShiftAlert[]> {
      const shifts = await payerShiftsOfWeek(deps.ledger, input.day);
      return shifts.findings.filter((f) => f.alert).map((f) => alertOf(shifts.week, f));
    },
    async preparePayerIssue(input: PayerShiftAlert): Promise<ProducedEvidence> {
      const alert = PayerShiftAlertSchema.safeParse(input);
      if (!alert.success) throw ApplicationFailure.nonRetryable(`The payer alert is not valid: ${alert.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'InvalidPayerAlert');
      return producePayerIssueEvidence(deps, alert.data);
    },
  };
}

export type PayerIssueActivities = ReturnType<typeof createPayerIssueActivities>;
