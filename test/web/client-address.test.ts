// The sign-in limit's notion of "this address": the socket's peer, or behind N trusted proxies the
// address the nearest proxy saw, read from the right of X-Forwarded-For.
import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../client/web/http/client-address';

const request = (peer: string, forwardedFor?: string | string[]) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as http.IncomingMessage;

describe('clientAddress', () => {
  it('is the socket peer without trusted proxies, whatever the header says', () => {
    expect(clientAddress(request('192.0.2.1', '203.0.113.5'), 0)).toBe('192.0.2.1');
  });

  it('is the entry the nearest trusted proxy appended', () => {
    expect(clientAddress(request('10.0.0.1', '6.6.6.6, 203.0.113.5'), 1)).toBe('203.0.113.5');
    expect(clientAddress(request('10.0.0.1', '6.6.6.6, 203.0.113.5, 10.0.0.2'), 2)).toBe('203.0.113.5');
    expect(clientAddress(request('10.0.0.1', ['6.6.6.6', ' 203.0.113.5 ']), 1)).toBe('203.0.113.5');
  });

  it('falls back to the leftmost entry when there are fewer entries than hops, and to the peer without a header', () => {
    expect(clientAddress(request('10.0.0.1', '203.0.113.5'), 2)).toBe('203.0.113.5');
    expect(clientAddress(request('10.0.0.1'), 1)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', ' , '), 1)).toBe('10.0.0.1');
  });
});
