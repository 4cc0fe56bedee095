/**
 * `npm run cluster [-- --port 7233 --postgres-port 54320 --json]`: starts a Temporal cluster on
 * PostgreSQL for the app to join (see cluster.ts), prints the environment that joins it, and runs until
 * Ctrl-C. Reads DATA_DIR, DATABASE_URL and TEMPORAL_NAMESPACE like the app does.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { restrictUmask } from '../../runtime/at-rest/private-files';
import { ConfigError, loadConfig } from '../../runtime/config';
import { TEMPORAL_SERVER_VERSION } from '../toolchain/paths';
import { ToolchainError } from '../toolchain/run';
import { DEFAULT_DATABASES, startTemporalCluster, type JoinEnvironment } from './cluster';
import { ClusterError } from './errors';
import { MAX_MEMBERSHIP_PORT } from './ports';
import { defaultPorts, NUM_HISTORY_SHARDS } from './server-config';

const port = (flag: string, max: number) =>
  z.coerce
    .number({ error: `${flag}: expected a port number` })
    .int({ error: `${flag}: expected a whole port number` })
    .min(1024, { error: `${flag}: expected a port from 1024 to ${max}` })
    .max(max, { error: `${flag}: expected a port from 1024 to ${max}` });

const Args = z.object({
  // The membership ports sit 300 below the frontend's and must fit Temporal's smallint column.
  port: port('--port', MAX_MEMBERSHIP_PORT + 300).default(7233),
  'postgres-port': port('--postgres-port', 65535).default(54320),
  json: z.boolean().default(false),
});

/**
 * The app's DATABASE_URL as the terminal shows it: the password of the cluster's own PostgreSQL as a
 * shell expression reading its file (never the secret itself); a given server's as `$PASSWORD`.
 */
function shownDatabaseUrl(url: string, config: { dataDir: string; DATABASE_URL?: string | undefined }): string {
  const u = new URL(url);
  const password = config.DATABASE_URL ? '$PASSWORD' : `$(cat ${path.resolve(config.dataDir, 'temporal-cluster', 'postgres-password')})`;
  u.password = 'PASSWORD';
  return u.toString().replace(':PASSWORD@', `:${password}@`);
}

function readable(env: JoinEnvironment): string {
  return Object.entries(env)
    .map(([k, v]) => `  export ${k}=${v}`)
    .join('\n');
}

async function main(): Promise<void> {
  restrictUmask();
  const { values } = parseArgs({ options: { port: { type: 'string' }, 'postgres-port': { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const args = Args.parse(values);
  const say = args.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const config = loadConfig();
  // Ctrl-C while it starts: stop what was started (the server runs in its own process group, so it would outlive us).
  const interrupt = new AbortController();
  const onSignalWhileStarting = () => interrupt.abort();
  process.on('SIGINT', onSignalWhileStarting);
  process.on('SIGTERM', onSignalWhileStarting);
  const cluster = await startTemporalCluster({
    signal: interrupt.signal,
    dir: path.join(config.dataDir, 'temporal-cluster'),
    databaseUrl: config.DATABASE_URL,
    postgresPort: args['postgres-port'],
    databases: DEFAULT_DATABASES,
    ports: defaultPorts(args.port),
    namespace: config.TEMPORAL_NAMESPACE,
    log: say,
  });
  if (args.json) {
    console.log(JSON.stringify({ ok: true, serverVersion: TEMPORAL_SERVER_VERSION, historyShards: NUM_HISTORY_SHARDS, log: cluster.logFile, env: cluster.env, appDatabase: shownDatabaseUrl(cluster.appDatabaseUrl, config) }));
  } else {
    console.log(`\nTemporal cluster ready: server ${TEMPORAL_SERVER_VERSION}, ${NUM_HISTORY_SHARDS} history shards, frontend ${cluster.env.TEMPORAL_ADDRESS} (mutual TLS), namespace ${cluster.env.TEMPORAL_NAMESPACE}.`);
    console.log(`Join it from the app (in another terminal):\n\n${readable(cluster.env)}`);
    console.log(`  export DATABASE_URL="${shownDatabaseUrl(cluster.appDatabaseUrl, config)}"   # the app's state, shared by every node`);
    console.log('  # and the deployment\'s own keys, the same in every process (README, "Joining a Temporal cluster"):');
    console.log('  export CODEC_KEYS=… DENIAL_ID_KEY=…');
    console.log(`  npm start\n\nServer log: ${cluster.logFile}. Ctrl-C stops the cluster.`);
  }
  process.off('SIGINT', onSignalWhileStarting);
  process.off('SIGTERM', onSignalWhileStarting);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the Temporal cluster…`);
    void cluster.stop().then(() => {
      say('Temporal cluster stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  cluster.server.child.on('exit', (code) => {
    if (stopping) return;
    console.error(`The Temporal server exited on its own (code ${code}); see ${cluster.logFile}.`);
    void cluster.stop().then(() => process.exit(1));
  });
}

function explain(err: unknown): string {
  if (err instanceof ClusterError || err instanceof ToolchainError || err instanceof ConfigError) return err.message;
  if (err instanceof z.ZodError) return err.issues.map((i) => i.message).join('; ');
  if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) return `${err.message} (options: --port, --postgres-port, --json)`;
  return `The cluster could not start: ${(err as Error).stack ?? String(err)}`;
}

main().catch((err: unknown) => {
  const message = explain(err);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ok: false, error: message }));
  console.error(message);
  process.exitCode = 1;
});
