// `npm run cluster`'s cluster, for real: the Temporal server built by the toolchain (on first use), on a
// throwaway PostgreSQL, frontend behind mutual TLS. A client without our CA's certificate is refused; the
// product's own worker, configured as a deployment joining the cluster, takes a denial to a person's task;
// and the compiled product runs on several nodes (two workers, two web nodes, one PostgreSQL, no shared
// folder): 1,000 denials ingested half through each web node while one worker is killed, each parked once.
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
import { PDFDocument } from 'pdf-lib';
import { generateRemittance } from '../../bench/remittance-generator';
import { claimsFor } from '../../chaos/run';
import { WorkerProcess, workerEnvironment } from '../../chaos/processes';
import { createIdentity } from '../../client/web/auth/identity';
import { PostgresIdentityStore } from '../../client/web/auth/postgres-identity-store';
import { caseFrom, daysFromNow, deniedCase, remittance835 } from '../fixtures/remittances';
import { pageTexts } from '../services/pdf-text';
import { splitRemittance, tallyParked } from '../support/multi-node';
import { freePort } from '../support/ports';
import { signIn } from '../web/support/test-app';
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
      databases: { persistence: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}`, app: `denials_${suffix}` },
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
  it('runs on several nodes: 1,000 denials through two web nodes and two workers, one killed -9, each parked once; a person and a document cross nodes', async () => {
    const nodesDir = path.join(dir, 'nodes');
    fs.mkdirSync(nodesDir, { recursive: true });
    const databaseUrl = cluster.appDatabaseUrl;
    const shared = {
      ...cluster.env,
      DATABASE_URL: databaseUrl,
      CODEC_KEYS: `nodes=${crypto.randomBytes(32).toString('base64')}`,
      DENIAL_ID_KEY: crypto.randomBytes(32).toString('base64'),
      TEMPORAL_TASK_QUEUE: `denials-nodes-${crypto.randomBytes(3).toString('hex')}`,
      REPORT_SCHEDULE: 'off',
      LOG_LEVEL: 'warn',
    };
    const webPorts = [await freePort(), await freePort()];
    // Each node has a data folder of its own: nothing is shared but PostgreSQL and the keys.
    const node = (name: string, role: 'worker' | 'web', extra: Record<string, string> = {}) =>
      new WorkerProcess(0, workerEnvironment({ ...shared, DATA_DIR: path.join(nodesDir, name), ...extra }), path.join(nodesDir, `${name}.log`), ['lib/main.js', '--role', role, '--json']);
    const workers = [node('worker-a', 'worker'), node('worker-b', 'worker')];
    const webs = webPorts.map((port, i) => node(`web-${'ab'[i]}`, 'web', { WEB_PORT: String(port) }));
    const nodes = [...workers, ...webs];
    const base = webPorts.map((port) => `http://127.0.0.1:${port}`);
    const config = loadConfig({ ...shared, DATA_DIR: path.join(nodesDir, 'test-client') });
    /** Set when the test ends, pass or fail: the kill's watch stops polling. */
    let finished = false;
    let killed: Promise<void> = Promise.resolve();
    const client = new Client({ connection: await Connection.connect(connectionOptions(config)), namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config, () => undefined) });
    try {
      await Promise.all(nodes.map((n) => n.ready));
      step('two workers and two web nodes ready');

      const identity = createIdentity(new PostgresIdentityStore(databaseUrl), { secureCookie: false });
      const { key } = await identity.apiKeys.create({ label: 'clearinghouse feed' });

      // One remittance of 1,000 denials, its transaction sets split between the two web nodes.
      const source = path.join(nodesDir, 'month-end.835');
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const generated = await generateRemittance(source, { claims: claimsFor(1000), linesPerClaim: 5, claimsPerSet: 100, seed: 14, remitDate: yesterday });
      expect(generated.expected.denials).toBe(1000);
      const halves = [path.join(nodesDir, 'half-a.835'), path.join(nodesDir, 'half-b.835')] as const;
      splitRemittance(source, halves);
      const ingest = async (web: number, file: string) => {
        const posted = await fetch(`${base[web]}/api/remittances`, { method: 'POST', body: fs.readFileSync(file), headers: { authorization: `Bearer ${key}`, 'x-file-name': path.basename(file) } });
        expect(posted.status, await posted.clone().text()).toBe(202);
        const { report } = (await posted.json()) as { report: string };
        let body: { status: string; totals?: { denials: number; started: number; duplicates: number; signaled: number } } = { status: 'processing' };
        for (let waited = 0; body.status !== 'done'; waited += 500) {
          if (waited > 300_000) throw new Error(`the report of ${path.basename(file)} on web node ${web} was not done in 5 minutes`);
          await new Promise((r) => setTimeout(r, 500));
          const r = await fetch(`${base[web]}${report}`, { headers: { authorization: `Bearer ${key}` } });
          body = (await r.json()) as typeof body;
        }
        return { report, totals: body.totals! };
      };

      // kill -9 of one worker once a fifth of the denials are parked, while the intake still runs.
      killed = (async () => {
        for (let waited = 0; !finished && (await tallyParked(databaseUrl)).parked < 200; waited += 250) {
          if (waited > 600_000) throw new Error('fewer than 200 denials parked in 10 minutes');
          await new Promise((r) => setTimeout(r, 250));
        }
        if (finished) return;
        await workers[0]!.kill9();
        step(`worker a killed -9 with ${(await tallyParked(databaseUrl)).parked} denials parked`);
      })();
      const [a, b] = await Promise.all([ingest(0, halves[0]), ingest(1, halves[1])]);
      step(`ingested: ${a.totals.started} + ${b.totals.started} workflows started`);
      expect(a.totals.denials + b.totals.denials).toBe(1000);
      expect(a.totals.started + b.totals.started).toBe(1000);
      await killed;

      // The journal is shared: the first half again, through the other node, is all duplicates, and that
      // node shows the first node's report.
      const again = await ingest(1, halves[0]);
      expect(again.totals).toMatchObject({ started: 0, signaled: 0, duplicates: a.totals.denials });
      expect((await fetch(`${base[1]}${a.report}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);

      let tally = await tallyParked(databaseUrl);
      for (let waited = 0; tally.parked < 1000; waited += 1000, tally = await tallyParked(databaseUrl)) {
        if (waited > 600_000) throw new Error(`only ${tally.parked} of 1,000 denials parked 10 minutes after the intake`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      step('every denial parked');
      expect(tally).toEqual({ parked: 1000, tasksOpened: 1000, denialsWithTask: 1000, brokenSequences: 0 });
      expect((await client.workflow.count(`WorkflowType = 'denialWorkflow' AND TaskQueue = '${shared.TEMPORAL_TASK_QUEUE}'`)).count).toBe(1000);

      // A person signs in on web node a and acts on web node b; an attachment uploaded on a is in the
      // packet the surviving worker builds.
      const workflowId = `denial-nodes-${crypto.randomUUID()}`;
      // A medical-necessity denial remitted three days ago: its appeal window runs.
      const denial = caseFrom(remittance835({ remitDate: daysFromNow(-3), claims: [{ account: 'NODES-1', icn: 'ICN-NODES-1', status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-30), adjustments: [['CO', '50', 240]], remarks: ['N115'] }] }));
      const handle = await client.workflow.start<typeof denialWorkflow>('denialWorkflow', { taskQueue: shared.TEMPORAL_TASK_QUEUE, workflowId, args: [{ denial, eventKey: `start-${workflowId}`, patient: { name: 'ROE, JANE', memberId: '1EG4TE5MK72' } }] });
      const taskKind = async () => (await handle.query(denialViewQuery)).task?.kind;
      await expect.poll(taskKind, { timeout: 60_000, interval: 250 }).toMatch(/^(confirm_route|prepare_appeal)$/);
      // People sign in on web node a and act on web node b: the session is in PostgreSQL.
      const people = new Map<string, Awaited<ReturnType<typeof signIn>>>();
      const personFor = async () => {
        const task = (await handle.query(denialViewQuery)).task!;
        const role = task.requiredRoles.includes('ar_specialist') ? 'ar_specialist' : task.requiredRoles[0]!;
        if (!people.has(role)) {
          const id = `${role.replace(/_/g, '-')}.${people.size}`;
          await identity.accounts.add({ id, displayName: `Person ${people.size}`, role: role as never, team: task.team as never, password: `${id}-password-123` });
          people.set(role, await signIn(base[0]!, id, `${id}-password-123`));
        }
        const person = people.get(role)!;
        return { cookie: person.cookie, 'x-csrf-token': person.csrfToken };
      };
      const act = async (web: number, action: string, data: Record<string, unknown>) => {
        const view = await handle.query(denialViewQuery);
        const r = await fetch(`${base[web]}/api/denials/${workflowId}/actions/${action}`, {
          method: 'POST',
          body: JSON.stringify({ taskId: view.task!.id, version: view.version, ...data }),
          headers: { ...(await personFor()), 'content-type': 'application/json' },
        });
        expect(r.status, await r.clone().text()).toBe(200);
      };
      // The commercial rules' unverified reconsideration window: a person confirms it first.
      if ((await taskKind()) === 'confirm_route') await act(1, 'confirm-route', { decision: 'confirm', reason: 'The payer confirmed its reconsideration window by phone.' });
      await expect.poll(taskKind, { timeout: 60_000, interval: 250 }).toBe('prepare_appeal');
      const auth = await personFor();
      const note = await PDFDocument.create();
      note.addPage().drawText('Progress note: six weeks of conservative therapy');
      const attached = await fetch(`${base[0]}/api/denials/${workflowId}/documents`, { method: 'POST', body: Buffer.from(await note.save()), headers: { ...auth, 'content-type': 'application/pdf', 'x-file-name': 'progress-note.pdf' } });
      expect(attached.status, await attached.clone().text()).toBe(201);
      await act(1, 'approve-packet', { argument: 'The note documents the failed conservative therapy the LCD requires.' });
      await expect.poll(async () => (await handle.query(denialViewQuery)).packet?.pages ?? 0, { timeout: 60_000, interval: 250 }).toBeGreaterThan(3);
      const packet = await fetch(`${base[0]}/api/denials/${workflowId}/packet.pdf`, { headers: auth });
      expect(packet.status).toBe(200);
      const packetBytes = new Uint8Array(await packet.arrayBuffer());
      const pages = (await PDFDocument.load(packetBytes)).getPageCount();
      expect(pages).toBe((await handle.query(denialViewQuery)).packet!.pages);
      expect((await pageTexts(packetBytes)).join('\n')).toContain('Progress note: six weeks of conservative therapy');
      step(`packet of ${pages} pages built with the attachment from the other node`);
    } finally {
      finished = true;
      await killed.catch(() => undefined);
      await client.connection.close();
      await Promise.all(nodes.map((n) => n.stop(10_000)));
    }
  }, 20 * 60_000);
});
