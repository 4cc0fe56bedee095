/** Checks that the server's ports are free, so a taken one is named before minutes of set-up, not after. */
import net from 'node:net';
import { ClusterError } from './errors';
import type { ClusterPorts } from './server-config';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function requireFreePorts(ports: ClusterPorts): Promise<void> {
  const taken: string[] = [];
  for (const [service, port] of Object.entries(ports)) if (!(await isFree(port))) taken.push(`${port} (${service})`);
  if (taken.length) {
    throw new ClusterError(`Ports in use on 127.0.0.1: ${taken.join(', ')}. Stop what uses them (another Temporal server?) or move the cluster with --port (the other ports follow it).`);
  }
}
