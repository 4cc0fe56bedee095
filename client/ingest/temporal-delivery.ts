/** Delivers remittance events to denial workflows on Temporal. */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { remittanceEventSignal, type RemittanceEventDelivery } from '../../workflows/denial-messages';
import type { denialWorkflow } from '../../workflows/denial';
import { AmountAtRisk, DenialStage, PayerId } from '../../workflows/search-attributes';
import type { Deliverer } from './pipeline';

export function temporalDeliverer(client: Client, taskQueue: string): Deliverer {
  return {
    async startOrSignal(workflowId, denial, eventKey, event, patient) {
      try {
        await client.workflow.signalWithStart<typeof denialWorkflow, [RemittanceEventDelivery]>('denialWorkflow', {
          workflowId,
          taskQueue,
          args: [{ denial, eventKey, patient }],
          signal: remittanceEventSignal,
          signalArgs: [{ eventKey, event }],
          // A closed case is not silently reopened as a new run: the report says it was closed.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // Set at start so worklists see the denial before the worker has run it.
          typedSearchAttributes: new TypedSearchAttributes([
            { key: DenialStage, value: 'intake' },
            { key: PayerId, value: denial.payer.id },
            { key: AmountAtRisk, value: denial.detection.amountAtRiskCents / 100 },
          ]),
        });
        return 'delivered';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
        throw err;
      }
    },
    async signal(workflowId, eventKey, event) {
      try {
        await client.workflow.getHandle(workflowId).signal(remittanceEventSignal, { eventKey, event });
        return 'delivered';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'closed';
        throw err;
      }
    },
  };
}
