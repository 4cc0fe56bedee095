/**
 * The web app's pages: worklist, denial (task) page, dashboard and prevention. Forms post back here with
 * the session's CSRF token; a rejection by the workflow re-renders the page with the message beside the
 * form and what the person typed, so nothing is lost.
 */
import { z } from 'zod';
import { addDays } from '../../../domain/policy/dates';
import { isDenialAction } from '../../denials/actions';
import { actorOf, type Principal } from '../auth/principal';
import { can } from '../auth/permissions';
import { forbidden, notFound } from '../http/errors';
import { definePage, htmlPage, redirect, type RouteDefinition } from '../http/route';
import { renderDashboardPage } from '../pages/dashboard-page';
import { query } from '../pages/html';
import { viewerOf } from '../pages/layout';
import { renderPreventionBoard, renderPreventionTask } from '../pages/prevention-page';
import { renderTaskPage, type FormProblem } from '../pages/task-page';
import type { StaffName } from '../pages/people';
import { renderWorklistPage } from '../pages/worklist-page';
import type { PreventionGateway } from '../work/prevention-gateway';
import { formToActionData } from '../work/forms';
import type { WorkService } from '../work/work-service';
import { Flash, Form, okFlash, single } from './page-forms';
import { extraPermissionFor, kpiFilterOf, OptionalFilter, PreventionIdParams, TaskListQuery, WorkflowIdParams } from './work-api';

const PAGE_SIZE = 50;

const today = () => new Date().toISOString().slice(0, 10);

export interface PageDeps {
  work: WorkService;
  prevention: PreventionGateway;
  /** Link to a workflow in the Temporal Web UI. */
  webUiLink(workflowId: string): string | undefined;
  /** The people who work denials (enabled specialists and supervisors): whom a supervisor can assign to, and the names shown for ids. */
  staff(): Promise<StaffName[]>;
}


/** What a worklist opens sorted by: an AR specialist works the money first (#16), a supervisor watches deadlines. */
function defaultSort(principal: Principal): 'value' | 'deadline' {
  return principal.role === 'ar_specialist' ? 'value' : 'deadline';
}

