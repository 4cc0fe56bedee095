/** Delivers remittance events to denial workflows on Temporal: a start for a new claim, a signal after. */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { remittanceEventSignal, type RemittanceEventDelivery } from '../../workflows/denial-messages';
import type { denialWorkflow } from '../../workflows/denial';
import { AmountAtRisk, DenialStage, PayerId } from '../../workflows/search-attributes';
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
          // Set at start so worklists see the denial before the worker has run it.
          typedSearchAttributes: new TypedSearchAttributes([
            { key: DenialStage, value: 'intake' },
            { key: PayerId, value: denial.payer.id || 'unknown' },
            { key: AmountAtRisk, value: denial.detection.amountAtRiskCents / 100 },
          ]),
        });
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'exists';
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
