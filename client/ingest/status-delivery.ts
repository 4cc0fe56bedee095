/** Delivers claim status answers to denial workflows on Temporal: the claimStatus signal, nothing else. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ClaimStatusReport } from '../../domain/lifecycle/claim-status-report';
import { claimStatusSignal } from '../../workflows/denial-messages';

export interface StatusDeliverer {
  /** Whether a workflow with this id exists, running or closed. */
  exists(workflowId: string): Promise<boolean>;
  /** The answer (checked against its schema by the caller) as a signal; 'closed' when the workflow has ended. */
  signal(workflowId: string, report: ClaimStatusReport): Promise<'delivered' | 'closed'>;
}

export function temporalStatusDeliverer(client: Client): StatusDeliverer {
  return {
    async exists(workflowId) {
      try {
        await client.workflow.getHandle(workflowId).describe();
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },
    async signal(workflowId, report) {
      try {
        await client.workflow.getHandle(workflowId).signal(claimStatusSignal, report);
        return 'delivered';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'closed';
        throw err;
      }
    },
  };
}
