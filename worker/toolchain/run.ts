/** Runs one setup step as a child process: quiet unless it fails, with a heartbeat while it takes long. */
import { spawn } from 'node:child_process';

export class ToolchainError extends Error {}

export type Log = (line: string) => void;

export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; label: string; log: Log }): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // A Go build or an apt install is silent for minutes; a heartbeat shows it is alive.
    const heartbeat = setInterval(() => {
      opts.log(`  … ${opts.label}: ${Math.round((Date.now() - started) / 1000)}s`);
    }, 20_000);
    child.on('error', (err) => {
      clearInterval(heartbeat);
      reject(new ToolchainError(`${opts.label} could not start \`${cmd}\`: ${err.message}`));
    });
    child.on('close', (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else reject(new ToolchainError(`${opts.label} failed (\`${cmd} ${args.join(' ')}\` exited ${code}):\n${tail.trim()}`));
    });
  });
}
