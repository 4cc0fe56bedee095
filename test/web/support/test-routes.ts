/** A small route table like the ones the web app will grow: params, query, body, team scope, errors, a page. */
import { z } from 'zod';
import { canAccessTeam } from '../../../client/web/auth/permissions';
import { UserIdSchema } from '../../../client/web/auth/principal';
import { conflict, notFound } from '../../../client/web/http/errors';
import { definePage, defineRoute, htmlPage, redirect, type RouteDefinition } from '../../../client/web/http/route';
import { escapeHtml } from '../../../client/web/pages/html';

const Task = z.object({ workflowId: z.string(), team: z.string(), version: z.number().int() });
const WorkflowParams = z.object({ workflowId: z.string().regex(/^denial-[a-z0-9-]+$/, { error: 'expected a denial workflow id such as denial-0f3a' }) });
const TEAM_OF: Record<string, string> = { 'denial-a1': 'ar_follow_up', 'denial-c1': 'coding' };

export const testRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    path: '/api/tasks',
    summary: 'List tasks',
    permission: 'tasks:read',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), team: z.string().optional() }),
    response: z.object({ items: z.array(Task), limit: z.number() }),
    handler: ({ query }) => ({ items: [], limit: query.limit }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/tasks/:workflowId',
    summary: 'One task',
    permission: 'tasks:read',
    params: WorkflowParams,
    response: Task,
    handler: ({ params, principal }) => {
      const team = TEAM_OF[params.workflowId];
      // Another team's work is as invisible as missing work.
      if (!team || !canAccessTeam(principal, team)) throw notFound(`No task for ${params.workflowId}.`);
      return { workflowId: params.workflowId, team, version: 3 };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/tasks/:workflowId/assign',
    summary: 'Assign a task',
    permission: 'tasks:assign',
    params: WorkflowParams,
    body: z.strictObject({ assignee: UserIdSchema, version: z.coerce.number().int() }),
    response: z.object({ workflowId: z.string(), assignee: z.string(), by: z.object({ id: z.string(), role: z.string() }) }),
    handler: ({ params, body, actor }) => {
      if (body.version !== 3) throw conflict(`The task changed since version ${body.version} (now 3): reload it.`, { current: 3 });
      return { workflowId: params.workflowId, assignee: body.assignee, by: actor };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/intake-probe',
    summary: 'Who is ingesting',
    permission: 'remittances:ingest',
    response: z.object({ actor: z.object({ id: z.string(), role: z.string() }) }),
    handler: ({ actor }) => ({ actor }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/boom',
    summary: 'Fails',
    permission: 'signed_in',
    response: z.object({}),
    handler: () => {
      throw new Error('database password is hunter2 at /srv/app.ts:12');
    },
  }),
  definePage({
    method: 'POST',
    path: '/notes',
    summary: 'Add a note from a form',
    permission: 'tasks:act',
    body: z.object({ text: z.string().trim().min(3, { error: 'write a few words' }) }),
    handler: () => redirect('/worklist'),
    onInvalid: (_ctx, issues) => htmlPage(issues.map((i) => `<p role="alert">${escapeHtml(`${i.path}: ${i.message}`)}</p>`).join(''), 400),
  }),
  definePage({
    path: '/worklist',
    summary: 'Worklist page',
    permission: 'tasks:read',
    handler: ({ principal }) => `<p>Hello ${escapeHtml(principal.id)}</p>`,
  }),
];
