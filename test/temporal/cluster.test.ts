// `npm run cluster`'s cluster, for real: the Temporal server built by the toolchain (on first use), on a
// throwaway PostgreSQL, frontend behind mutual TLS. A client without our CA's certificate is refused; the
// product's own worker, configured as a deployment joining the cluster, takes a denial to a person's task.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import { connectionOptions, dataConverter } from '../../runtime/temporal';
import { ensureCertificates } from '../../worker/cluster/certs';
import { startTemporalCluster, type RunningCluster } from '../../worker/cluster/cluster';
import { isFree, MAX_MEMBERSHIP_PORT } from '../../worker/cluster/ports';
import type { ClusterPorts } from '../../worker/cluster/server-config';
import { createDenialWorker, type DenialWorker } from '../../worker/run';
import type { denialWorkflow } from '../../workflows/denial';
import { denialViewQuery } from '../../workflows/denial-messages';
import { deniedCase } from '../fixtures/remittances';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../support/postgres';
import { installQuietRuntime } from '../support/quiet-runtime';

const skip = postgresUnavailable();
if (skip) console.warn(`Skipping the Temporal cluster test: ${skip}`);

/** Free ports below the ephemeral range: Temporal stores the membership ports in a smallint. */
async function freePorts(): Promise<ClusterPorts> {
  const names = ['frontend', 'frontendHttp', 'frontendMembership', 'history', 'historyMembership', 'matching', 'matchingMembership', 'worker', 'workerMembership'] as const;
  const ports: Partial<ClusterPorts> = {};
  const taken = new Set<number>();
  for (const name of names) {
    let port: number;
    do port = 20_000 + crypto.randomInt(MAX_MEMBERSHIP_PORT - 20_000);
    while (taken.has(port) || !(await isFree(port)));
    taken.add(port);
    ports[name] = port;
  }
  return ports as ClusterPorts;
}

describe.skipIf(!!skip)('Temporal cluster on PostgreSQL (npm run cluster)', () => {
  let postgres: TestPostgres;
  let cluster: RunningCluster;
  let dir: string;
  const t0 = Date.now();
  const step = (what: string) => console.error(`[cluster test] ${what} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  beforeAll(async () => {
    installQuietRuntime();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-cluster-'));
    postgres = await startTestPostgres();
    const suffix = crypto.randomBytes(4).toString('hex');
    cluster = await startTemporalCluster({
      dir: path.join(dir, 'temporal-cluster'),
      databaseUrl: postgres.url,
      postgresPort: 0, // unused: the test's PostgreSQL is given
      databases: { persistence: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` },
      ports: await freePorts(),
      namespace: 'default',
      log: (line) => console.error(`[cluster] ${line}`),
    });
    step('cluster ready');
    // The first run builds the server and the SQL tool (minutes); later runs find them in the cache.
  }, 20 * 60_000);

  afterAll(async () => {
    await cluster?.stop();
    await postgres?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes its keys and certificates owner-only', () => {
    const tls = cluster.certificates.dir;
    expect(fs.statSync(tls).mode & 0o777).toBe(0o700);
    for (const file of fs.readdirSync(tls)) expect([file, fs.statSync(path.join(tls, file)).mode & 0o777]).toEqual([file, 0o600]);
    expect(fs.statSync(path.join(dir, 'temporal-cluster', 'config', 'cluster.yaml')).mode & 0o777).toBe(0o600);
  });

  it('refuses a client without a client certificate, or with one from another CA', async () => {
    const { env } = cluster;
    const ca = fs.readFileSync(env.TEMPORAL_TLS_CA);
    const attempt = (tls: object) => Connection.connect({ address: env.TEMPORAL_ADDRESS, tls, connectTimeout: 3000 }).then((c) => c.close().then(() => 'connected'));
    await expect(attempt({ serverRootCACertificate: ca, serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME })).rejects.toThrow();
    const other = ensureCertificates(path.join(dir, 'other-ca'), () => undefined);
    const foreignPair = { crt: fs.readFileSync(other.clientCert), key: fs.readFileSync(other.clientKey) };
    await expect(attempt({ serverRootCACertificate: ca, serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME, clientCertPair: foreignPair })).rejects.toThrow();
    // The same call with the cluster's own client certificate gets through: the refusals were about the certificate.
    const ownPair = { crt: fs.readFileSync(env.TEMPORAL_TLS_CERT), key: fs.readFileSync(env.TEMPORAL_TLS_KEY) };
    await expect(attempt({ serverRootCACertificate: ca, serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME, clientCertPair: ownPair })).resolves.toBe('connected');
  });

  it("runs the product's worker, joined with the printed environment, through a denial to a person's task", async () => {
    const dataDir = path.join(dir, 'app-data');
    const config: Config = loadConfig({
      ...cluster.env,
      DATA_DIR: dataDir,
      CODEC_KEYS: `cluster-test=${crypto.randomBytes(32).toString('base64')}`,
      TEMPORAL_TASK_QUEUE: 'denials-cluster-test',
      LOG_LEVEL: 'error',
    });
    expect(config.embedded).toBe(false);
    const converter = dataConverter(config, () => undefined);
    // The app's connection options (connectClient's JSON converter is loaded by path, which vitest cannot resolve).
    const client = new Client({ connection: await Connection.connect(connectionOptions(config)), namespace: config.TEMPORAL_NAMESPACE, dataConverter: converter });
    let denialWorker: DenialWorker | undefined;
    let running: Promise<void> | undefined;
    try {
      denialWorker = await createDenialWorker(config, converter, createLogger({ level: 'error' }), client);
      running = denialWorker.worker.run();
      const workflowId = `denial-cluster-${crypto.randomUUID()}`;
      const handle = await client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [{ denial: deniedCase(), eventKey: `start-${workflowId}` }],
      });
      await expect.poll(async () => (await handle.query(denialViewQuery)).task !== null, { timeout: 60_000, interval: 250 }).toBe(true);
      const view = await handle.query(denialViewQuery);
      step(`denial at task ${view.task?.kind}`);
      expect(view.workflowId).toBe(workflowId);
      expect(view.task?.requiredRoles.length).toBeGreaterThan(0);
      // Its search attributes reach the cluster's SQL visibility store: the worklists' query finds it.
      const found = async () => {
        const ids: string[] = [];
        for await (const wf of client.workflow.list({ query: `DenialStage = '${view.stage}' AND OwnerTeam = '${view.classification.ownerTeam}'` })) ids.push(wf.workflowId);
        return ids;
      };
      await expect.poll(found, { timeout: 30_000, interval: 500 }).toContain(workflowId);
    } finally {
      denialWorker?.worker.shutdown();
      await running;
      await denialWorker?.close();
      await client.connection.close();
    }
  });
});
