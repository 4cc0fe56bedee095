// GET /api/openapi.json: one OpenAPI 3.1 document generated from the route table, listing every API route
// with its permission, security, parameters, bodies and responses, and no dangling $ref.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../client/web/http/openapi';
import { compilePath } from '../../client/web/http/path-pattern';
import { testRoutes } from './support/test-routes';
import { startProductApp } from './support/test-app';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};
type Operation = {
  operationId: string;
  description: string;
  'x-permission': string;
  security: Record<string, string[]>[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
};

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

function resolve(doc: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

describe('OpenAPI document', () => {
  let product: Awaited<ReturnType<typeof startProductApp>>;
  let doc: Doc;

  beforeAll(async () => {
    product = await startProductApp(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')));
    const r = await fetch(`${product.base}/api/openapi.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    doc = JSON.parse(await r.text()) as Doc;
  });

  afterAll(async () => {
    await product?.close();
  });

  it('is OpenAPI 3.1 with the cookie session and API key schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toEqual({
      sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'denials_session' }),
      bearerApiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      headerApiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    });
    expect(doc.components.schemas.ErrorBody).toMatchObject({ type: 'object', required: ['code', 'message', 'details'] });
  });

  it('lists every API route of the app, with its permission, and no page', () => {
    const api = product.app.router.routes.filter((r) => r.kind === 'api');
    expect(api.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/health',
      'GET /api/openapi.json',
      'GET /api/remittances/:reportId',
      'GET /api/session',
      'POST /api/remittances',
    ]);
    for (const route of api) {
      const op = doc.paths[compilePath(route.path).openApiPath]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op!['x-permission']).toBe(route.permission);
      expect(op!.responses[String(route.status ?? 200)]).toBeDefined();
      expect(op!.responses['500']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    }
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
    const ingest = doc.paths['/api/remittances']!.post!;
    expect(ingest.description).toContain('Requires permission `remittances:ingest` (roles: supervisor, automation, admin).');
    expect(ingest.description).toContain('x-csrf-token');
    expect(ingest.security).toEqual([{ sessionCookie: [] }, { bearerApiKey: [] }, { headerApiKey: [] }]);
    expect(ingest.requestBody!.content['application/edi-x12']!.schema).toEqual({ type: 'string', format: 'binary' });
    expect(ingest.responses['202']!.content!['application/json']!.schema).toMatchObject({ required: ['reportId', 'status', 'bytes', 'report'] });
    expect(Object.keys(ingest.responses).sort()).toEqual(['202', '400', '401', '403', '413', '500', '507']);
    expect(doc.paths['/api/health']!.get!.security).toEqual([]);
    expect(doc.paths['/api/health']!.get!.description).toContain('Public: no sign-in needed.');
    const report = doc.paths['/api/remittances/{reportId}']!.get!;
    expect(report.parameters).toEqual([{ name: 'reportId', in: 'path', required: true, schema: { type: 'string', pattern: '^rpt-[0-9a-f-]{36}$' } }]);
  });

  it('every $ref resolves inside the document', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) expect(resolve(doc, ref), ref).toBeDefined();
  });

  it('turns params, query and body schemas into parameters and a request body', () => {
    const generated = openApiDocument(testRoutes, { title: 'test', version: '0' }) as unknown as Doc;
    const list = generated.paths['/api/tasks']!.get!;
    expect(list.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 50, minimum: 1, maximum: 500 } },
      { name: 'team', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(list.description).toBe('Requires permission `tasks:read` (roles: ar_specialist, supervisor, admin).');
    const assign = generated.paths['/api/tasks/{workflowId}/assign']!.post!;
    expect(assign.parameters[0]).toMatchObject({ name: 'workflowId', in: 'path', required: true });
    expect(assign.requestBody!.content['application/json']!.schema).toMatchObject({ type: 'object', required: ['assignee', 'version'], additionalProperties: false });
    expect(Object.keys(assign.responses).sort()).toEqual(['200', '400', '401', '403', '404', '413', '500']);
    const operationIds = Object.values(generated.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(operationIds).toContain('postApiTasksWorkflowIdAssign');
    expect(new Set(operationIds).size).toBe(testRoutes.filter((r) => r.kind === 'api').length);
  });
});
