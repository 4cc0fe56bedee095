// The setup's refusal when a tool is missing: one line, naming the tool and how to get it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPORAL_SERVER_VERSION, temporalCliPath } from '../../worker/toolchain/paths';
import { repoRoot } from '../support/launcher';

function runSetup(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'worker/toolchain/setup.ts')], {
    cwd: repoRoot,
    env: { HOME: os.homedir(), ...env },
    encoding: 'utf8',
  });
}

/** A PATH holding only the named commands (and sh), so the others are missing. */
function pathWith(...commands: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'path-'));
  for (const cmd of ['sh', ...commands]) {
    const found = ['/usr/local/go/bin', '/usr/local/bin', '/usr/bin', '/bin'].map((d) => path.join(d, cmd)).find((p) => fs.existsSync(p));
    if (found) fs.symlinkSync(found, path.join(dir, cmd));
  }
  return dir;
}

describe('toolchain setup', () => {
  it('stops with one line naming go when the Temporal CLI must be built without it', () => {
    const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'tools-'));
    const r = runSetup({ DENIALS_TOOLS_DIR: tools, PATH: pathWith('java', 'mvn') });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/needs `go`, which was not found: install Go/);
  });

  it('stops with one line naming mvn when the test server must be fetched without it', () => {
    const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'tools-'));
    // a Temporal CLI already in this tools folder: only the Maven step is left
    const cli = temporalCliPath({ DENIALS_TOOLS_DIR: tools });
    fs.mkdirSync(path.dirname(cli), { recursive: true });
    fs.symlinkSync(temporalCliPath(), cli);
    const r = runSetup({ DENIALS_TOOLS_DIR: tools, PATH: pathWith('java') });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/needs `mvn`, which was not found: install Apache Maven/);
  });

  it('finds everything in the cache and reports the paths as JSON', () => {
    // the global setup built the tools before this file ran
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'worker/toolchain/setup.ts'), '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const report = JSON.parse(r.stdout) as { ok: boolean; temporalCli: string; testServer: string };
    expect(report.ok).toBe(true);
    expect(fs.existsSync(report.temporalCli)).toBe(true);
    expect(fs.existsSync(report.testServer)).toBe(true);
  });

  it('stops with one line naming go when the Temporal server must be built for the cluster without it', () => {
    const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'tools-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'worker/toolchain/server.ts')], {
      cwd: repoRoot,
      env: { HOME: os.homedir(), DENIALS_TOOLS_DIR: tools, PATH: pathWith() },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/needs `go`, which was not found: install Go/);
  });

  it('pins the cluster to the Temporal server version the CLI embeds', () => {
    const r = spawnSync('go', ['version', '-m', temporalCliPath()], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\sgo\\.temporal\\.io/server\\s+${TEMPORAL_SERVER_VERSION.replaceAll('.', '\\.')}\\s`));
  });
});
