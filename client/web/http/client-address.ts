/**
 * The address a request came from, for the sign-in rate limit. Behind a reverse proxy the socket's peer is
 * the proxy, so every person would share one address (one attacker's failures would lock everyone out of
 * an account); with `trustedHops` proxies in front, the address is the one the nearest of them saw, read
 * from the right of X-Forwarded-For. Entries further left are the client's own claims and are never used.
 */
import type http from 'node:http';

export function clientAddress(req: http.IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  // The last proxy appended the address it saw; each proxy before it appended one more to the left.
  if (hops.length === 0) return peer;
  return hops[Math.max(0, hops.length - trustedHops)] as string;
}
