/**
 * What /api/health and the status page report: is Temporal reachable, and how much work is in flight.
 * Anyone may ask whether the service is healthy; the details (where Temporal is, which versions run, how
 * many denials are open) help an attacker more than a visitor, so only signed-in admins see them.
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../../runtime/config';
import { PACKAGE_VERSION } from '../../runtime/package-root';
import type { Principal } from './auth/principal';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    embedded: boolean;
    reachable: boolean;
    serverVersion?: string;
    error?: string;
  };
  workflows?: { runningDenials: number };
  webUiUrl: string;
  checkedAt: string;
}

/** What anyone gets: ok or not. */
export interface PublicHealth {
  status: HealthReport['status'];
}

export function showsHealthDetails(principal: Principal | undefined): boolean {
  return principal?.role === 'admin';
}

/** A health probe answers within this, reachable or not: a load balancer must not wait on gRPC's reconnect backoff. */
const PROBE_MS = 3_000;

const VERSION: string = PACKAGE_VERSION;

export function webUiUrl(config: Config): string {
  if (config.TEMPORAL_UI_URL) return config.TEMPORAL_UI_URL;
  return config.embedded ? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows` : '';
}

export async function checkHealth(client: Client, config: Config): Promise<HealthReport> {
  const report: HealthReport = {
    status: 'ok',
    version: VERSION,
    temporal: {
      address: config.temporalAddress,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      embedded: config.embedded,
      reachable: false,
    },
    webUiUrl: webUiUrl(config),
    checkedAt: new Date().toISOString(),
  };
  try {
    const info = await client.withDeadline(Date.now() + PROBE_MS, () => client.workflowService.getSystemInfo({}));
    report.temporal.reachable = true;
    report.temporal.serverVersion = info.serverVersion ?? undefined;
    const count = await client.withDeadline(Date.now() + PROBE_MS, () => client.workflow.count(`WorkflowType = 'denialWorkflow' AND ExecutionStatus = 'Running'`));
    report.workflows = { runningDenials: count.count };
  } catch (err) {
    report.status = 'degraded';
    report.temporal.error = (err as Error).message;
  }
  return report;
}

/** Whether Temporal answers, and nothing else: what anonymous callers are told. */
export async function checkPublicHealth(client: Client): Promise<PublicHealth> {
  try {
    await client.withDeadline(Date.now() + PROBE_MS, () => client.workflowService.getSystemInfo({}));
    return { status: 'ok' };
  } catch {
    return { status: 'degraded' };
  }
}
