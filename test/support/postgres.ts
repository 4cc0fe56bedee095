/**
 * A throwaway PostgreSQL for one test file: a cluster initialised in a temp folder and started on a free
 * loopback port (its socket in the same folder), with one database. With DATABASE_URL_TEST set, a fresh
 * database on that server instead (its role needs CREATEDB). `postgresUnavailable` says why neither is
 * possible, for the test to show as it skips.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { postgresRunner, type PostgresRunner } from '../../worker/toolchain/postgres';
import { freePort } from './ports';

export interface TestPostgres {
  /** A database created for this file. */
  url: string;
  /** Another empty database on the same server, for a test that needs its own. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

async function asAdmin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `serverUrl` names the database to connect to for creating the test's own. */
async function onServer(serverUrl: string, stopServer: (created: string[]) => Promise<void>): Promise<TestPostgres> {
  const created: string[] = [];
  const newDatabase = async () => {
    const name = `ledger_test_${crypto.randomBytes(6).toString('hex')}`;
    await asAdmin(serverUrl, `CREATE DATABASE ${name}`);
    created.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return { url: await newDatabase(), newDatabase, stop: () => stopServer(created) };
}

async function startCluster(runner: PostgresRunner): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-ledger-'));
  if (runner.owner) fs.chownSync(dir, runner.owner.uid, runner.owner.gid);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  runner.exec('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const stopCluster = async () => {
    // The whole cluster goes: no need to drop its databases one by one.
    try {
      runner.exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  // A free port can be taken between the probe and the start: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      runner.exec('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
    } catch (err) {
      if (attempt < 3) continue;
      const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`${(err as Error).message}\n${serverLog}`);
    }
    return onServer(`postgres://postgres@127.0.0.1:${port}/postgres`, stopCluster);
  }
}

/** Why the PostgreSQL tests must be skipped here, or undefined when they can run. */
export function postgresUnavailable(): string | undefined {
  if (process.env.DATABASE_URL_TEST) return undefined;
  const runner = postgresRunner();
  return typeof runner === 'string' ? `${runner}, and DATABASE_URL_TEST is not set` : undefined;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const shared = process.env.DATABASE_URL_TEST;
  if (shared) {
    return onServer(shared, async (created) => {
      for (const name of created) await asAdmin(shared, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
  const runner = postgresRunner();
  if (typeof runner === 'string') throw new Error(`Cannot start PostgreSQL: ${runner}`);
  return startCluster(runner);
}

/**
 * A describe block with a throwaway PostgreSQL for its tests (`pg()` once they run); skipped, saying why
 * on the console, where none can be started.
 */
export function describeWithPostgres(name: string, body: (pg: () => TestPostgres) => void): void {
  const missing = postgresUnavailable();
  if (missing) console.log(`Skipping "${name}": ${missing}.`);
  describe.skipIf(missing !== undefined)(name, () => {
    let server: TestPostgres | undefined;
    beforeAll(async () => {
      server = await startTestPostgres();
    });
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (!server) throw new Error('PostgreSQL is not started yet: call pg() inside a test or hook');
      return server;
    });
  });
}
