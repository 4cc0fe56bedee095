// The short chaos run of `npm test`: `npm run chaos` itself on 40 denials, with all of its faults (three
// kill -9 of the worker, a restart of the dev server, the same 835 ingested three times, double clicks and a
// later remittance). A new seed each time; a failure prints it, and `npm run chaos -- --denials 40 --seed N`
// runs the same moments again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatFigure } from '../../chaos/figures';
import type { ChaosResult } from '../../chaos/run';
import { repoRoot } from '../support/launcher';

/** Processes that name a chaos run's folder: its dev server (command line) and its workers (DATA_DIR). */
function chaosProcesses(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmd.includes('denials-chaos-') || /(^|\0)DATA_DIR=[^\0]*denials-chaos-/.test(env)) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

let child: ChildProcess | undefined;

function runChaos(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'chaos/index.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    // Progress as it happens: a slow machine shows where the time goes.
    child.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('npm run chaos (40 denials)', () => {
  // A test that times out still stops the run: SIGTERM makes it stop its worker and dev server and remove its folder.
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('every figure meets its want after three kill -9 of the worker and a restart of the dev server', async () => {
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('denials-chaos-')));
    const running = new Set(chaosProcesses());
    // A history that fails to replay is written under test-output, to replay after the run is gone.
    const { code, stdout } = await runChaos(['--denials', '40', '--json', '--evidence', path.join(repoRoot, 'test-output', 'chaos-evidence')]);
    let result: ChaosResult & { error?: string };
    try {
      result = JSON.parse(stdout) as typeof result;
    } catch {
      throw new Error(`npm run chaos printed no JSON (exit code ${code}): ${stdout.slice(0, 2000)}`);
    }
    if (!result.figures) throw new Error(`npm run chaos could not run (exit code ${code}): ${result.error}`);
    process.stderr.write(`${result.figures.map(formatFigure).join('\n')}\nseed ${result.seed}; ${result.faults.join('; ')}; took ${result.seconds} s\n`);
    const failed = result.figures.filter((f) => !f.ok);
    expect(failed, `seed ${result.seed}: ${JSON.stringify(failed, null, 2)}`).toEqual([]);
    expect(code).toBe(0);
    expect(result.faults.filter((f) => f.includes('killed -9'))).toHaveLength(3);
    expect(result.faults.filter((f) => f.includes('dev server restarted'))).toHaveLength(1);
    expect(result.figures.find((f) => f.name === 'workflows')).toMatchObject({ value: '40', ok: true });
    // Its dev server is stopped and its folder (databases, logs, the 835s) is gone.
    expect(chaosProcesses().filter((p) => !running.has(p))).toEqual([]);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('denials-chaos-') && !before.has(f))).toEqual([]);
  }, 900_000);
});
