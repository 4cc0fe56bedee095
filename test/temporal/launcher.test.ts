// The start command end to end: it launches the Temporal dev server itself, runs worker and web, drains on
// SIGTERM, and a second start resumes the same workflow from the same SQLite file.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptionCodec, loadKeyring } from '../../runtime/codec';
import { denialViewQuery, remittanceEventSignal } from '../../workflows/denial-messages';
import type { denialWorkflow } from '../../workflows/denial';
import { deniedCase, paymentEvent } from '../fixtures/remittances';
import { freePort } from '../support/ports';
import { launch, repoRoot, type Launched } from '../support/launcher';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start (launcher)', () => {
  const running: Launched[] = [];
  afterEach(() => {
    for (const l of running) if (l.child.exitCode === null) l.child.kill('SIGKILL');
  });

  it('starts dev server, worker and web; SIGTERM stops all; the next start resumes the same workflow', async () => {
    // Two full starts (dev server, workflow bundle, worker, web) on a loaded 2-core CI machine take
    // minutes at worst; each phase is logged so a slow one can be told from a stuck one.
    const t0 = Date.now();
    const step = (name: string) => console.error(`[launcher test] ${name} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-launcher-'));
    const ports = { TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), WEB_PORT: await freePort(), METRICS_PORT: await freePort() };
    const env = { DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };

    const first = launch(['--json'], env);
    running.push(first);
    const ready = await first.ready;
    step('first start ready');
    expect(ready.temporal).toBe(`127.0.0.1:${ports.TEMPORAL_PORT}`);
    expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);

    // Anonymous: ok or not, without the deployment's details (those are for admins).
    const health = (await (await fetch(`http://127.0.0.1:${ports.WEB_PORT}/api/health`)).json()) as { status: string };
    expect(health).toEqual({ status: 'ok' });
    const page = await (await fetch(`http://127.0.0.1:${ports.WEB_PORT}/status`)).text();
    expect(page).toContain('Healthy');
    // The Web UI is up and serves the namespace's page.
    const ui = await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/api/v1/namespaces/default`);
    expect(ui.status).toBe(200);

    const keyring = loadKeyring({ dataDir, embedded: true, warn: () => undefined });
    const connect = async () =>
      new Client({
        connection: await Connection.connect({ address: `127.0.0.1:${ports.TEMPORAL_PORT}` }),
        dataConverter: { payloadCodecs: [new EncryptionCodec(keyring)] },
      });
    let client = await connect();
    const workflowId = 'denial-launcher-test';
    const handle = await client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
      taskQueue: 'denials',
      workflowId,
      args: [{ denial: deniedCase(), eventKey: 'launcher-denial' }],
    });
    // a person has work to do on it once the worker has run the first task
    await expect.poll(async () => (await handle.query(denialViewQuery)).task?.kind, { timeout: 20_000 }).toBeTruthy();
    await client.connection.close();

    // One scrape target: the product's metrics (the open denial, read from the ledger) and the SDK's worker metrics.
    expect(ready.metrics).toBe(`http://127.0.0.1:${ports.METRICS_PORT}/metrics`);
    await expect
      .poll(async () => (await fetch(ready.metrics as string)).text(), { timeout: 20_000 })
      .toMatch(/^denials_open\{stage="[a-z_]+",route="[a-z_]+",team="[a-z_]+"\} 1$/m);
    const scraped = await (await fetch(ready.metrics as string)).text();
    expect(scraped).toMatch(/^temporal_[a-z_]+(\{[^}]*\})? \d/m);
    expect(scraped).not.toMatch(/Temporal SDK metrics unavailable/);
    expect(scraped).not.toContain(workflowId);
    // The SDK metrics the operations guide's dashboard and alerts use are the ones the SDK exports.
    const alerts = fs.readFileSync(path.join(repoRoot, 'docs', 'operations.md'), 'utf8').split('\n').filter((l) => l.includes('expr:'));
    const queries = [...alerts, fs.readFileSync(path.join(repoRoot, 'docs', 'grafana-dashboard.json'), 'utf8')].join('\n');
    const sdkNames = [...new Set(queries.match(/\btemporal_[a-z_]+/g))];
    expect(sdkNames.length).toBeGreaterThan(0);
    for (const name of sdkNames) expect(scraped, name).toMatch(new RegExp(`^${name}[{ ]`, 'm'));

    step('workflow started');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    step('first stop done');
    expect(first.output()).toContain('Temporal dev server stopped');
    expect(await portOpen(ports.TEMPORAL_PORT)).toBe(false);
    expect(await portOpen(ports.WEB_PORT)).toBe(false);

    const second = launch(['--json'], env);
    running.push(second);
    await second.ready;
    step('second start ready');
    client = await connect();
    const resumed = client.workflow.getHandle<typeof denialWorkflow>(workflowId);
    const payment = paymentEvent();
    await resumed.signal(remittanceEventSignal, { eventKey: 'launcher-payment', event: payment });
    await resumed.signal(remittanceEventSignal, { eventKey: 'launcher-payment', event: payment }); // a duplicate changes nothing
    expect((await resumed.query(denialViewQuery)).duplicatesIgnored).toBe(1);
    await resumed.signal(remittanceEventSignal, { eventKey: 'launcher-payment-2', event: { ...payment, claim: { ...payment.claim, paidCents: 6000 } } });
    expect(await resumed.result()).toMatchObject({ resolution: 'recovered', recoveredCents: 24000, lostCents: 0 });
    await client.connection.close();

    step('workflow completed');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 300_000);

  it('refuses a bad setting with a message naming it, and exit code 2', async () => {
    const bad = launch([], { WEB_PORT: 'eighty', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'denials-bad-')) });
    const code = await bad.exited;
    expect(code).toBe(2);
    expect(bad.output()).toContain('WEB_PORT="eighty": expected WEB_PORT as a whole number from 1 to 65535');
    expect(bad.output()).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });
});
