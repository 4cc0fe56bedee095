/**
 * Activities of the prevention loop: a denial workflow reports a defect to its prevention workflow
 * (signalWithStart, so the first report starts it and the same task always gets the same workflow), and
 * the prevention workflow appends to the prevention ledger. Built by a factory taking the store and a
 * Temporal client.
 */
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { PreventionEntrySchema, type PreventionEntryInput } from '../domain/prevention/prevention-entry';
import { DefectReportSchema, type DefectReport } from '../domain/prevention/prevention-state';
import type { LedgerStore } from '../runtime/store/ledger-store';
import type { DenialActivities } from '.';
import { defectObservedSignal } from '../workflows/prevention-messages';

export interface PreventionActivityDeps {
  ledger: LedgerStore;
  /** Reaches the prevention workflows; the task queue is the one this activity runs on. */
  client: Pick<Client, 'workflow'>;
}

export function createPreventionActivities(deps: PreventionActivityDeps) {
  return {
    /** Delivers one occurrence to the prevention task, starting its workflow on the first one. */
    async reportDefect(raw: DefectReport): Promise<{ preventionId: string }> {
      const parsed = DefectReportSchema.safeParse(raw);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`Defect report is not valid: ${parsed.error.message}`, 'InvalidDefectReport');
      const report = parsed.data;
      const { taskQueue } = Context.current().info;
      await deps.client.workflow.signalWithStart('preventionWorkflow', {
        workflowId: report.key.id,
        taskQueue,
        args: [{ key: report.key, control: report.control, escalation: report.escalation }],
        signal: defectObservedSignal,
        signalArgs: [report.occurrence],
      });
      return { preventionId: report.key.id };
    },

    /** Appends a prevention event; idempotent on (preventionId, seq). */
    async appendPrevention(entry: PreventionEntryInput): Promise<void> {
      const parsed = PreventionEntrySchema.safeParse(entry);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`Prevention entry ${entry.preventionId}#${entry.seq} is not valid: ${parsed.error.message}`, 'InvalidPreventionEntry');
      await deps.ledger.appendPrevention(parsed.data);
    },
  };
}

export type PreventionActivities = ReturnType<typeof createPreventionActivities> & Pick<DenialActivities, 'notify'>;
