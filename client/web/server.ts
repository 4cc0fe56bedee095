/** The web server: for now the status page and GET /api/health. */
import http from 'node:http';
import type { Client } from '@temporalio/client';
import type { Config } from '../../runtime/config';
import type { Logger } from '../../runtime/log';
import { checkHealth } from './health';
import { renderStatusPage } from './status-page';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  send(res, status, 'application/json', JSON.stringify({ code, message, details: {} }));
}

export async function startWebServer(config: Config, client: Client, log: Logger): Promise<WebServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    const handle = async () => {
      switch (route) {
        case 'GET /api/health': {
          const h = await checkHealth(client, config);
          return send(res, h.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(h));
        }
        case 'GET /': {
          const h = await checkHealth(client, config);
          return send(res, h.status === 'ok' ? 200 : 503, 'text/html', renderStatusPage(h));
        }
        default:
          return sendError(res, 404, 'not_found', `No route for ${req.method} ${url.pathname}`);
      }
    };
    handle().catch((err: unknown) => {
      log.error('web request failed', { route, error: (err as Error).message });
      if (!res.headersSent) sendError(res, 500, 'internal', 'The server could not handle this request; see the server log.');
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
