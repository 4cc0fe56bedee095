/**
 * Payer issues as the web app reaches them (domain/kpis/payer-issue.ts): the workflow's view, its evidence
 * PDF from the reports folder, and the supervisor's escalate-or-dismiss Update.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { ResolvePayerIssueCommand } from '../../../domain/kpis/payer-issue';
import { payerIssueViewQuery, resolvePayerIssueUpdate, type PayerIssueView } from '../../../workflows/payer-issue-messages';
import { rejectionMessage } from '../../denials/actions';
import { notFound } from '../http/errors';

export function createPayerIssueGateway(client: Client, reportsDir: string) {
  const missing = (issueId: string) => notFound(`No payer issue ${issueId}: the weekly report opens one for each payer alert of its week.`);
  return {
    async view(issueId: string): Promise<PayerIssueView> {
      try {
        return await client.workflow.getHandle(issueId).query(payerIssueViewQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw missing(issueId);
        throw err;
      }
    },
    async evidencePdf(issueId: string): Promise<{ name: string; bytes: Uint8Array }> {
      const file = (await this.view(issueId)).evidenceFile;
      // The name comes from the workflow, which names it after its own id; nothing else is served.
      if (!file || file.name !== `${issueId}.pdf`) throw notFound(`Payer issue ${issueId} has no evidence PDF yet.`);
      return { name: file.name, bytes: await fs.readFile(path.join(reportsDir, file.name)) };
    },
    async resolve(issueId: string, cmd: ResolvePayerIssueCommand): Promise<{ ok: true; view: PayerIssueView } | { ok: false; rejection: string }> {
      const handle = client.workflow.getHandle(issueId);
      try {
        return { ok: true, view: await handle.executeUpdate(resolvePayerIssueUpdate, { args: [cmd] }) };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) return { ok: false, rejection: rejectionMessage(err) };
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        // The workflow ends with its resolution: a second click that arrives after that is told who resolved it.
        const done = await this.view(issueId);
        return { ok: false, rejection: `The payer issue was already ${done.status}${done.resolution ? ` by ${done.resolution.by}` : ''}.` };
      }
    },
  };
}

export type PayerIssueGateway = ReturnType<typeof createPayerIssueGateway>;
