/**
 * PostgreSQL for the ledger store's tests: Debian's `postgresql` package, whose binaries the tests run
 * as a throwaway cluster. Setup installs it when it may (root, apt-get); otherwise the PostgreSQL tests
 * are skipped, and setup says so in one line without failing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run, type Log } from './run';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The newest installed `/usr/lib/postgresql/<version>/bin` holding initdb, if any. */
export function postgresBinDir(): string | undefined {
  const versions = fs.existsSync(DEBIAN_ROOT) ? fs.readdirSync(DEBIAN_ROOT) : [];
  const newest = versions
    .filter((v) => fs.existsSync(path.join(DEBIAN_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(DEBIAN_ROOT, newest, 'bin') : undefined;
}

function whyNotInstallable(): string | undefined {
  if (process.getuid?.() !== 0) return 'setup is not running as root (install it with `sudo apt-get install postgresql`, or set DATABASE_URL_TEST)';
  const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' });
  if (apt.error || apt.status !== 0) return 'apt-get is not available (install PostgreSQL 13 or newer, or set DATABASE_URL_TEST)';
  return undefined;
}

async function aptInstall(log: Log): Promise<void> {
  // Waits for another apt/dpkg run instead of failing on its lock.
  const install = ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', 'postgresql'];
  const opts = { cwd: '/', env: { DEBIAN_FRONTEND: 'noninteractive' }, log };
  try {
    await run('apt-get', install, { ...opts, label: 'apt-get install postgresql' });
  } catch {
    // A fresh image has no package lists: fetch them once and try again.
    log('  apt-get install failed; updating the package lists (apt-get update) and trying again…');
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { ...opts, label: 'apt-get update' });
    await run('apt-get', install, { ...opts, label: 'apt-get install postgresql' });
  }
}

/** The binaries' folder, or undefined when the PostgreSQL tests will be skipped (the log says why). */
export async function ensurePostgres(log: Log): Promise<string | undefined> {
  const found = postgresBinDir();
  if (found || process.env.DATABASE_URL_TEST) return found;
  const why = whyNotInstallable();
  if (why) {
    log(`PostgreSQL tests will be skipped: PostgreSQL is not installed and ${why}.`);
    return undefined;
  }
  log('Installing PostgreSQL for the ledger store tests (apt-get install postgresql)…');
  const started = Date.now();
  try {
    await aptInstall(log);
  } catch (err) {
    log(`PostgreSQL tests will be skipped: ${(err as Error).message}`);
    return undefined;
  }
  const bin = postgresBinDir();
  log(bin ? `  PostgreSQL ready in ${Math.round((Date.now() - started) / 1000)}s: ${bin}` : `PostgreSQL tests will be skipped: the install left no initdb under ${DEBIAN_ROOT}.`);
  return bin;
}

export interface PostgresRunner {
  /** Runs one of PostgreSQL's programs (initdb, pg_ctl) and throws with its output when it fails. */
  exec(tool: string, args: string[]): void;
  /** Who must own a cluster's folder (set when running as root). */
  owner?: { uid: number; gid: number };
}

/**
 * How to run the installed PostgreSQL's programs, or why they cannot run. initdb refuses to run as root:
 * as root, they run as the `postgres` user Debian's package creates.
 */
export function postgresRunner(): PostgresRunner | string {
  const binDir = postgresBinDir();
  if (!binDir) return 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)';
  const exec = (prefix: string[]) => (tool: string, args: string[]) => {
    const cmd = [...prefix, path.join(binDir, tool), ...args];
    const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', cwd: '/' });
    if (r.error || r.status !== 0) throw new Error(`${tool} failed (exit ${r.status}): ${r.error?.message ?? ''}${r.stderr}${r.stdout}`.trim());
  };
  if (process.getuid?.() !== 0) return { exec: exec([]) };
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!uid) return "running as root and there is no `postgres` user to run initdb as (Debian's postgresql package creates it)";
  return { exec: exec(['runuser', '-u', 'postgres', '--']), owner: { uid, gid: id('-g') } };
}
