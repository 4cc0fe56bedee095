/** Runs the product's start command (main.ts, or its build lib/main.js) as a child process, as `npm start` would. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

export interface Launched {
  child: ChildProcess;
  output: () => string;
  ready: Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** `compiled`: the build in lib/ (`npm start`); otherwise the TypeScript source through tsx. */
export function launch(args: string[], env: NodeJS.ProcessEnv, opts: { compiled?: boolean } = {}): Launched {
  const entry = opts.compiled ? [path.join(repoRoot, 'lib', 'main.js')] : ['--import', 'tsx', path.join(repoRoot, 'main.ts')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (parsed.event === 'ready') resolve(parsed);
        } catch {
          // a plain line
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`launcher exited (${code}) before it was ready:\n${out}`)));
  });
  ready.catch(() => undefined); // awaited only by tests that expect a start; others read `exited`
  return { child, output: () => out, ready, exited };
}
