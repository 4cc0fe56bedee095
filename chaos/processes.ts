/**
 * The separate OS processes of a chaos run: the Temporal dev server (started as the product starts it,
 * worker/dev-server.ts) and the worker (`node --import tsx main.ts --role worker`), so a `kill -9` is a real
 * one. Each worker incarnation writes its output to its own log file in the run's folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** Settings of the parent's environment that must not leak into the worker: the run sets its own. */
const OWN_SETTINGS = /^(TEMPORAL_|DATA_DIR$|DATABASE_URL$|SMTP_URL$|DENIALS_CONFIG$|CODEC_|DENIAL_ID_KEY$|NOTIFICATIONS_CONFIG$|ORGANIZATION_CONFIG$|FEE_SCHEDULE$|LOG_LEVEL$)/;

export function workerEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OWN_SETTINGS.test(k)));
  return { ...inherited, ...settings };
}

/** How long a worker may take to bundle the workflows and connect, on a loaded 2-core machine. */
const READY_TIMEOUT_MS = 240_000;

export class WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves when the worker printed its ready event; rejects if it exits or stays silent first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  private readyAt: number | undefined;
  /** Set when the run ends the process; an exit without it is the worker's own doing. */
  private endedBy: 'kill' | 'stop' | undefined;

  constructor(
    readonly incarnation: number,
    env: NodeJS.ProcessEnv,
    readonly logFile: string,
    /** The script and its arguments, from the repository's root (TypeScript through tsx, compiled .js as is): the product's worker unless told otherwise. */
    argv: readonly string[] = ['main.ts', '--role', 'worker', '--json'],
  ) {
    const out = fs.openSync(logFile, 'a');
    this.child = spawn(process.execPath, [...(argv[0]?.endsWith('.js') ? [] : ['--import', 'tsx']), path.join(REPO_ROOT, argv[0] as string), ...argv.slice(1)], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', out],
      // Its own process group: Ctrl-C reaches the chaos run only, which stops the worker in its cleanup.
      detached: true,
    });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.ready = new Promise<void>((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`worker ${incarnation} was not ready within ${READY_TIMEOUT_MS / 1000}s (its log: ${path.basename(logFile)})`)), READY_TIMEOUT_MS);
      this.child.stdout!.on('data', (chunk: Buffer) => {
        fs.appendFileSync(logFile, chunk);
        buffer += chunk.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.includes('"event":"ready"')) {
            clearTimeout(timer);
            this.readyAt = Date.now();
            resolve();
          }
        }
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`worker ${incarnation} exited (${this.child.exitCode ?? this.child.signalCode}) before it was ready (its log: ${path.basename(logFile)})`));
      });
    });
    this.ready.catch(() => undefined); // awaited by the run; an early exit is reported there
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The process exited, and neither a kill nor a stop of the run ended it. */
  get exitedByItself(): boolean {
    return !this.running && this.endedBy === undefined;
  }

  /** How it ended, for the report: "exit code 1", "signal SIGKILL". */
  get exitDescription(): string {
    return this.child.signalCode ? `signal ${this.child.signalCode}` : `exit code ${this.child.exitCode}`;
  }

  /** `kill -9`: no drain, no goodbye; in-flight workflow tasks and activities are simply gone. */
  async kill9(): Promise<void> {
    if (this.running) {
      this.endedBy = 'kill';
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** Drains (SIGTERM), then kills after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.endedBy = 'stop';
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    this.child.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }
}
