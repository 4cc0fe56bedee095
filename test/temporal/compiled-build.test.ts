// `npm run build` and what `npm start` runs: the compiled product in lib/ with its pre-bundled workflows.
// The build is the repository's own lib/ (built here when stale, as `npm start` would), started on a dev
// server of its own; a denial started on it reaches its first task, so the bundle is the real workflow code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionCodec, loadKeyring } from '../../runtime/codec';
import { denialViewQuery } from '../../workflows/denial-messages';
import type { denialWorkflow } from '../../workflows/denial';
import { deniedCase } from '../fixtures/remittances';
import { freePort } from '../support/ports';
import { launch, repoRoot, type Launched } from '../support/launcher';

const build = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('the compiled build', () => {
  let launched: Launched | undefined;

  beforeAll(() => {
    const r = build('--if-stale', '--json');
    expect(r.status, r.stderr).toBe(0);
  }, 600_000);

  afterAll(() => {
    if (launched && launched.child.exitCode === null) launched.child.kill('SIGKILL');
  });

  it('writes lib/ with the entry point, the shipped JavaScript and the workflow bundle, and is fresh afterwards', () => {
    for (const file of ['main.js', 'workflow-bundle.js', 'runtime/failure-converter.js', 'workflows/denial/legacy-rules/frozen.js', 'config/payer-rules.json']) {
      expect(fs.existsSync(path.join(repoRoot, 'lib', file)), file).toBe(true);
    }
    // A compiled build must not carry its own package.json: the templates and config are found beside the real one.
    expect(fs.existsSync(path.join(repoRoot, 'lib', 'package.json'))).toBe(false);
    const again = build('--if-stale', '--json');
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ built: false, reason: 'fresh' });
  });

  it('npm start runs lib/main.js: worker on the prebuilt bundle, web app up, a denial reaches its first task', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-compiled-'));
    const ports = { TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), WEB_PORT: await freePort() };
    launched = launch(['--json'], { DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) }, { compiled: true });
    const ready = await launched.ready;
    expect(ready).toMatchObject({ event: 'ready', code: 'compiled', workflows: 'prebuilt bundle' });

    const health = (await (await fetch(`http://127.0.0.1:${ports.WEB_PORT}/api/health`)).json()) as { status: string };
    expect(health).toEqual({ status: 'ok' });
    // The stylesheet comes from client/web/assets beside package.json, not from lib/.
    expect((await fetch(`http://127.0.0.1:${ports.WEB_PORT}/assets/app.css`)).status).toBe(200);

    const keyring = loadKeyring({ dataDir, embedded: true, warn: () => undefined });
    const client = new Client({
      connection: await Connection.connect({ address: `127.0.0.1:${ports.TEMPORAL_PORT}` }),
      dataConverter: { payloadCodecs: [new EncryptionCodec(keyring)] },
    });
    try {
      const handle = await client.workflow.start<typeof denialWorkflow>('denialWorkflow', {
        taskQueue: 'denials',
        workflowId: 'denial-compiled-build-test',
        args: [{ denial: deniedCase(), eventKey: 'compiled-denial' }],
      });
      await expect.poll(async () => (await handle.query(denialViewQuery)).task?.kind, { timeout: 60_000 }).toBeTruthy();
    } finally {
      await client.connection.close();
    }
    launched.child.kill('SIGTERM');
    expect(await launched.exited).toBe(0);
  }, 300_000);
});
