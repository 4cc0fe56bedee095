/**
 * A Temporal cluster on PostgreSQL for the app to join: the server and its SQL tool from the toolchain
 * (built on first use), mutual-TLS certificates, the databases and their schemas, the server config, the
 * server itself, and the namespace with the denial search attributes. Returns the environment that joins it.
 */
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../runtime/config';
import { makePrivateDir } from '../../runtime/at-rest/private-files';
import { connectionOptions } from '../../runtime/temporal';
import { ensureTemporalServer } from '../toolchain/server';
import { ensureCertificates, SERVER_NAME, type ClusterCertificates } from './certs';
import { ensureAppDatabase, setupDatabases, targetFromUrl, type DatabaseNames } from './databases';
import { ClusterError, type Log } from './errors';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';
import { requireFreePorts } from './ports';
import { registerNamespace } from './register';
import { serverConfig, writeServerConfig, type ClusterPorts } from './server-config';
import { logTail, startServerProcess, type ServerProcess } from './server-process';

export interface ClusterOptions {
  /** The cluster's folder in the data folder: certificates, config, log (and its PostgreSQL, unless root). */
  dir: string;
  /** An existing PostgreSQL whose role may create databases; unset = the cluster's own PostgreSQL. */
  databaseUrl?: string;
  postgresPort: number;
  databases: DatabaseNames;
  ports: ClusterPorts;
  namespace: string;
  log: Log;
  timeoutMs?: number;
  /** Ctrl-C during start-up: whatever was started is stopped again. */
  signal?: AbortSignal;
}

/** What the app needs to join the cluster, as the environment variables runtime/config.ts reads. */
export interface JoinEnvironment {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  TEMPORAL_TLS_CERT: string;
  TEMPORAL_TLS_KEY: string;
  TEMPORAL_TLS_CA: string;
  TEMPORAL_TLS_SERVER_NAME: string;
}

export interface RunningCluster {
  env: JoinEnvironment;
  /** The app's database on the cluster's PostgreSQL (`denials`), for DATABASE_URL; it holds the password. */
  appDatabaseUrl: string;
  certificates: ClusterCertificates;
  logFile: string;
  server: ServerProcess;
  stop(): Promise<void>;
}

export const DEFAULT_DATABASES: DatabaseNames = { persistence: 'temporal', visibility: 'temporal_visibility' };

export function joinEnvironment(certs: ClusterCertificates, frontendPort: number, namespace: string): JoinEnvironment {
  return {
    TEMPORAL_ADDRESS: `127.0.0.1:${frontendPort}`,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TLS_CERT: certs.clientCert,
    TEMPORAL_TLS_KEY: certs.clientKey,
    TEMPORAL_TLS_CA: certs.ca,
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
  };
}

/** Connects as the app would, through its own config and connection code, once the frontend answers. */
async function waitForFrontend(server: ServerProcess, env: JoinEnvironment, log: Log, timeoutMs: number, signal?: AbortSignal): Promise<Connection> {
  const options = connectionOptions(loadConfig({ ...env }));
  const started = Date.now();
  let lastNote = started;
  for (;;) {
    throwIfInterrupted(signal);
    const failed = server.spawnError() ?? (server.exited() !== undefined ? `The Temporal server exited (code ${server.exited()}) before it was ready.` : undefined);
    if (failed) throw new ClusterError(`${failed} Its log (${server.logFile}):\n${logTail(server.logFile)}`);
    try {
      return await Connection.connect({ ...options, connectTimeout: 2000 });
    } catch (err) {
      if (Date.now() - started > timeoutMs) {
        throw new ClusterError(`The Temporal frontend at ${env.TEMPORAL_ADDRESS} did not answer within ${timeoutMs / 1000}s (${(err as Error).message}). Its log (${server.logFile}):\n${logTail(server.logFile)}`);
      }
      if (Date.now() - lastNote > 10_000) {
        lastNote = Date.now();
        log(`  … waiting for the frontend: ${Math.round((Date.now() - started) / 1000)}s`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function throwIfInterrupted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ClusterError('Interrupted: the cluster was stopped before it was ready.');
}

export async function startTemporalCluster(opts: ClusterOptions): Promise<RunningCluster> {
  const { log } = opts;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  await requireFreePorts(opts.ports);
  const tools = await ensureTemporalServer(log);
  makePrivateDir(opts.dir);
  const certificates = ensureCertificates(path.join(opts.dir, 'tls'), log);
  let postgres: LocalPostgres | undefined;
  let server: ServerProcess | undefined;
  const stop = async () => {
    await server?.stop();
    postgres?.stop();
  };
  try {
    throwIfInterrupted(opts.signal);
    if (!opts.databaseUrl) postgres = startLocalPostgres(opts.dir, opts.postgresPort, log);
    const target = targetFromUrl(opts.databaseUrl ?? postgres!.url);
    await setupDatabases(tools.sqlTool, tools.schemaDir, target, opts.databases, log);
    const appDatabaseUrl = await ensureAppDatabase(target, opts.databases.app ?? 'denials', log);
    throwIfInterrupted(opts.signal);
    writeServerConfig(path.join(opts.dir, 'config'), serverConfig(target, opts.databases, opts.ports, certificates));
    const env = joinEnvironment(certificates, opts.ports.frontend, opts.namespace);
    log(`Starting the Temporal server (4 history shards, frontend ${env.TEMPORAL_ADDRESS} with mutual TLS; log ${path.join(opts.dir, 'server.log')})…`);
    server = startServerProcess(tools.server, opts.dir, target.password);
    const connection = await waitForFrontend(server, env, log, timeoutMs, opts.signal);
    try {
      await registerNamespace(connection, opts.namespace, log, timeoutMs);
    } finally {
      await connection.close();
    }
    throwIfInterrupted(opts.signal);
    return { env, appDatabaseUrl, certificates, logFile: server.logFile, server, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
