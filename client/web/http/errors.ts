/**
 * Every error the API returns: `{ code, message, details }` with the matching status. Handlers throw an
 * `HttpError` (or use the helpers); anything else becomes a 500 `internal` without a stack.
 */
import { z } from 'zod';

export const ErrorBodySchema = z.object({
  code: z.string().describe('stable machine-readable code, e.g. invalid_request, forbidden, not_found'),
  message: z.string().describe('what went wrong and what to do about it, for people'),
  details: z.record(z.string(), z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) => new HttpError(400, 'invalid_request', message, details);
export const unauthenticated = (message: string) => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message: string, details?: Record<string, unknown>) => new HttpError(403, 'forbidden', message, details);
export const notFound = (message: string, details?: Record<string, unknown>) => new HttpError(404, 'not_found', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) => new HttpError(409, 'conflict', message, details);
export const tooLarge = (message: string, limit: number) => new HttpError(413, 'too_large', message, { limit });

export const INTERNAL_ERROR: ErrorBody = { code: 'internal', message: 'The server could not handle this request; see the server log.', details: {} };

export type RequestPart = 'params' | 'query' | 'body';

/** A zod failure as a 400 naming each field and what it expects: `{ path: 'body.route', message }`. */
export function invalidRequest(part: RequestPart, error: z.ZodError): HttpError {
  const issues = error.issues.map((i) => ({ path: [part, ...i.path.map(String)].join('.'), message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return badRequest(`The request ${part === 'body' ? 'body' : part === 'query' ? 'query string' : 'path'} is not valid: ${summary}`, { issues });
}
