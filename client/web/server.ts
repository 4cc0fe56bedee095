/** The web server: status page, GET /api/health, and remittance intake for automation. */
import http from 'node:http';
import type { Client } from '@temporalio/client';
import type { Config } from '../../runtime/config';
import type { Logger } from '../../runtime/log';
import { checkHealth } from './health';
import type { createRemittancesApi } from './remittances-api';
import { renderStatusPage } from './status-page';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export interface WebDeps {
  client: Client;
  log: Logger;
  remittances?: ReturnType<typeof createRemittancesApi>;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

export async function startWebServer(config: Config, deps: WebDeps): Promise<WebServer> {
  const { client, log } = deps;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    const reply = (status: number, body: unknown) => sendJson(res, status, body);
    const handle = async () => {
      const report = /^\/api\/remittances\/(rpt-[0-9a-f-]{36})$/.exec(url.pathname);
      if (route === 'GET /api/health') {
        const h = await checkHealth(client, config);
        return reply(h.status === 'ok' ? 200 : 503, h);
      }
      if (route === 'GET /') {
        const h = await checkHealth(client, config);
        return send(res, h.status === 'ok' ? 200 : 503, 'text/html', renderStatusPage(h));
      }
      if (deps.remittances && route === 'POST /api/remittances') return deps.remittances.post(req, reply);
      if (deps.remittances && report && req.method === 'GET') return deps.remittances.get(req, report[1]!, reply);
      return reply(404, { code: 'not_found', message: `No route for ${req.method} ${url.pathname}`, details: {} });
    };
    handle().catch((err: unknown) => {
      log.error('web request failed', { route, error: (err as Error).message });
      if (!res.headersSent) reply(500, { code: 'internal', message: 'The server could not handle this request; see the server log.', details: {} });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`WEB_PORT ${config.WEB_PORT} is already in use on ${config.WEB_HOST}: stop the other process or set WEB_PORT.`) : err),
    );
    server.listen(config.WEB_PORT, config.WEB_HOST, resolve);
  });
  const url = config.PUBLIC_URL ?? `http://${config.WEB_HOST}:${config.WEB_PORT}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
