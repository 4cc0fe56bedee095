/** Shared CLI plumbing: errors that name what to fix, exit codes scripts can trust. */
import { ConfigError } from '../../runtime/config';
import { restrictUmask } from '../../runtime/at-rest/private-files';

export class UsageError extends Error {}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Prints a failed command's error (usage appended for usage errors) and returns its exit code. */
export function reportCliError(err: unknown, usage: string, json: boolean): number {
  const isUsage = err instanceof UsageError || !!(err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = err instanceof ConfigError ? err.message : (err as Error).message;
  if (json) console.log(JSON.stringify({ ok: false, error: message }));
  else console.error(isUsage ? `${message}\n\n${usage}` : message);
  return isUsage ? EXIT.usage : EXIT.failed;
}

/** Resolves once everything written to `stream` so far has been handed to the OS, or the reader is gone. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    // A reader that went away (`| head`) takes nothing more: EPIPE ends the wait. The listener stays, as
    // the process is about to exit: the error is emitted after the write's callback, and unheard it
    // would print a stack trace.
    stream.on('error', () => resolve());
    stream.write('', () => resolve());
  });
}

/**
 * Exits with `code` once stdout and stderr are drained. process.exit() alone drops what a pipe has not
 * taken yet: `ingest --json big.835 | jq` got the first 64 KiB. It still exits rather than waiting for the
 * event loop to empty, so a handle a command left open (a Temporal connection) cannot keep it running.
 */
export async function exitWhenDrained(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

/**
 * Runs a command's `main` when its file is the one executed: exits with the code it returns, or reports
 * what it threw (as JSON with --json) and exits 1, or 2 for a usage error.
 */
export function runMain(main: (argv: string[]) => number | Promise<number>, usage: string): void {
  // What a command writes (835s, packets, reports, the data folder's files) is for its user only.
  restrictUmask();
  const argv = process.argv.slice(2);
  Promise.resolve()
    .then(() => main(argv))
    .then(
      (code) => exitWhenDrained(code),
      (err: unknown) => exitWhenDrained(reportCliError(err, usage, argv.includes('--json'))),
    );
}
