/**
 * Bench parts that run in a child `node --import tsx` process (a clean heap to measure, or a dev server
 * whose banner must not reach the runner's stdout). The child prints its result as one
 * `BENCH-RESULT {json}` line; every other stdout line of the child (and its grandchildren) goes to stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { guard, unguard } from './cleanup';

const RESULT_PREFIX = 'BENCH-RESULT ';

/** In the child: prints the result line. */
export function printResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** In the parent: runs bench/<script> with `args` and resolves with its result. A signal to us stops it. */
export function runChild<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = guard(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    });
    let result: string | undefined;
    let partial = '';
    const line = (text: string) => {
      if (text.startsWith(RESULT_PREFIX)) result = text.slice(RESULT_PREFIX.length);
      else if (text.trim()) process.stderr.write(`${text}\n`);
    };
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      const lines = (partial + data).split('\n');
      partial = lines.pop() ?? '';
      for (const text of lines) line(text);
    });
    child.on('error', (err) => {
      unguard(stop);
      reject(err);
    });
    child.on('close', (code) => {
      unguard(stop);
      line(partial);
      if (code !== 0) reject(new Error(`bench/${script} exited with ${code}`));
      else if (result === undefined) reject(new Error(`bench/${script} printed no result`));
      else resolve(JSON.parse(result) as T);
    });
  });
}
