/** Checks that the server's ports are free, so a taken one is named before minutes of set-up, not after. */
import net from 'node:net';
import { ClusterError } from './errors';
import type { ClusterPorts } from './server-config';

export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Temporal keeps each service's membership port in a PostgreSQL smallint (cluster_membership.rpc_port). */
export const MAX_MEMBERSHIP_PORT = 32767;

export async function requireFreePorts(ports: ClusterPorts): Promise<void> {
  const membership = Object.entries(ports).filter(([service, port]) => service.endsWith('Membership') && port > MAX_MEMBERSHIP_PORT);
  if (membership.length) {
    throw new ClusterError(`Membership ports must be ${MAX_MEMBERSHIP_PORT} or lower (Temporal stores them as a smallint): ${membership.map(([s, p]) => `${p} (${s})`).join(', ')}. Choose a lower --port.`);
  }
  const taken: string[] = [];
  for (const [service, port] of Object.entries(ports)) if (!(await isFree(port))) taken.push(`${port} (${service})`);
  if (taken.length) {
    throw new ClusterError(`Ports in use on 127.0.0.1: ${taken.join(', ')}. Stop what uses them (another Temporal server?) or move the cluster with --port (the other ports follow it).`);
  }
}
