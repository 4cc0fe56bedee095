/** What every cached tool's build shares: a check for the build command, a lock, and an atomic install. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ToolchainError, type Log } from './run';

const HOW_TO_GET: Record<string, string> = {
  go: 'install Go 1.25 or newer (https://go.dev/doc/install, or `apt-get install golang`) and put `go` on PATH',
  java: 'install a Java runtime 11 or newer (`apt-get install openjdk-17-jre-headless`) and put `java` on PATH',
  mvn: 'install Apache Maven (`apt-get install maven`) and put `mvn` on PATH',
};

export function requireCommand(cmd: 'go' | 'java' | 'mvn'): void {
  const probe = spawnSync(cmd, [cmd === 'go' ? 'version' : '-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new ToolchainError(`Toolchain setup needs \`${cmd}\`, which was not found: ${HOW_TO_GET[cmd]}.`);
  }
}

/** A per-tool lock, so that `npm install`'s postinstall and a concurrent `npm test` do not build twice. */
export async function withLock<T>(dir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (owner && !isAlive(owner)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new ToolchainError(`Timed out waiting for another setup to finish (${lock}).`);
      log(`  waiting for another setup process (pid ${owner}) building ${path.basename(path.dirname(dir))}…`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function installAtomically(finalDir: string, build: (tmpDir: string) => Promise<void>): Promise<void> {
  const tmp = `${finalDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await build(tmp);
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmp, finalDir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
