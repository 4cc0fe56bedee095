/** Reading the Cookie header and writing Set-Cookie values. */

export function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  secure: boolean;
  /** `Lax` keeps the cookie on top-level links from mail while cross-site POSTs go without it. */
  sameSite?: 'Lax' | 'Strict';
}

/** An HttpOnly cookie on the whole site; values are base64url tokens, so nothing needs escaping. */
export function setCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', `SameSite=${opts.sameSite ?? 'Lax'}`];
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearCookie(name: string, opts: Pick<CookieOptions, 'secure'>): string {
  return setCookie(name, '', { ...opts, maxAgeSeconds: 0 });
}
