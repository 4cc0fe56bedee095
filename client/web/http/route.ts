/**
 * The route table's vocabulary. An API route declares its method, path, permission and the zod schemas of
 * its params, query, body and response; the router parses and checks everything before the handler runs,
 * and the OpenAPI document is generated from the same declarations. A page route does the same for HTML.
 */
import type http from 'node:http';
import type { z } from 'zod';
import type { Actor } from '../../../domain/lifecycle/tasks';
import type { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import type { CorsPolicy } from './cors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public`: anyone; `signed_in`: any person or API key; otherwise the permission the route needs. */
export type Access = Permission | 'public' | 'signed_in';

type MaybeSchema = z.ZodType | undefined;
type Out<S extends MaybeSchema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RequestContext<A extends Access = Access> {
  req: http.IncomingMessage;
  url: URL;
  /** Who is asking; always set unless the route is public. */
  principal: A extends 'public' ? Principal | undefined : Principal;
  /** The principal as the ledger records it. */
  actor: A extends 'public' ? Actor | undefined : Actor;
  /** The session's CSRF token to put in forms; undefined for API keys and anonymous requests. */
  csrfToken: string | undefined;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
}

export type ParsedContext<A extends Access, P extends MaybeSchema, Q extends MaybeSchema, B extends MaybeSchema> = RequestContext<A> & {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
};

/** A response with a status other than the route's default, e.g. `respond(202, { status: 'processing' })`. */
export class Reply<T> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function respond<T>(status: number, body: T, headers?: Record<string, string>): Reply<T> {
  return new Reply(status, body, headers);
}

interface RouteCommon<A extends Access, P extends MaybeSchema, Q extends MaybeSchema, B extends MaybeSchema> {
  path: string;
  summary: string;
  permission: A;
  params?: P;
  query?: Q;
  /** A JSON body, or an HTML form's fields (strings: use z.coerce for numbers), validated before the handler runs. */
  body?: B;
  /** Overrides the router's body size limit for this route. */
  maxBodyBytes?: number;
}

export interface ApiRouteSpec<A extends Access, P extends MaybeSchema, Q extends MaybeSchema, B extends MaybeSchema, R extends z.ZodType>
  extends RouteCommon<A, P, Q, B> {
  method: HttpMethod;
  description?: string;
  tags?: string[];
  /** A body that is not JSON (an 835 file, a PDF): not read by the router; the handler streams `ctx.req`. */
  rawBody?: { mediaType: string; description: string };
  response: R;
  /** The status of a plain return value; default 200. */
  status?: number;
  /** Other statuses the handler returns (with `respond()` or by throwing), for the OpenAPI document. */
  otherResponses?: Record<number, string>;
  /**
   * `exempt`: a cookie session may call it without the CSRF token. Only for routes that change nothing
   * and whose response only the route's CORS origin can read (the codec endpoint); say why at the route.
   */
  csrf?: 'exempt';
  /** Lets one other origin call this route with credentials (the router also answers its preflight). */
  cors?: CorsPolicy;
  handler(ctx: ParsedContext<A, P, Q, B>): Promise<z.output<R> | Reply<z.output<R>>> | z.output<R> | Reply<z.output<R>>;
}

/** What a page handler returns: HTML (status 200), an `HtmlPage` with a status, or a `Redirect`. */
export type PageResult = string | HtmlPage | Redirect | FileBody;

export class HtmlPage {
  constructor(
    readonly html: string,
    readonly status = 200,
    readonly headers: Record<string, string> = {},
  ) {}
}

export class Redirect {
  constructor(
    readonly location: string,
    readonly status = 303,
  ) {}
}

/** Bytes with their media type: a PDF, a stylesheet, a script. `download` names the file to save as. */
export class FileBody {
  constructor(
    readonly bytes: Uint8Array | string,
    readonly contentType: string,
    readonly opts: { download?: string; inlineName?: string; cache?: string } = {},
  ) {}
}

export const fileBody = (bytes: Uint8Array | string, contentType: string, opts?: FileBody['opts']) => new FileBody(bytes, contentType, opts);

export const htmlPage = (html: string, status = 200, headers?: Record<string, string>) => new HtmlPage(html, status, headers);
export const redirect = (location: string) => new Redirect(location);

export interface PageRouteSpec<A extends Access, P extends MaybeSchema, Q extends MaybeSchema, B extends MaybeSchema> extends RouteCommon<A, P, Q, B> {
  method?: 'GET' | 'POST';
  handler(ctx: ParsedContext<A, P, Q, B>): Promise<PageResult> | PageResult;
  /** Renders the page again when the params, query or form do not validate (e.g. the form with inline errors). */
  onInvalid?(ctx: RequestContext<A>, issues: { path: string; message: string }[]): Promise<PageResult> | PageResult;
}

/** A route as the router and the OpenAPI generator see it, its types erased. */
export interface RouteDefinition {
  kind: 'api' | 'page';
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  permission: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  rawBody?: { mediaType: string; description: string };
  maxBodyBytes?: number;
  response?: z.ZodType;
  status?: number;
  otherResponses?: Record<number, string>;
  csrf?: 'exempt';
  cors?: CorsPolicy;
  handler(ctx: ParsedContext<Access, z.ZodType, z.ZodType, z.ZodType>): unknown;
  onInvalid?(ctx: RequestContext, issues: { path: string; message: string }[]): unknown;
}

export function defineRoute<A extends Access, R extends z.ZodType, P extends MaybeSchema = undefined, Q extends MaybeSchema = undefined, B extends MaybeSchema = undefined>(
  spec: ApiRouteSpec<A, P, Q, B, R>,
): RouteDefinition {
  if (spec.body && spec.rawBody) throw new Error(`${spec.method} ${spec.path}: a route takes a JSON body or a raw body, not both.`);
  return { kind: 'api', ...(spec as unknown as Omit<RouteDefinition, 'kind'>) };
}

export function definePage<A extends Access, P extends MaybeSchema = undefined, Q extends MaybeSchema = undefined, B extends MaybeSchema = undefined>(
  spec: PageRouteSpec<A, P, Q, B>,
): RouteDefinition {
  return { kind: 'page', ...(spec as unknown as Omit<RouteDefinition, 'kind' | 'method'>), method: spec.method ?? 'GET' };
}
