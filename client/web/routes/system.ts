/**
 * Public routes: the start page (`/`, which sends each person to their work), the status page, GET
 * /api/health and the OpenAPI document of the whole route table. The status page and health say ok or not
 * to anyone, and the deployment's details to admins only.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../../runtime/config';
import type { Principal } from '../auth/principal';
import { PACKAGE_VERSION } from '../../../runtime/package-root';
import { checkHealth, checkPublicHealth, showsHealthDetails, type HealthReport } from '../health';
import { openApiDocument } from '../http/openapi';
import { definePage, defineRoute, htmlPage, redirect, respond, type RouteDefinition } from '../http/route';
import { viewerOf } from '../pages/layout';
import { renderStatusPage } from '../status-page';

export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  temporal: z.object({
    address: z.string(),
    namespace: z.string(),
    taskQueue: z.string(),
    embedded: z.boolean(),
    reachable: z.boolean(),
    serverVersion: z.string().optional(),
    error: z.string().optional(),
  }),
  workflows: z.object({ runningDenials: z.number() }).optional(),
  webUiUrl: z.string(),
  checkedAt: z.string(),
});
// Fails to compile when HealthReport changes without this schema.
const _sameShape: z.infer<typeof HealthReportSchema> = {} as HealthReport;
const PublicHealthSchema = HealthReportSchema.pick({ status: true }).strict();

/** Where `/` takes a person: the work their role does; the deployment's state for admins and keys. */
export function landingFor(principal: Principal | undefined): string {
  switch (principal?.role) {
    case undefined:
      return '/login';
    case 'ar_specialist':
      return '/worklist';
    case 'supervisor':
      return '/dashboard';
    case 'admin':
    case 'automation':
      return '/status';
  }
}

export function systemRoutes(client: Client, config: Config): RouteDefinition[] {
  const health = (principal: Principal | undefined) => (showsHealthDetails(principal) ? checkHealth(client, config) : checkPublicHealth(client));
  return [
    definePage({
      path: '/',
      summary: 'The start page: a specialist’s worklist, a supervisor’s dashboard, the status page for admins, the sign-in form for anyone not signed in',
      permission: 'public',
      handler: ({ principal }) => redirect(landingFor(principal)),
    }),
    definePage({
      path: '/status',
      summary: 'The status page: healthy or degraded to anyone (503 when degraded), with the deployment’s details for admins',
      permission: 'public',
      handler: async ({ principal, csrfToken }) => {
        const h = await health(principal);
        return htmlPage(renderStatusPage(h, principal && viewerOf(principal, csrfToken)), h.status === 'ok' ? 200 : 503);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/health',
      summary: 'Whether the service is healthy; with the details (Temporal, versions, running denials) for admins',
      description: '503 with the same body when Temporal is not reachable. Anyone but a signed-in admin gets `{ status }` only.',
      tags: ['system'],
      permission: 'public',
      response: HealthReportSchema.or(PublicHealthSchema),
      otherResponses: { 503: 'degraded: Temporal is not reachable' },
      handler: async ({ principal }) => {
        const h = await health(principal);
        return h.status === 'ok' ? h : respond(503, h);
      },
    }),
  ];
}

/** GET /api/openapi.json over `routes`, itself included; built on first request, then cached. */
export function openApiRoute(routes: () => readonly RouteDefinition[], serverUrl?: string): RouteDefinition {
  let doc: Record<string, unknown> | undefined;
  return defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    tags: ['system'],
    permission: 'public',
    response: z.record(z.string(), z.unknown()),
    handler: () => (doc ??= openApiDocument(routes(), { title: 'Denial orchestration API', version: PACKAGE_VERSION, serverUrl })),
  });
}
