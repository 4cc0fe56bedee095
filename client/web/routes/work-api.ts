/**
 * The JSON API of the work: tasks (the worklist), denials (view, timeline, act through the workflow's
 * Updates, documents, packet), KPIs, prevention tasks and the leakage report. Every route names its
 * permission; the work service applies the person's team scope.
 */
import { z } from 'zod';
import { KpiFilterSchema } from '../../../domain/kpis/kpis';
import { DenialSubjectSchema } from '../../../domain/lifecycle/denial-subject';
import { ControlKindSchema } from '../../../domain/prevention/prevention-entry';
import { DENIAL_ACTIONS, isDenialAction, type DenialActionName } from '../../denials/actions';
import { SubmittedClaimMatch } from '../../../services/claims/claim-match';
import { ClaimUnderCorrectionOnFile } from '../../denials/claim-under-correction';
import { actorOf } from '../auth/principal';
import { can } from '../auth/permissions';
import { readBody } from '../http/body';
import { badRequest, conflict, forbidden, HttpError } from '../http/errors';
import { defineRoute, fileBody, respond, type RouteDefinition } from '../http/route';
import type { PreventionGateway } from '../work/prevention-gateway';
import type { ReportRenderer } from '../work/report-renderer';
import type { WorkService } from '../work/work-service';
import { documentHeaders } from './document-headers';

const MAX_DOCUMENT_BYTES = 20_000_000;
export const WorkflowIdParams = z.object({ workflowId: z.string().regex(/^denial-[A-Za-z0-9_-]{8,120}$/, { error: 'expected a denial workflow id (denial-…)' }) });
export const PreventionIdParams = z.object({ preventionId: z.string().regex(/^prevention-[a-z0-9_.-]+$/, { error: 'expected a prevention id (prevention-…)' }) });

/** A filter field: an HTML form sends the ones left empty as "", which mean "any". */
export const OptionalFilter = z
  .string()
  .max(120)
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

export const TaskListQuery = z.object({
  scope: z.enum(['mine', 'team', 'all']).default('team'),
  /** One work team's queue (supervisors; an AR specialist may only name their own). */
  team: OptionalFilter,
  category: OptionalFilter,
  payer: OptionalFilter,
  route: OptionalFilter,
  stage: OptionalFilter,
  assignee: OptionalFilter,
  remittedFrom: OptionalFilter,
  remittedTo: OptionalFilter,
  /** `all` lists closed denials too. */
  state: z.enum(['open', 'all']).default('open'),
  /** `value`: best next, what each denial is expected to bring back with its payer's learned likelihood per hour of a person's work, those due within the policy's urgent days first. */
  sort: z.enum(['deadline', 'dollars', 'value']).default('deadline'),
  /** Search: a patient's name or its beginning, an account or claim number, or a reference (D-XXXXX-XXXXX); every word must match. */
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().nonnegative().default(0),
});

const FactsRow = z.object({
  workflowId: z.string(),
  payerId: z.string(),
  category: z.string(),
  rootCause: z.string(),
  ownerTeam: z.string(),
  route: z.string(),
  stage: z.string(),
  atRiskCents: z.number(),
  chargeCents: z.number(),
  dueDate: z.string().optional(),
  assignee: z.string().optional(),
  workTeam: z.string().optional(),
  taskKind: z.string().optional(),
  remitDate: z.string(),
  /** The short reference people say on the phone (D-XXXXX-XXXXX). */
  reference: z.string(),
  /** Patient, account, payer's claim number, service dates, procedures, payer name; absent for denials from before it was kept. */
  subject: DenialSubjectSchema.optional(),
});
const TaskListSchema = z.object({ total: z.number().int(), rows: z.array(FactsRow) });
const DenialSchema = z.object({
  view: z.record(z.string(), z.unknown()),
  history: z.array(z.record(z.string(), z.unknown())),
  /** Learned from this practice's decided denials with the same payer, category and route; null off a recovery route. */
  recoveryLikelihood: z
    .object({
      cell: z.object({ payerId: z.string(), category: z.string(), route: z.string(), appealLevel: z.number() }),
      probability: z.number(),
      prior: z.number(),
      priorSource: z.string(),
      strength: z.number(),
      won: z.number(),
      decided: z.number(),
      basis: z.string(),
      amount: z.number(),
      cost: z.number(),
      value: z.number(),
    })
    .nullable(),
  /** The submitted claim (837) the denial answers: id, frequency, dates, charge, source file; null when the server keeps no claims. */
  submittedClaim: SubmittedClaimMatch.nullable(),
  /** The matched claim as sent, each value the supplied corrections change marked, and those it cannot carry; null without a matched claim. Holds CLM01, like the page. */
  claimUnderCorrection: ClaimUnderCorrectionOnFile.nullable(),
});
const ActionBody = z.object({ taskId: z.string().optional(), version: z.number().int().nonnegative().optional() }).catchall(z.unknown());
const ActionResult = z.object({ ok: z.boolean(), view: z.record(z.string(), z.unknown()) });
const KpiQuery = z.object({ from: z.string(), to: z.string(), payer: OptionalFilter, team: OptionalFilter, category: OptionalFilter });
const RecordControlBody = z.object({
  taskId: z.string().min(1),
  version: z.number().int().nonnegative(),
  kind: ControlKindSchema,
  what: z.string(),
  effectiveFrom: z.string().optional(),
});

