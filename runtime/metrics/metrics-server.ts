/**
 * The process's Prometheus endpoint (METRICS_PORT): GET /metrics answers the product's `denials_*`
 * metrics followed by the Temporal SDK's worker metrics, which the SDK's core serves on a loopback port
 * of its own (Runtime telemetry options); one scrape target per process.
 */
import http from 'node:http';
import net from 'node:net';
import { productMetrics } from './product-metrics';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** A free loopback address for the SDK's own exporter, which only this process reads. */
export async function freeLoopbackAddress(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `127.0.0.1:${port}`;
}

async function sdkMetrics(address: string): Promise<string> {
  try {
    const res = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return `# Temporal SDK metrics unavailable: HTTP ${res.status}\n`;
    return await res.text();
  } catch (err) {
    return `# Temporal SDK metrics unavailable: ${(err as Error).message}\n`;
  }
}

/** `sdkAddress`: where the SDK's core exporter listens (absent in a process without a worker). */
export async function startMetricsServer(opts: { host: string; port: number; sdkAddress?: string }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Metrics are at GET /metrics\n');
      return;
    }
    Promise.all([productMetrics.metrics(), opts.sdkAddress ? sdkMetrics(opts.sdkAddress) : ''])
      .then(([product, sdk]) => res.writeHead(200, { 'content-type': productMetrics.contentType }).end(`${product}\n${sdk}`))
      .catch((err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`Metrics could not be collected: ${err.message}\n`));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.port, opts.host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
