/**
 * The OpenAPI 3.1 document, generated from the route table's zod schemas (`z.toJSONSchema`, JSON Schema
 * 2020-12 as OpenAPI 3.1 expects). Pages are left out: they are for browsers, not API clients.
 */
import { z } from 'zod';
import { rolesWith } from '../auth/permissions';
import { SESSION_COOKIE } from '../auth/sessions';
import { ErrorBodySchema } from './errors';
import { compilePath } from './path-pattern';
import type { RouteDefinition } from './route';

type JsonSchema = Record<string, unknown>;
type Components = Record<string, JsonSchema>;

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };

/**
 * One schema as OpenAPI wants it: no `$schema`, and schemas that carry a zod `id` (`.meta({ id })`)
 * moved from `$defs` to `components/schemas` so every operation refers to the same one.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Components): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  Object.assign(components, ($defs as Components | undefined) ?? {});
  return rest;
}

function accessText(def: RouteDefinition): string {
  if (def.permission === 'public') return 'Public: no sign-in needed.';
  if (def.permission === 'signed_in') return 'Any signed-in user or API key.';
  return `Requires permission \`${def.permission}\` (roles: ${rolesWith(def.permission).join(', ')}).`;
}

/** Path or query parameters: one entry per property of the object schema. */
function parameters(where: 'path' | 'query', schema: z.ZodType | undefined, components: Components): JsonSchema[] {
  if (!schema) return [];
  const s = toSchema(schema, 'input', components) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) };
  });
}

function errorResponses(def: RouteDefinition): Record<string, string> {
  const errors: Record<string, string> = {};
  if (def.params || def.query || def.body) errors['400'] = 'invalid_request: the params, query or body do not match the schema (details.issues names each field)';
  if (def.permission !== 'public') {
    errors['401'] = 'unauthenticated: no session or API key, or it expired or was revoked';
    errors['403'] = 'forbidden: the role lacks the permission; csrf_token_missing or csrf_token_invalid: a cookie-authenticated change without the session CSRF token';
  }
  if (def.params) errors['404'] = 'not_found';
  if (def.body || def.rawBody) errors['413'] = 'too_large: the body is over the limit';
  return { ...errors, '500': 'internal: see the server log' };
}

function operation(def: RouteDefinition, components: Components): JsonSchema {
  const csrf = def.method !== 'GET' && def.permission !== 'public' && def.csrf !== 'exempt' ? ' Cookie sessions must send the `x-csrf-token` header (from GET /api/session).' : '';
  const responses: Record<string, JsonSchema> = {
    [String(def.status ?? 200)]: {
      description: def.summary,
      ...(def.response ? { content: { 'application/json': { schema: toSchema(def.response, 'output', components) } } } : {}),
    },
  };
  for (const [status, description] of Object.entries(def.otherResponses ?? {})) responses[status] = { description, content: { 'application/json': { schema: {} } } };
  for (const [status, description] of Object.entries(errorResponses(def))) {
    responses[status] ??= { description, content: { 'application/json': { schema: ERROR_REF } } };
  }
  const requestBody = def.body
    ? { required: true, content: { 'application/json': { schema: toSchema(def.body, 'input', components) } } }
    : def.rawBody
      ? { required: true, description: def.rawBody.description, content: { [def.rawBody.mediaType]: { schema: { type: 'string', format: 'binary' } } } }
      : undefined;
  return {
    operationId: `${def.method.toLowerCase()}${def.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: def.summary,
    description: [def.description, accessText(def) + csrf].filter(Boolean).join('\n\n'),
    ...(def.tags ? { tags: def.tags } : {}),
    'x-permission': def.permission,
    security: def.permission === 'public' ? [] : [{ sessionCookie: [] }, { bearerApiKey: [] }, { headerApiKey: [] }],
    parameters: [...parameters('path', def.params, components), ...parameters('query', def.query, components)],
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly RouteDefinition[], info: { title: string; version: string; serverUrl?: string }): JsonSchema {
  const components: Components = { ErrorBody: toSchema(ErrorBodySchema, 'output', {}) };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const def of routes.filter((r) => r.kind === 'api')) {
    const path = compilePath(def.path).openApiPath;
    (paths[path] ??= {})[def.method.toLowerCase()] = operation(def, components);
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: 'Errors are `{ code, message, details }` with the matching HTTP status.' },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session from POST /login; writes also need the x-csrf-token header.' },
        bearerApiKey: { type: 'http', scheme: 'bearer', description: 'An API key `dk_<id>_<secret>` (npm run users -- keys create).' },
        headerApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same API key in the x-api-key header.' },
      },
    },
  };
}
