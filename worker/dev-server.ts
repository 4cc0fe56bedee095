/**
 * The embedded Temporal: `temporal server start-dev` as a child process with a SQLite file under the data
 * folder, the project's search attributes and the Web UI. Started and stopped with the product.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType, type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import type { Config } from '../runtime/config';
import { makePrivateDir, OWNER_ONLY_FILE } from '../runtime/at-rest/private-files';
import { temporalCliPath } from './toolchain/paths';
import { cliTypeName, denialSearchAttributes } from '../workflows/search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string;
  /** null when this process joined a dev server that was already running */
  child: ChildProcess | null;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

export class DevServerError extends Error {}

export function devServerArgs(config: Config): string[] {
  const args = [
    'server', 'start-dev',
    '--db-filename', path.join(config.dataDir, 'temporal.db'),
    // WAL lets the UI and visibility readers run beside the writer; NORMAL sync is safe under WAL.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    '--ip', '127.0.0.1',
    '--port', String(config.TEMPORAL_PORT),
    '--ui-port', String(config.TEMPORAL_UI_PORT),
    '--namespace', config.TEMPORAL_NAMESPACE,
    '--log-level', 'warn',
  ];
  for (const key of denialSearchAttributes) args.push('--search-attribute', `${key.name}=${cliTypeName[key.type]}`);
  return args;
}

/** One health probe: the frontend answers and the namespace exists. */
async function probe(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Registers the search attributes that are missing. start-dev only registers them when it creates the
 * database, so a database from an older version of the project would otherwise lack new ones.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: SearchAttributeKey<SearchAttributeType>[] = denialSearchAttributes,
): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = keys.filter((k) => !known.has(k.name));
  await addSearchAttributes(connection, namespace, missing);
  return missing.map((k) => k.name);
}

/** Adds search attributes without looking first (the time-skipping test server has no List call). */
export async function addSearchAttributes(connection: Connection, namespace: string, keys: SearchAttributeKey<SearchAttributeType>[]): Promise<void> {
  if (!keys.length) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(keys.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
  });
}

function tail(file: string, bytes = 3000): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-bytes).trim();
  } catch {
    return '';
  }
}

function pidFile(config: Config): string {
  return path.join(config.dataDir, 'temporal-server.pid');
}

/**
 * A dev server left running by a launcher that was killed outright (SIGKILL, power loss of the terminal)
 * still holds the database; stop it so this start owns the server it depends on.
 */
async function stopLeftover(config: Config, log: Log): Promise<void> {
  const file = pidFile(config);
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  fs.rmSync(file, { force: true });
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // not running any more
  }
  if (!cmdline.includes('start-dev') || !cmdline.includes(path.join(config.dataDir, 'temporal.db'))) return;
  log(`Stopping a dev server left over from an earlier run (pid ${pid})…`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 60 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 250));
  if (fs.existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

export async function startDevServer(config: Config, log: Log, timeoutMs = 60_000): Promise<DevServer> {
  const address = config.temporalAddress;
  const uiUrl = `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
  await stopLeftover(config, log);
  if (await probe(address, config.TEMPORAL_NAMESPACE)) {
    log(`A Temporal dev server is already running at ${address}; joining it.`);
    await registerAttributes(address, config.TEMPORAL_NAMESPACE, log);
    return { address, uiUrl, child: null, stop: async () => undefined };
  }
  const bin = temporalCliPath();
  if (!fs.existsSync(bin)) {
    throw new DevServerError(`The Temporal CLI is not built yet (${bin}); run \`npm install\` or \`npm start\`, which build it.`);
  }
  makePrivateDir(config.dataDir);
  const logFile = path.join(config.dataDir, 'temporal-server.log');
  const out = fs.openSync(logFile, 'a', OWNER_ONLY_FILE);
  log(`Starting the Temporal dev server (database ${path.join(config.dataDir, 'temporal.db')}, log ${logFile})…`);
  // Its own process group: Ctrl-C in the terminal reaches the launcher only, which drains the worker
  // first and then stops the server, instead of the server dying under a draining worker.
  const child = spawn(bin, devServerArgs(config), { stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  if (child.pid) fs.writeFileSync(pidFile(config), String(child.pid), { mode: OWNER_ONLY_FILE });
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });

  const started = Date.now();
  while (!(await probe(address, config.TEMPORAL_NAMESPACE))) {
    if (exited !== undefined) {
      throw new DevServerError(`The Temporal dev server exited (code ${exited}) before it was ready. Its log (${logFile}):\n${tail(logFile)}`);
    }
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new DevServerError(`The Temporal dev server did not become healthy within ${timeoutMs / 1000}s. Its log (${logFile}):\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await registerAttributes(address, config.TEMPORAL_NAMESPACE, log);

  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited !== undefined) return resolve();
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(killTimer);
        fs.rmSync(pidFile(config), { force: true });
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { address, uiUrl, child, stop };
}

async function registerAttributes(address: string, namespace: string, log: Log): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const added = await ensureSearchAttributes(connection, namespace);
    if (added.length) log(`Registered search attributes on the existing database: ${added.join(', ')}`);
  } finally {
    await connection.close();
  }
}
