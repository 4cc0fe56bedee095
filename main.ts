/**
 * `npm start`: the composition root. Launches the embedded Temporal dev server when no cluster is
 * configured, then runs the worker and/or the web app (`--role worker|web|all`), and drains everything
 * on Ctrl-C or SIGTERM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { ConfigError, loadConfig, type Config } from './runtime/config';
import { createLogger } from './runtime/log';
import { connectClient, dataConverter } from './runtime/temporal';
import { startDevServer, type DevServer } from './worker/dev-server';
import { createDenialWorker } from './worker/run';
import { workflowCode } from './worker/workflow-bundle';
import { ensureWeeklyReportSchedule } from './client/schedules/weekly-report';
import { startWebServer, type WebServer } from './client/web/server';
import { createWorkSurfaces } from './client/web/work';
import { openConfiguredLedger } from './runtime/store/open-ledger-store';
import { webUiUrl } from './client/web/health';
import { CODEC_PATH } from './client/web/routes/codec';
import { createRemittancesApi } from './client/web/remittances-api';
import { adminPasswordFile } from './client/web/auth/bootstrap';
import { createIntake } from './client/ingest/intake';
import { reportsFolder } from './client/ingest/saved-report';
import { InboxWatcher, inboxFolders } from './client/ingest/inbox';
import { INBOUND_POLL_MS, pollClearinghouseOnInbox } from './client/ingest/clearinghouse-wiring';
import { openClearinghouse } from './runtime/clearinghouse/from-config';
import { startRetentionSweep } from './client/ingest/retention';
import { readOrCreateSecret } from './runtime/secrets';
import { secureDataDir } from './runtime/at-rest/data-dir';
import { deploymentKeyring } from './runtime/at-rest/keyring';
import { restrictUmask } from './runtime/at-rest/private-files';
import { freeLoopbackAddress, startMetricsServer, type MetricsServer } from './runtime/metrics/metrics-server';
import { watchLedger } from './runtime/metrics/product-metrics';

const ROLES = ['all', 'worker', 'web'] as const;
type Role = (typeof ROLES)[number];

const USAGE = `Usage: npm start -- [--role all|worker|web] [--json]

  --role all     dev server (when TEMPORAL_ADDRESS is unset), worker and web app in one process (default)
  --role worker  only the worker; run as many as the load needs
  --role web     only the web app and HTTP API
  --json         print start-up events as JSON lines

Settings come from the environment (or a JSON file named by DENIALS_CONFIG); see README.md.`;

function parseCli(argv: string[]): { role: Role; json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: { role: { type: 'string', default: 'all' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${values.role}")`);
  return { role: values.role as Role, json: values.json ?? false };
}

class UsageError extends Error {}

/** Legacy intake keys (INTAKE_API_KEYS, or one generated into the data folder): accepted as automation API keys. */
function intakeApiKeys(config: Config, warn: (m: string) => void): string[] {
  if (config.INTAKE_API_KEYS) return config.INTAKE_API_KEYS.split(',').map((k) => k.trim()).filter(Boolean);
  if (!config.embedded) {
    warn('INTAKE_API_KEYS is not set: POST /api/remittances accepts only API keys made with `npm run users -- keys create`.');
    return [];
  }
  const file = path.join(config.dataDir, 'intake-api-key');
  return [readOrCreateSecret(file, 24, () => warn(`Generated an intake API key in ${file}; production must set INTAKE_API_KEYS.`))];
}

/**
 * Payloads are encrypted either way, but ids, search attributes and the worker's own credentials travel in
 * clear to a cluster reached without TLS: mutual TLS is the documented default (docs/security.md).
 */
function plainTemporalConnection(config: Config): string | undefined {
  if (!config.TEMPORAL_ADDRESS || config.TEMPORAL_TLS_CERT || config.TEMPORAL_API_KEY) return undefined;
  const host = config.TEMPORAL_ADDRESS.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return undefined;
  const how = config.TEMPORAL_TLS_CA ? 'with server-only TLS (no client certificate)' : 'without TLS';
  return `Joining Temporal at ${config.TEMPORAL_ADDRESS} ${how}: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY (mutual TLS) or TEMPORAL_API_KEY; see docs/security.md.`;
}

