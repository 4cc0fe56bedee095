/** Request bodies: read up to a limit (413 beyond it), then JSON or an HTML form into a plain object. */
import type http from 'node:http';
import { badRequest, HttpError, tooLarge } from './errors';

/** "2 kB", "100 MB": sizes in limits and their messages. */
export function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${Math.round(bytes / 1_000_000)} MB` : `${Math.round(bytes / 1000)} kB`;
}

export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const over = () => tooLarge(`The request body is over the ${formatBytes(limit)} limit of this endpoint; send less per request.`, limit);
  if (declared > limit) {
    req.resume();
    throw over();
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) {
      req.resume();
      throw over();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A form's fields; a name given more than once becomes an array. */
function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const prior = fields[name];
    fields[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return fields;
}

/** undefined for an empty body; JSON and url-encoded forms are understood, anything else is a 415. */
export function parseBody(buf: Buffer, type: string): unknown {
  if (buf.length === 0) return undefined;
  const text = buf.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') return formFields(text);
  if (type === 'application/json' || type === '') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw badRequest(`The request body is not valid JSON (${(err as Error).message}); send a JSON document with content-type application/json.`);
    }
  }
  throw new HttpError(415, 'unsupported_media_type', `Content-type ${type} is not accepted here; send application/json (or an HTML form).`);
}

/** Query parameters as an object; a name given more than once becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  return url.search ? formFields(url.search.slice(1)) : {};
}
