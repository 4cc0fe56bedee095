/**
 * The cluster's own PostgreSQL when no DATABASE_URL is given: the toolchain's PostgreSQL binaries, a
 * database cluster that persists between runs, password authentication for a `temporal` role whose
 * password stays in the data folder, listening on loopback only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OWNER_ONLY_FILE, makePrivateDir } from '../../runtime/at-rest/private-files';
import { postgresRunner } from '../toolchain/postgres';
import { ClusterError, type Log } from './errors';

export interface LocalPostgres {
  url: string;
  /** Stops the server if this run started it. */
  stop(): void;
}

const ROLE = 'temporal';

/**
 * Where the database files go. As root the programs run as `postgres`, which cannot enter the owner-only
 * data folder: the files then live under /var/lib, in a folder of their own per data folder.
 */
function databaseDir(clusterDir: string, asRoot: boolean): string {
  if (!asRoot) return path.join(clusterDir, 'postgres');
  const id = crypto.createHash('sha256').update(clusterDir).digest('hex').slice(0, 12);
  return path.join('/var/lib/denial-orchestrator', `cluster-postgres-${id}`);
}

export function startLocalPostgres(clusterDir: string, port: number, log: Log): LocalPostgres {
  const runner = postgresRunner();
  if (typeof runner === 'string') {
    throw new ClusterError(`The cluster needs PostgreSQL: ${runner}. Install it (\`npm run setup -- --postgres\` as root, or apt-get install postgresql), or set DATABASE_URL to a server where the role may create databases.`);
  }
  const dir = databaseDir(clusterDir, !!runner.owner);
  const data = path.join(dir, 'data');
  const passwordFile = path.join(clusterDir, 'postgres-password');
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    log(`Creating the cluster's PostgreSQL database files in ${data}…`);
    if (runner.owner) {
      // The parent must let `postgres` pass through; its own folder is the owner's only.
      fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
      fs.chmodSync(path.dirname(dir), 0o755);
    }
    makePrivateDir(dir);
    if (runner.owner) fs.chownSync(dir, runner.owner.uid, runner.owner.gid);
    const password = crypto.randomBytes(24).toString('base64url');
    // initdb reads the password from a file; it lives in the folder the server's user owns, for a moment.
    const pwfile = path.join(dir, 'initial-password');
    fs.writeFileSync(pwfile, `${password}\n`, { mode: OWNER_ONLY_FILE });
    if (runner.owner) fs.chownSync(pwfile, runner.owner.uid, runner.owner.gid);
    try {
      runner.exec('initdb', ['-D', data, '-U', ROLE, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C']);
    } catch (err) {
      throw new ClusterError(`Could not create the cluster's PostgreSQL in ${data}: ${(err as Error).message}`);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
    fs.writeFileSync(passwordFile, password, { mode: OWNER_ONLY_FILE });
  }
  if (!fs.existsSync(passwordFile)) {
    throw new ClusterError(`${passwordFile} is missing, so the cluster cannot sign in to its PostgreSQL in ${data}. Delete ${dir} to start over with an empty cluster, or set DATABASE_URL.`);
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const url = `postgres://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let running = false;
  try {
    runner.exec('pg_ctl', ['-D', data, 'status']);
    running = true;
  } catch {
    // exit 3: not running, which is the usual case
  }
  if (running) {
    log(`The cluster's PostgreSQL (${data}) is already running; using it.`);
    return { url, stop: () => undefined };
  }
  log(`Starting the cluster's PostgreSQL on 127.0.0.1:${port} (${data})…`);
  const serverLog = path.join(dir, 'server.log');
  try {
    runner.exec('pg_ctl', ['-D', data, '-l', serverLog, '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  } catch (err) {
    const tail = fs.existsSync(serverLog) ? fs.readFileSync(serverLog, 'utf8').slice(-1500) : '';
    throw new ClusterError(`The cluster's PostgreSQL did not start on port ${port} (is the port taken? choose another with --postgres-port): ${(err as Error).message}\n${tail}`);
  }
  return {
    url,
    stop: () => {
      try {
        runner.exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch (err) {
        log(`Could not stop the cluster's PostgreSQL: ${(err as Error).message}`);
      }
    },
  };
}
