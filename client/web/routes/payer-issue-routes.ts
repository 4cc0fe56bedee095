/**
 * Payer issues on the web (issue #16, item 5): the page supervisors reach from the dashboard's payer
 * alerts, its evidence PDF, and the form that escalates or dismisses it through the workflow's Update.
 */
import { z } from 'zod';
import { actorOf } from '../auth/principal';
import { defineRoute, definePage, fileBody, htmlPage, redirect, type RouteDefinition } from '../http/route';
import { query } from '../pages/html';
import { viewerOf } from '../pages/layout';
import { renderPayerIssuePage } from '../pages/payer-issue-page';
import type { PayerIssueGateway } from '../work/payer-issue-gateway';
import { Flash, Form, okFlash, single } from './page-forms';

const IssueParams = z.object({ issueId: z.string().regex(/^payer-issue-[A-Za-z0-9._-]{1,160}$/, { error: 'expected a payer issue id (payer-issue-…)' }) });

export function payerIssueRoutes(issues: PayerIssueGateway): RouteDefinition[] {
  return [
    definePage({
      path: '/payer-issues/:issueId',
      summary: 'A payer issue: the alert, its evidence, and the escalation',
      permission: 'kpis:read',
      params: IssueParams,
      query: Flash,
      handler: async ({ principal, csrfToken, params, query: q }) =>
        renderPayerIssuePage(viewerOf(principal, csrfToken), await issues.view(params.issueId), undefined, okFlash(q.done)),
    }),
    definePage({
      method: 'POST',
      path: '/payer-issues/:issueId/resolve',
      summary: 'Escalate a payer issue to the payer, or dismiss it',
      permission: 'approvals:decide',
      params: IssueParams,
      body: Form,
      handler: async ({ principal, csrfToken, params, body }) => {
        const f = single(body);
        const r = await issues.resolve(params.issueId, {
          taskId: f.taskId ?? '',
          version: Number(f.version ?? -1),
          actor: actorOf(principal),
          action: (f.action === 'dismissed' ? 'dismissed' : 'escalated'),
          ...(f.payerReference?.trim() ? { payerReference: f.payerReference.trim() } : {}),
          reason: f.reason ?? '',
        });
        if (r.ok) return redirect(`/payer-issues/${params.issueId}${query({ done: r.view.status === 'escalated' ? 'Escalated to the payer.' : 'Dismissed.' })}`);
        const v = await issues.view(params.issueId);
        return htmlPage(renderPayerIssuePage(viewerOf(principal, csrfToken), v, { action: 'resolve-payer-issue', message: r.rejection, values: f }), 409);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/payer-issues/:issueId/evidence.pdf',
      summary: 'The evidence PDF of a payer issue, for the payer escalation',
      tags: ['reports'],
      permission: 'reports:read',
      params: IssueParams,
      response: z.any().describe('application/pdf'),
      handler: async ({ params }) => {
        const pdf = await issues.evidencePdf(params.issueId);
        return fileBody(pdf.bytes, 'application/pdf', { inlineName: pdf.name });
      },
    }),
  ];
}
