/**
 * The persistence and visibility databases, made and brought up to the server's schema version by
 * Temporal's own SQL tool. Re-running is safe: a database is created and its versioning set up only the
 * first time; update-schema then applies whatever versions are missing.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { ClusterError, type Log } from './errors';

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** A database the role may connect to, from which it creates the others. */
  adminDatabase: string;
}

export interface DatabaseNames {
  persistence: string;
  visibility: string;
  /** The app's own (DATABASE_URL); default `denials`. */
  app?: string;
}

export function targetFromUrl(url: string): PostgresTarget {
  const u = new URL(url);
  const adminDatabase = decodeURIComponent(u.pathname.slice(1)) || 'postgres';
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), adminDatabase };
}

async function withAdmin<T>(target: PostgresTarget, fn: (c: Client) => Promise<T>, database = target.adminDatabase): Promise<T> {
  const { host, port, user, password } = target;
  const client = new Client({ host, port, user, password, database });
  try {
    await client.connect();
  } catch (err) {
    throw new ClusterError(`Cannot connect to PostgreSQL at ${target.host}:${target.port} as ${target.user} (database ${database}): ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(target: PostgresTarget, name: string): Promise<boolean> {
  return withAdmin(target, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

async function hasVersioning(target: PostgresTarget, name: string): Promise<boolean> {
  return withAdmin(target, async (c) => (await c.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'schema_version'")).rowCount === 1, name);
}

function sqlTool(bin: string, target: PostgresTarget, database: string, args: string[], what: string): Promise<void> {
  const connection = ['--plugin', 'postgres12', '--ep', target.host, '--port', String(target.port), '--user', target.user, '--db', database];
  return new Promise((resolve, reject) => {
    // The password goes through the environment (SQL_PASSWORD), not the command line that `ps` shows.
    const child = spawn(bin, [...connection, ...args], { env: { ...process.env, SQL_PASSWORD: target.password }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-3000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => reject(new ClusterError(`Could not run the Temporal SQL tool ${bin}: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new ClusterError(`The Temporal SQL tool failed to ${what} (exit ${code}):\n${out.trim()}`))));
  });
}

/** `schemaDir`: the server version's schema/postgresql/v12 folder. */
export async function setupDatabases(bin: string, schemaDir: string, target: PostgresTarget, names: DatabaseNames, log: Log): Promise<void> {
  const schemas: [string, string][] = [
    [names.persistence, path.join(schemaDir, 'temporal', 'versioned')],
    [names.visibility, path.join(schemaDir, 'visibility', 'versioned')],
  ];
  for (const [db, versioned] of schemas) {
    if (!(await databaseExists(target, db))) {
      log(`Creating the database ${db}…`);
      await sqlTool(bin, target, db, ['create-database', '--defaultdb', target.adminDatabase], `create the database ${db} (the role needs CREATEDB)`);
    }
    if (!(await hasVersioning(target, db))) {
      await sqlTool(bin, target, db, ['setup-schema', '-v', '0.0'], `set up schema versioning in ${db}`);
    }
    log(`Bringing ${db} up to the server's schema (update-schema)…`);
    await sqlTool(bin, target, db, ['update-schema', '-d', versioned], `update the schema of ${db}`);
  }
}

/** The app's own database (DATABASE_URL) on the cluster's PostgreSQL, created empty: the app migrates it. */
export async function ensureAppDatabase(target: PostgresTarget, name: string, log: Log): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new ClusterError(`The app database name ${name} must be lower-case letters, digits and _.`);
  if (!(await databaseExists(target, name))) {
    log(`Creating the app's database ${name}…`);
    await withAdmin(target, (c) => c.query(`CREATE DATABASE ${name}`));
  }
  const url = new URL(`postgres://${target.host}:${target.port}/${name}`);
  url.username = target.user;
  url.password = target.password;
  return url.toString();
}
