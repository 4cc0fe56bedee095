/**
 * What an attach request says about its PDF, in headers (the body is the PDF itself): `x-file-name`,
 * `x-description` and `x-denial-version`, percent-encoded. Each is checked here, so a bad one is a 400
 * naming the header instead of a failure deeper down; the rules for a name are the document store's.
 */
import type http from 'node:http';
import { z } from 'zod';
import { DocumentMeta } from '../../../services/documents/document-store';
import { badRequest } from '../http/errors';

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

const HEADERS = {
  'x-file-name': DocumentMeta.shape.name.optional(),
  'x-description': z.string().trim().max(200).regex(NO_CONTROL).optional(),
  'x-denial-version': z.string().regex(/^\d{1,9}$/).transform(Number).optional(),
} as const;

const EXPECTED: Record<keyof typeof HEADERS, string> = {
  'x-file-name': 'a file name of 1 to 200 characters without path separators (/ or \\) or control characters, such as progress-note.pdf',
  'x-description': 'at most 200 characters on one line',
  'x-denial-version': 'the denial version the page showed, a whole number',
};

export interface DocumentHeaders {
  name: string;
  description?: string;
  version?: number;
}

function decoded(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  if (typeof v !== 'string') return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    throw badRequest(`The ${name} header is not valid percent-encoding; send it through encodeURIComponent.`);
  }
}

function header<K extends keyof typeof HEADERS>(req: http.IncomingMessage, name: K): z.output<(typeof HEADERS)[K]> {
  const r = HEADERS[name].safeParse(decoded(req, name));
  if (!r.success) throw badRequest(`The ${name} header is not valid: expected ${EXPECTED[name]}.`, { header: name });
  return r.data as z.output<(typeof HEADERS)[K]>;
}

export function documentHeaders(req: http.IncomingMessage): DocumentHeaders {
  const description = header(req, 'x-description');
  const version = header(req, 'x-denial-version');
  return { name: header(req, 'x-file-name') ?? 'document.pdf', ...(description ? { description } : {}), ...(version !== undefined ? { version } : {}) };
}
