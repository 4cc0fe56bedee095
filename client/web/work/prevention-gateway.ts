/**
 * Prevention tasks as the web app reaches them: the workflow's query and its "control in place" Update,
 * within the person's scope (an AR specialist reaches only their own team's tasks: a task lists other
 * teams' denials, dates and amounts).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { RecordControlCommand } from '../../../domain/prevention/prevention-state';
import { preventionViewQuery, recordControlUpdate, type PreventionView } from '../../../workflows/prevention-messages';
import { rejectionMessage } from '../../denials/actions';
import { canAccessTeam } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { forbidden, notFound } from '../http/errors';

export function createPreventionGateway(client: Client) {
  return {
    async view(principal: Principal, preventionId: string): Promise<PreventionView> {
      let view: PreventionView;
      try {
        view = await client.workflow.getHandle(preventionId).query(preventionViewQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notFound(`No prevention task ${preventionId}.`);
        throw err;
      }
      if (!canAccessTeam(principal, view.ownerTeam)) throw forbidden(`Prevention task ${preventionId} belongs to team ${view.ownerTeam}; ${principal.id} works for ${principal.team ?? 'no team'}.`);
      return view;
    },
    async recordControl(principal: Principal, preventionId: string, cmd: RecordControlCommand): Promise<{ ok: true; view: PreventionView } | { ok: false; rejection: string }> {
      await this.view(principal, preventionId);
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
