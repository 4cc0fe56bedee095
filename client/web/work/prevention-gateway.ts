/** Prevention tasks as the web app reaches them: the workflow's query and its "control in place" Update. */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { RecordControlCommand } from '../../../domain/prevention/prevention-state';
import { preventionViewQuery, recordControlUpdate, type PreventionView } from '../../../workflows/prevention-messages';
import { rejectionMessage } from '../../denials/actions';
import { notFound } from '../http/errors';

export function createPreventionGateway(client: Client) {
  return {
    async view(preventionId: string): Promise<PreventionView> {
      try {
        return await client.workflow.getHandle(preventionId).query(preventionViewQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notFound(`No prevention task ${preventionId}.`);
        throw err;
      }
    },
    async recordControl(preventionId: string, cmd: RecordControlCommand): Promise<{ ok: true; view: PreventionView } | { ok: false; rejection: string }> {
      try {
        return { ok: true, view: await client.workflow.getHandle(preventionId).executeUpdate(recordControlUpdate, { args: [cmd] }) };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) return { ok: false, rejection: rejectionMessage(err) };
        if (err instanceof WorkflowNotFoundError) throw notFound(`No prevention task ${preventionId}.`);
        throw err;
      }
    },
  };
}

export type PreventionGateway = ReturnType<typeof createPreventionGateway>;