async function main(): Promise<void> {
  // Everything this process and the dev server it launches write is for this user only (databases,
  // documents, kept 835s, keys, logs); the code sets owner-only modes too, this covers what libraries create.
  restrictUmask();
  let cli: { role: Role; json: boolean };
  let config: Config;
  try {
    cli = parseCli(process.argv.slice(2));
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError || err instanceof UsageError ? err.message : `Cannot start: ${(err as Error).message}`);
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`\n${USAGE}`);
    process.exit(2);
  }
  const log = createLogger({ level: config.LOG_LEVEL, json: cli.json, stream: process.stdout });
  // The SDK's own logs: warnings and errors only, through the same logger.
  // With METRICS_PORT, the SDK's core exports its worker metrics on a loopback port that /metrics merges in.
  const sdkMetricsAddress = config.METRICS_PORT !== undefined && cli.role !== 'web' ? await freeLoopbackAddress() : undefined;
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => log[entry.level === 'ERROR' ? 'error' : 'warn'](`temporal: ${entry.message}`)),
    ...(sdkMetricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } } } : {}),
  });
  try {
    const { tightened } = secureDataDir(config.dataDir, (m) => log.warn(m));
    if (tightened) log.info(`Made ${tightened} of the app's files and folders in ${config.dataDir} owner-only (an older release left them readable by other users).`);
  } catch (err) {
    log.warn(`Could not check who can read the data folder ${config.dataDir}: ${(err as Error).message}. Make it and its contents owner-only (chmod -R go-rwx).`);
  }

  const plain = plainTemporalConnection(config);
  if (plain) log.warn(plain);

  const stack: { name: string; stop: () => Promise<void> }[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.info(`Stopping (${reason})…`);
    for (const part of stack.reverse()) {
      try {
        await part.stop();
        log.info(`  ${part.name} stopped`);
      } catch (err) {
        log.error(`  ${part.name} did not stop cleanly: ${(err as Error).message}`);
      }
    }
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) {
        log.warn('Second signal: exiting without waiting.');
        process.exit(130);
      }
      void shutdown(signal, 0);
    });
  }

  try {
    // The key ring of data at rest, loaded once with this logger (or refused, naming CODEC_KEYS) before anything opens a store.
    deploymentKeyring(config, (m) => log.warn(m));
    let devServer: DevServer | undefined;
    if (config.embedded) {
      devServer = await startDevServer(config, (l) => log.info(l));
      stack.push({ name: 'Temporal dev server', stop: () => devServer!.stop() });
    }
    const converter = dataConverter(config, (m) => log.warn(m));
    const client = await connectClient(config, converter);
    stack.push({ name: 'Temporal client', stop: () => client.connection.close() });
    // One ledger store for the process (one PostgreSQL pool): the worker's activities, the intake and the web app share it.
    const ledger = openConfiguredLedger(config);
    stack.push({ name: 'ledger store', stop: () => ledger.close() });
    let web: WebServer | undefined;
    if (cli.role !== 'web') {
      log.info('Bundling workflows and starting the worker…');
      const denialWorker = await createDenialWorker(config, converter, log, client, ledger);
      stack.push({ name: 'worker connection', stop: () => denialWorker.close() });
      const w = denialWorker.worker;
      const running = w.run();
      running.catch((err: unknown) => {
        log.error(`Worker failed: ${(err as Error).message}`);
        void shutdown('worker failure', 1);
      });
      stack.push({
        name: 'worker',
        stop: async () => {
          if (w.getState() === 'RUNNING') w.shutdown();
          await running.catch(() => undefined);
        },
      });
      // The worker role owns the report workflow, so it keeps its schedule in line with the settings.
      if (config.REPORT_SCHEDULE !== 'off') {
        await ensureWeeklyReportSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, cron: config.REPORT_SCHEDULE, timezone: config.REPORT_TIMEZONE }, log);
      }
    }
    if (cli.role !== 'worker') {
      const intake = createIntake(config, client, (m) => log.warn(m), ledger);
      stack.push({ name: 'intake journal', stop: async () => intake.close() });
      const uploadsDir = path.join(config.dataDir, 'uploads');
      const remittances = createRemittancesApi({
        intake,
        uploadsDir,
        apiKeys: intakeApiKeys(config, (m) => log.warn(m)),
        maxBytes: config.INTAKE_MAX_BYTES,
        log,
      });
      const work = createWorkSurfaces(config, client, ledger);
      web = await startWebServer(config, { client, log, remittances, identityRoutes: work.routes, payloadCodecs: converter.payloadCodecs, codecAudit: ledger });
      const w = web;
      stack.push({ name: 'web server', stop: () => w.close() });
      // The inbox belongs to the web role: one watcher per deployment folder, next to the HTTP intake.
      const folders = inboxFolders(config.dataDir);
      const inbox = new InboxWatcher(folders, intake, log);
      // The clearinghouse's inbound files (835, 277, 277CA, 999) on the inbox's cadence: the folder pair
      // under DATA_DIR by default, or SFTP, which connects here so a wrong setting stops the start naming it.
      const clearinghouse = await openClearinghouse(config);
      stack.push({ name: 'clearinghouse connector', stop: () => clearinghouse.close() });
      pollClearinghouseOnInbox(inbox, clearinghouse, config.dataDir, intake.files, log, INBOUND_POLL_MS[config.clearinghouse.kind]);
      inbox.start();
      stack.push({ name: 'inbox watcher', stop: () => inbox.stop() });
      const retention = startRetentionSweep({
        dirs: [uploadsDir, folders.processed, folders.rejected, reportsFolder(config.dataDir)],
        days: config.UPLOAD_RETENTION_DAYS,
        forgetReports: (before) => intake.forgetReportsBefore(before),
        log,
      });
      stack.push({ name: 'retention sweep', stop: async () => retention.stop() });
    }
    let metrics: MetricsServer | undefined;
    if (config.METRICS_PORT !== undefined) {
      // Every node reads the same ledger: the web role reports the open work, workers their own counters.
      if (cli.role !== 'worker') watchLedger(ledger);
      metrics = await startMetricsServer({ host: config.METRICS_HOST, port: config.METRICS_PORT, ...(sdkMetricsAddress ? { sdkAddress: sdkMetricsAddress } : {}) });
      const m = metrics;
      stack.push({ name: 'metrics endpoint', stop: () => m.close() });
    }
    const ready = {
      event: 'ready',
      role: cli.role,
      temporal: config.temporalAddress,
      namespace: config.TEMPORAL_NAMESPACE,
      webUi: webUiUrl(config) || undefined,
      web: web?.url,
      health: web ? `${web.url}/api/health` : undefined,
      codecEndpoint: web ? `${web.url}${CODEC_PATH}` : undefined,
      metrics: metrics?.url,
      dataDir: config.embedded ? config.dataDir : undefined,
      // What runs: the compiled build with its pre-bundled workflows (npm start), or the source through tsx.
      code: __filename.endsWith('.js') ? 'compiled' : 'source',
      workflows: cli.role === 'web' ? undefined : 'workflowBundle' in workflowCode() ? 'prebuilt bundle' : 'bundled at start',
    };
    if (cli.json) {
      console.log(JSON.stringify(ready));
    } else {
      log.info('');
      log.info(`Denial orchestration is running (role: ${cli.role}).`);
      if (web) log.info(`  Web app:         ${web.url}`);
      if (web) log.info(`  Health:          ${web.url}/api/health`);
      if (metrics) log.info(`  Metrics:         ${metrics.url}`);
      log.info(`  Code:            ${ready.code}${ready.workflows ? `, workflows ${ready.workflows}` : ''}`);
      log.info(`  Temporal:        ${config.temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE}${devServer ? ', embedded' : ''})`);
      if (ready.webUi) log.info(`  Temporal Web UI: ${ready.webUi}`);
      if (ready.codecEndpoint) log.info(`  Codec endpoint:  ${ready.codecEndpoint} (for the Web UI's "Configure Codec Server", with cross-origin credentials)`);
      if (config.embedded) log.info(`  Data:            ${config.dataDir}`);
      if (web) log.info(`  Inbox:           ${inboxFolders(config.dataDir).inbox} (drop 835, 837, 277, 277CA or 999 files here)`);
      const adminPassword = adminPasswordFile(config.dataDir);
      if (web) log.info(`  Sign in:         ${web.url}/login${fs.existsSync(adminPassword) ? ` (user admin, password in ${adminPassword})` : ''}`);
      if (web && !config.INTAKE_API_KEYS) log.info(`  Intake API key:  ${path.join(config.dataDir, 'intake-api-key')} (POST /api/remittances)`);
      log.info('Press Ctrl-C to stop.');
    }
  } catch (err) {
    log.error((err as Error).message);
    await shutdown('start-up failed', 1);
  }
}

void main();
