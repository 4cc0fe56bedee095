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
