/** The Temporal server as a child process: its output to a log in the data folder, stopped with SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { PASSWORD_ENV } from './server-config';

export interface ServerProcess {
  child: ChildProcess;
  logFile: string;
  /** The exit code once it has exited (null: killed by a signal), undefined while it runs. */
  exited(): number | null | undefined;
  /** Why it could not even start (the binary missing or not executable). */
  spawnError(): string | undefined;
  stop(): Promise<void>;
}

/**
 * What to show of the server's log when it failed: its error and fatal lines (message and error, without
 * the Go stack traces that would bury them), else the last lines as they are.
 */
export function logTail(file: string, lines = 8): string {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const all = text.split('\n').filter(Boolean);
  const errors = all.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
      return entry.level === 'error' || entry.level === 'fatal' ? [`${entry.level}: ${entry.msg}${entry.error ? `: ${entry.error}` : ''}`] : [];
    } catch {
      return [];
    }
  });
  return (errors.length ? errors : all).slice(-lines).map((l) => l.slice(0, 500)).join('\n');
}

/** `root` holds config/cluster.yaml. */
export function startServerProcess(bin: string, root: string, password: string): ServerProcess {
  const logFile = path.join(root, 'server.log');
  const out = fs.openSync(logFile, 'a', OWNER_ONLY_FILE);
  // --allow-no-auth: the CA is the authentication; any holder of a client certificate it signed is trusted.
  // Its own process group: Ctrl-C reaches `npm run cluster`, which then stops the server in order.
  const child = spawn(bin, ['--root', root, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'], {
    cwd: root,
    env: { ...process.env, [PASSWORD_ENV]: password },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  let code: number | null | undefined;
  const done = new Promise<void>((resolve) => {
    child.on('exit', (c) => {
      code = c;
      resolve();
    });
  });
  let spawnError: string | undefined;
  child.on('error', (err) => {
    spawnError = `Could not start the Temporal server ${bin}: ${err.message}`;
  });
  return {
    child,
    logFile,
    exited: () => code,
    spawnError: () => spawnError,
    async stop() {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(killTimer);
    },
  };
}