export function workPages(deps: PageDeps): RouteDefinition[] {
  const { work, prevention } = deps;

  async function taskPage(principal: Principal, csrf: string | undefined, workflowId: string, extra: { problem?: FormProblem; done?: string } = {}, status = 200) {
    const [{ view, history, recovery, submittedClaim, claimUnderCorrection }, staff] = await Promise.all([work.denial(principal, workflowId), deps.staff()]);
    const flash = okFlash(extra.done);
    return htmlPage(
      renderTaskPage({ viewer: viewerOf(principal, csrf), view, history, ...(recovery ? { recovery } : {}), ...(submittedClaim ? { submittedClaim } : {}), ...(claimUnderCorrection ? { claimUnderCorrection } : {}), staff, today: today(), ...(deps.webUiLink(workflowId) ? { webUiLink: deps.webUiLink(workflowId)! } : {}), ...(extra.problem ? { problem: extra.problem } : {}), ...(flash ? { flash } : {}) }),
      status,
    );
  }

  return [
    definePage({
      path: '/worklist',
      summary: 'The worklist page',
      permission: 'tasks:read',
      // No default sort in the query: a specialist starts with best next, everyone else with deadlines.
      query: TaskListQuery.omit({ limit: true }).extend({ sort: TaskListQuery.shape.sort.unwrap().optional(), done: z.string().max(300).optional() }),
      handler: async ({ principal, csrfToken, query }) => {
        const q = { ...query, sort: query.sort ?? defaultSort(principal) };
        const range = { ...(q.remittedFrom ? { remittedFrom: q.remittedFrom } : {}), ...(q.remittedTo ? { remittedTo: q.remittedTo } : {}), ...(q.state === 'all' ? { includeClosed: true } : {}) };
        const page = await work.worklist(principal, { scope: q.scope, ...(q.team ? { team: q.team } : {}), ...range, category: q.category, payerId: q.payer, route: q.route, stage: q.stage, assignee: q.assignee, ...(q.q ? { q: q.q } : {}), sort: q.sort, limit: PAGE_SIZE, offset: q.offset });
        const flash = okFlash(q.done);
        return renderWorklistPage({
          viewer: viewerOf(principal, csrfToken),
          filters: { scope: q.scope, ...(q.team ? { team: q.team } : {}), ...range, ...(q.category ? { category: q.category } : {}), ...(q.payer ? { payerId: q.payer } : {}), ...(q.route ? { route: q.route } : {}), ...(q.stage ? { stage: q.stage } : {}), ...(q.assignee ? { assignee: q.assignee } : {}), ...(q.q ? { q: q.q } : {}), sort: q.sort, offset: q.offset },
          rows: page.rows,
          total: page.total,
          pageSize: PAGE_SIZE,
          today: today(),
          staff: await deps.staff(),
          canAssign: can(principal, 'tasks:assign'),
          ...(flash ? { flash } : {}),
        });
      },
    }),
    definePage({
      method: 'POST',
      path: '/worklist/assign',
      summary: 'Bulk assign from the worklist',
      permission: 'tasks:assign',
      body: Form,
      handler: async ({ principal, body }) => {
        const ids = ([] as string[]).concat(body.workflowId ?? []).filter((id) => WorkflowIdParams.shape.workflowId.safeParse(id).success);
        const f = single(body);
        const { assigned, rejected } = await work.assign(principal, ids, f.to ?? '', f.reason ?? '');
        const refused = rejected.map((r) => `${r.workflowId.slice(0, 15)}…: ${r.reason}`);
        const done = ids.length ? `Assigned ${assigned.length} of ${ids.length} to ${f.to}.${refused.length ? ` Refused: ${refused.join(' ')}` : ''}` : 'Select the denials to assign first.';
        return redirect(`/worklist${query({ scope: 'all', done: done.slice(0, 300) })}`);
      },
    }),

    definePage({
      path: '/denials/:workflowId',
      summary: 'The denial (task) page',
      permission: 'tasks:read',
      params: WorkflowIdParams,
      query: Flash,
      handler: ({ principal, csrfToken, params, query: q }) => taskPage(principal, csrfToken, params.workflowId, { ...(q.done ? { done: q.done } : {}) }),
    }),
    definePage({
      method: 'POST',
      path: '/denials/:workflowId/act/:action',
      summary: 'Complete a task or act on the denial from its page',
      permission: 'tasks:act',
      params: WorkflowIdParams.extend({ action: z.string() }),
      body: Form,
      handler: async ({ principal, csrfToken, params, body }) => {
        if (!isDenialAction(params.action)) throw notFound(`No action ${params.action}.`);
        const extra = extraPermissionFor(params.action);
        if (extra && !can(principal, extra)) throw forbidden(`${params.action} needs a supervisor.`);
        const f = single(body);
        const action = params.action;
        const seen = { ...(f.taskId ? { taskId: f.taskId } : {}), ...(/^\d+$/.test(f.version ?? '') ? { version: Number(f.version) } : {}) };
        const r = await work.act(principal, params.workflowId, action, (view) => formToActionData(action, f, view), seen);
        if (r.ok) return redirect(`/denials/${params.workflowId}${query({ done: `Done: ${params.action.replace(/-/g, ' ')}.` })}`);
        return taskPage(principal, csrfToken, params.workflowId, { problem: { action: params.action, message: r.rejection, values: f } }, 409);
      },
    }),
    definePage({
      path: '/dashboard',
      summary: 'The supervisor dashboard',
      permission: 'kpis:read',
      query: z.object({ from: OptionalFilter, to: OptionalFilter, payer: OptionalFilter, team: OptionalFilter, category: OptionalFilter }),
      handler: async ({ principal, csrfToken, query: q }) => {
        const to = q.to || today();
        const filter = kpiFilterOf({ from: q.from || addDays(to, -29), to, ...(q.payer ? { payer: q.payer } : {}), ...(q.team ? { team: q.team } : {}), ...(q.category ? { category: q.category } : {}) });
        const d = await work.dashboard(filter);
        return renderDashboardPage({ viewer: viewerOf(principal, csrfToken), kpis: d.kpis, trend: d.trend, workload: d.workload, valueBands: d.valueBands, silentMoney: d.silentMoney, payerShifts: d.payerShifts, prevention: await work.preventionBoard(principal, filter.ownerTeam) });
      },
    }),

    definePage({
      path: '/prevention',
      summary: 'The prevention board',
      permission: 'prevention:read',
      query: z.object({ team: OptionalFilter }),
      handler: async ({ principal, csrfToken, query: q }) => renderPreventionBoard(viewerOf(principal, csrfToken), (await work.preventionBoard(principal, q.team)).sort((a, b) => b.totalCents - a.totalCents), q.team),
    }),
    definePage({
      path: '/prevention/:preventionId',
      summary: 'A prevention task',
      permission: 'prevention:read',
      params: PreventionIdParams,
      query: Flash,
      handler: async ({ principal, csrfToken, params, query: q }) =>
        renderPreventionTask(viewerOf(principal, csrfToken), await prevention.view(principal, params.preventionId), undefined, okFlash(q.done)),
    }),
    definePage({
      method: 'POST',
      path: '/prevention/:preventionId/control',
      summary: 'Record the control in place, from the prevention task page',
      permission: 'prevention:act',
      params: PreventionIdParams,
      body: Form,
      handler: async ({ principal, csrfToken, params, body }) => {
        const f = single(body);
        const r = await prevention.recordControl(principal, params.preventionId, {
          taskId: f.taskId ?? '',
          version: Number(f.version ?? -1),
          actor: actorOf(principal),
          kind: (f.kind ?? 'other') as never,
          what: f.what ?? '',
          ...(f.effectiveFrom ? { effectiveFrom: f.effectiveFrom } : {}),
        });
        if (r.ok) return redirect(`/prevention/${params.preventionId}${query({ done: 'Control recorded: the task reopens if the defect comes back.' })}`);
        const v = await prevention.view(principal, params.preventionId);
        return htmlPage(renderPreventionTask(viewerOf(principal, csrfToken), v, { action: 'record-control', message: r.rejection, values: f }), 409);
      },
    }),
  ];
}
