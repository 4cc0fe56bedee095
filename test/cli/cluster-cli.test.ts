// `npm run cluster`'s refusals: each names what to fix, exits 1, and none of them starts or builds anything.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../support/cli';
import { repoRoot } from '../support/launcher';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-cli-'));
const cluster = (...args: string[]) => runNode(['--import', 'tsx', path.join(repoRoot, 'worker/cluster/main.ts'), ...args], { DATA_DIR: dataDir, DATABASE_URL: '' });

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm run cluster: what it refuses', () => {
  it('a frontend port whose membership port would not fit Temporal’s smallint column', async () => {
    const r = await cluster('--port', '40000');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('--port: expected a port from 1024 to 33067');
  });

  it('an unknown option, listing the known ones; with --json the error is also a JSON line on stdout', async () => {
    const r = await cluster('--prot', '7233', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown option '--prot'.*\(options: --port, --postgres-port, --json\)/);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: expect.stringMatching(/Unknown option '--prot'/) });
  });

  it('a frontend port already in use, named before anything is built or started', async () => {
    const server = net.createServer();
    const port = 20_000 + crypto.randomInt(10_000);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    try {
      const r = await cluster('--port', String(port));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Ports in use on 127.0.0.1: ${port} (frontend)`);
      expect(fs.existsSync(path.join(dataDir, 'temporal-cluster'))).toBe(false);
    } finally {
      server.close();
    }
  });
});