export function kpiFilterOf(q: { from: string; to: string; payer?: string | undefined; team?: string | undefined; category?: string | undefined }) {
  const parsed = KpiFilterSchema.safeParse({ from: q.from, to: q.to, ...(q.payer ? { payerId: q.payer } : {}), ...(q.team ? { ownerTeam: q.team } : {}), ...(q.category ? { category: q.category } : {}) });
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${String(i.path[0] ?? 'query')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Which permission an action needs beyond `tasks:act`. */
export function extraPermissionFor(action: DenialActionName): 'approvals:decide' | undefined {
  return action === 'approve-write-off' || action === 'resolve-problem' ? 'approvals:decide' : undefined;
}

export function workApiRoutes(work: WorkService, prevention: PreventionGateway, reports: ReportRenderer): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/tasks',
      summary: 'The worklist: open denials in the caller’s scope, filtered or searched, sorted by deadline, dollars or best next',
      tags: ['tasks'],
      permission: 'tasks:read',
      query: TaskListQuery,
      response: TaskListSchema,
      handler: ({ principal, query }) =>
        work.worklist(principal, { scope: query.scope, ...(query.team ? { team: query.team } : {}), ...(query.remittedFrom ? { remittedFrom: query.remittedFrom } : {}), ...(query.remittedTo ? { remittedTo: query.remittedTo } : {}), includeClosed: query.state === 'all', category: query.category, payerId: query.payer, route: query.route, stage: query.stage, assignee: query.assignee, ...(query.q ? { q: query.q } : {}), sort: query.sort, limit: query.limit, offset: query.offset }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/tasks/assign',
      summary: 'Assign several denials to a person (bulk assign)',
      tags: ['tasks'],
      permission: 'tasks:assign',
      body: z.object({ workflowIds: z.array(WorkflowIdParams.shape.workflowId).min(1).max(200), to: z.string().min(1).max(120), reason: z.string().min(3).max(500) }),
      response: z.object({ assigned: z.array(z.string()), rejected: z.array(z.object({ workflowId: z.string(), reason: z.string() })) }),
      handler: ({ principal, body }) => work.assign(principal, body.workflowIds, body.to, body.reason),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/denials/:workflowId',
      summary: 'A denial: its current view (task, classification, route, deadline, remittance), its ledger timeline and the submitted claim it answers',
      tags: ['denials'],
      permission: 'tasks:read',
      params: WorkflowIdParams,
      response: DenialSchema,
      otherResponses: { 404: 'no such denial', 403: 'another team works it' },
      handler: async ({ principal, params }) => {
        const d = await work.denial(principal, params.workflowId);
        return { view: d.view as unknown as Record<string, unknown>, history: d.history as unknown as Record<string, unknown>[], recoveryLikelihood: d.recovery ?? null, submittedClaim: d.submittedClaim ?? null, claimUnderCorrection: d.claimUnderCorrection ?? null };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/denials/:workflowId/actions/:action',
      summary: 'Act on a denial through its workflow’s Update (confirm-route, supply-corrections, approve-packet, record-submission, record-payer-decision, approve-write-off, resolve-problem, reassign, note)',
      description: 'Pass the `taskId` and `version` you saw so a stale view is refused (409 with what changed); the body holds the action’s fields.',
      tags: ['denials'],
      permission: 'tasks:act',
      params: WorkflowIdParams.extend({ action: z.string() }),
      body: ActionBody,
      response: ActionResult,
      otherResponses: { 409: 'rejected by the workflow (stale, wrong task, wrong role, invalid data): the message says why' },
      handler: async ({ principal, params, body }) => {
        if (!isDenialAction(params.action) || params.action === 'attach-documents') {
          throw badRequest(`Unknown action ${params.action}: one of ${Object.keys(DENIAL_ACTIONS).filter((a) => a !== 'attach-documents').join(', ')}`);
        }
        const extra = extraPermissionFor(params.action);
        if (extra && !can(principal, extra)) throw forbidden(`${params.action} needs the permission ${extra} (a supervisor).`);
        const { taskId, version, ...data } = body;
        const r = await work.act(principal, params.workflowId, params.action, data, { ...(taskId ? { taskId } : {}), ...(version !== undefined ? { version } : {}) });
        if (!r.ok) throw conflict(r.rejection, { version: r.view.version, taskId: r.view.task?.id ?? null });
        return { ok: true, view: r.view as unknown as Record<string, unknown> };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/denials/:workflowId/documents',
      summary: 'Attach a PDF to the denial (the body is the PDF; name in x-file-name, optional x-description and x-denial-version)',
      tags: ['denials'],
      permission: 'tasks:act',
      params: WorkflowIdParams,
      rawBody: { mediaType: 'application/pdf', description: 'the PDF document' },
      maxBodyBytes: MAX_DOCUMENT_BYTES,
      response: ActionResult,
      status: 201,
      otherResponses: { 400: 'a header is not valid (the message names it)', 409: 'rejected by the workflow: nothing is stored', 415: 'not a PDF', 507: 'accepted, but the server’s disk is full: attach the same file again' },
      handler: async ({ principal, params, req }) => {
        const bytes = await readBody(req, MAX_DOCUMENT_BYTES);
        if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new HttpError(415, 'unsupported_media_type', 'Only PDF documents can be attached: appeal packets merge PDFs.');
        const r = await work.attach(principal, params.workflowId, bytes, documentHeaders(req));
        if (!r.ok) throw conflict(r.rejection, { version: r.view.version });
        return respond(201, { ok: true, view: r.view as unknown as Record<string, unknown> });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/denials/:workflowId/packet.pdf',
      summary: 'The denial’s appeal packet PDF',
      tags: ['denials'],
      permission: 'tasks:read',
      params: WorkflowIdParams,
      query: z.object({ download: z.string().optional() }),
      response: z.any().describe('application/pdf'),
      handler: async ({ principal, params, query }) => {
        const p = await work.packet(principal, params.workflowId);
        return fileBody(p.bytes, 'application/pdf', query.download ? { download: p.name } : { inlineName: p.name });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/kpis',
      summary: 'The leakage KPIs for a period (from, to), filtered by payer, team and category',
      tags: ['kpis'],
      permission: 'kpis:read',
      query: KpiQuery,
      response: z.record(z.string(), z.unknown()),
      handler: async ({ query }) => (await work.kpis(kpiFilterOf(query))) as unknown as Record<string, unknown>,
    }),
    defineRoute({
      method: 'GET',
      path: '/api/prevention',
      summary: 'Prevention tasks: what recurs, how often, what it costs, whether a control is in place',
      tags: ['prevention'],
      permission: 'prevention:read',
      query: z.object({ team: OptionalFilter }),
      response: z.array(z.record(z.string(), z.unknown())),
      handler: async ({ query, principal }) => (await work.preventionBoard(principal, query.team)) as unknown as Record<string, unknown>[],
    }),
    defineRoute({
      method: 'GET',
      path: '/api/prevention/:preventionId',
      summary: 'One prevention task, from its workflow: control, occurrences, repeats, controls recorded, examples',
      tags: ['prevention'],
      permission: 'prevention:read',
      params: PreventionIdParams,
      response: z.record(z.string(), z.unknown()),
      handler: async ({ params, principal }) => (await prevention.view(principal, params.preventionId)) as unknown as Record<string, unknown>,
    }),
    defineRoute({
      method: 'POST',
      path: '/api/prevention/:preventionId/control',
      summary: 'Record the control the owning team put in place (the workflow’s Update)',
      tags: ['prevention'],
      permission: 'prevention:act',
      params: PreventionIdParams,
      body: RecordControlBody,
      response: z.record(z.string(), z.unknown()),
      otherResponses: { 409: 'rejected: stale, already in place, or invalid' },
      handler: async ({ params, body, principal }) => {
        const r = await prevention.recordControl(principal, params.preventionId, { ...body, actor: actorOf(principal) } as never);
        if (!r.ok) throw conflict(r.rejection);
        return r.view as unknown as Record<string, unknown>;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/reports/leakage.pdf',
      summary: 'The leakage report PDF for any period (from, to), filtered by payer, team and category',
      tags: ['reports'],
      permission: 'reports:read',
      query: KpiQuery,
      response: z.any().describe('application/pdf'),
      handler: async ({ query }) => {
        const filter = kpiFilterOf(query);
        return fileBody(await reports.render(filter), 'application/pdf', { inlineName: `leakage-report-${filter.from}-to-${filter.to}.pdf` });
      },
    }),
  ];
}
