/** Delivers remittance events to denial workflows on Temporal: a start for a new claim, a signal after. */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { remittanceEventSignal, type RemittanceEventDelivery } from '../../workflows/denial-messages';
import type { denialWorkflow } from '../../workflows/denial';
import type { Deliverer } from './pipeline';

export function temporalDeliverer(client: Client, taskQueue: string): Deliverer {
  return {
    async start(workflowId, denial, eventKey, patient) {
      try {
        await client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
          workflowId,
          taskQueue,
          args: [{ denial, eventKey, patient }],
          // A closed case is not silently reopened as a new run: the id stays taken, the event is reported.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // No search attributes here: the workflow's first task upserts all of them, so sending some with
          // the start only wrote them twice (about 15% of the server's work per start, measured). Worklists
          // read the ledger, which also fills only once the worker runs.
        });
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'exists';
        throw err;
      }
    },
    async reopen(workflowId, recoupment, eventKey, patient, reopened) {
      try {
        await client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
          workflowId,
          taskQueue,
          args: [{ denial: recoupment, eventKey, patient, reopened }],
          // The one way a closed denial runs again: a recoupment of money it recovered. A run still going
          // (reopened by the same event a moment ago) keeps the id.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        });
        return 'reopened';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
        throw err;
      }
    },
    async signal(workflowId, eventKey, event) {
      try {
        await client.workflow.getHandle(workflowId).signal(remittanceEventSignal, { eventKey, event } satisfies RemittanceEventDelivery);
        return 'delivered';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'closed';
        throw err;
      }
    },
  };
}
