/** Runs one of the project's CLI commands as a child process, the way a person or a script would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './launcher';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <args>` from the clone with stdout and stderr read through pipes to their end. Resolves on
 * 'close', not 'exit': a child can have exited while its last output is still in the pipe.
 */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function runCli(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runNode(['--import', 'tsx', path.join(repoRoot, 'client/cli', script), ...args], env);
}
