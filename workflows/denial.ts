/**
 * One durable workflow per denied claim. For now it records the remittance events that reach it and
 * closes as recovered once the payer pays what was at risk; classification, routing, human tasks,
 * packets and deadlines arrive with the lifecycle issue.
 */
import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  denialStatusQuery,
  remittanceEventSignal,
  type DenialCaseInput,
  type DenialOutcome,
  type DenialStatus,
} from './denial-messages';
import { AmountAtRisk, DenialStage, PayerId } from './search-attributes';

export async function denialWorkflow(input: DenialCaseInput): Promise<DenialOutcome> {
  const status: DenialStatus = { stage: 'intake', events: [] };
  let recovered = 0;

  setHandler(remittanceEventSignal, (event) => {
    status.events.push({ receivedAt: new Date().toISOString(), event });
    if (event.kind === 'payment') recovered += event.paidAmount;
    if (event.kind === 'reversal') recovered -= event.paidAmount;
  });
  setHandler(denialStatusQuery, () => status);

  upsertSearchAttributes([
    { key: DenialStage, value: status.stage },
    { key: PayerId, value: input.payerId },
    { key: AmountAtRisk, value: input.amountAtRisk },
  ]);

  await condition(() => recovered >= input.amountAtRisk);
  status.stage = 'recovered';
  upsertSearchAttributes([
    { key: DenialStage, value: status.stage },
    { key: AmountAtRisk, value: 0 },
  ]);
  return { outcome: 'recovered', recovered };
}
