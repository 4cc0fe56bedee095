/**
 * The Temporal server's configuration: PostgreSQL persistence and visibility, 4 history shards, every
 * service on loopback, and the frontend behind mutual TLS with our CA. Written as JSON (which is YAML)
 * in a file the server renders as a template, so the database password comes from the environment and is
 * never written to disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { SERVER_NAME, type ClusterCertificates } from './certs';
import type { DatabaseNames, PostgresTarget } from './databases';

export const NUM_HISTORY_SHARDS = 4;

/** The environment variable the server config reads the database password from. */
export const PASSWORD_ENV = 'DENIALS_CLUSTER_SQL_PASSWORD';

export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** Temporal's usual layout (7233 frontend, 7234 history, 6933 membership…) shifted to start at `frontend`. */
export function defaultPorts(frontend: number): ClusterPorts {
  const at = (usual: number) => frontend + usual - 7233;
  return {
    frontend,
    frontendHttp: at(7243),
    frontendMembership: at(6933),
    history: at(7234),
    historyMembership: at(6934),
    matching: at(7235),
    matchingMembership: at(6935),
    worker: at(7239),
    workerMembership: at(6939),
  };
}

const PASSWORD_PLACEHOLDER = '__PASSWORD_FROM_ENV__';

function datastore(target: PostgresTarget, database: string, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${target.host}:${target.port}`,
      connectProtocol: 'tcp',
      user: target.user,
      password: PASSWORD_PLACEHOLDER,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

function rpc(grpcPort: number, membershipPort: number, httpPort?: number) {
  return { rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...(httpPort ? { httpPort } : {}) } };
}

export function serverConfig(target: PostgresTarget, names: DatabaseNames, ports: ClusterPorts, certs: ClusterCertificates): object {
  const trustOurCa = { serverName: SERVER_NAME, rootCaFiles: [certs.ca] };
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: NUM_HISTORY_SHARDS,
      datastores: {
        'postgres-default': datastore(target, names.persistence, 20),
        'postgres-visibility': datastore(target, names.visibility, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      tls: {
        frontend: {
          server: { certFile: certs.serverCert, keyFile: certs.serverKey, requireClientAuth: true, clientCaFiles: [certs.ca] },
          client: trustOurCa,
        },
        // Temporal's own system worker is a frontend client too: it needs a certificate of its own.
        systemWorker: { certFile: certs.systemWorkerCert, keyFile: certs.systemWorkerKey, client: trustOurCa },
      },
    },
    services: {
      frontend: rpc(ports.frontend, ports.frontendMembership, ports.frontendHttp),
      history: rpc(ports.history, ports.historyMembership),
      matching: rpc(ports.matching, ports.matchingMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
  };
}

/** Writes `<configDir>/cluster.yaml` (the server's `--env cluster`). */
export function writeServerConfig(configDir: string, config: object): string {
  makePrivateDir(configDir);
  const file = path.join(configDir, 'cluster.yaml');
  const json = JSON.stringify(config, null, 2).replaceAll(`"${PASSWORD_PLACEHOLDER}"`, `{{ env "${PASSWORD_ENV}" | quote }}`);
  fs.writeFileSync(file, `# enable-template: the password is read from ${PASSWORD_ENV}\n${json}\n`, { mode: OWNER_ONLY_FILE });
  fs.chmodSync(file, OWNER_ONLY_FILE);
  return file;
}
