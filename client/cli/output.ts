/** Shared CLI plumbing: errors that name what to fix, exit codes scripts can trust. */
import { ConfigError } from '../../runtime/config';

export class UsageError extends Error {}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function fail(message: string, json: boolean): never {
  if (json) console.log(JSON.stringify({ ok: false, error: message }));
  else console.error(message);
  process.exit(EXIT.failed);
}

/** Prints a failed command's error (usage appended for usage errors) and returns its exit code. */
export function reportCliError(err: unknown, usage: string, json: boolean): number {
  const isUsage = err instanceof UsageError || !!(err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = err instanceof ConfigError ? err.message : (err as Error).message;
  if (json) console.log(JSON.stringify({ ok: false, error: message }));
  else console.error(isUsage ? `${message}\n\n${usage}` : message);
  return isUsage ? EXIT.usage : EXIT.failed;
}

/**
 * Runs a command's `main` when its file is the one executed: exits with the code it returns, or reports
 * what it threw (as JSON with --json) and exits 1, or 2 for a usage error.
 */
export function runMain(main: (argv: string[]) => Promise<number>, usage: string): void {
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => process.exit(code),
    (err: unknown) => process.exit(reportCliError(err, usage, argv.includes('--json'))),
  );
}
