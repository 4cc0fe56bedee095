/** Writing responses: JSON, HTML and redirects, never cached, with the headers every response carries. */
import type http from 'node:http';

const COMMON = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;
/**
 * Pages load scripts, styles and images from this app only, never inline: markup that an injection slips
 * into a page cannot run. `object-src 'self'` is the packet preview (an <object> of our PDF). Pages may
 * not be framed (clickjacking) and forms may only post back here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');
const PAGE = { 'x-frame-options': 'DENY', 'content-security-policy': CONTENT_SECURITY_POLICY, 'referrer-policy': 'same-origin' } as const;

export function sendText(res: http.ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON, 'content-type': `${type}; charset=utf-8`, ...headers });
  res.end(body);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, 'application/json', JSON.stringify(body), headers);
}

export function sendHtml(res: http.ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  sendText(res, status, 'text/html', html, { ...PAGE, ...headers });
}

export function sendRedirect(res: http.ServerResponse, status: number, location: string): void {
  res.writeHead(status, { ...COMMON, location });
  res.end();
}
