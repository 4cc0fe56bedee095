/**
 * Cleanups that also run on Ctrl-C / SIGTERM (temp folders, the dev server, child processes): a
 * benchmark interrupted halfway leaves nothing behind. The handlers are installed only while a cleanup
 * is registered.
 */
const cleanups = new Set<() => unknown>();
let interrupted = false;
/** Longest a signal waits for the cleanups before exiting anyway. */
const CLEANUP_TIMEOUT_MS = 15_000;

function onSignal(signal: NodeJS.Signals): void {
  // A child gets both the terminal's SIGINT and its parent's SIGTERM: the first one cleans up, later ones wait.
  if (interrupted) return;
  interrupted = true;
  process.stderr.write(`${signal}: cleaning up\n`);
  const code = signal === 'SIGINT' ? 130 : 143;
  setTimeout(() => process.exit(code), CLEANUP_TIMEOUT_MS);
  void Promise.allSettled([...cleanups].map(async (c) => c())).then(() => process.exit(code));
}

/** True once a signal started the cleanups: errors from interrupted work are expected then. */
export function interrupting(): boolean {
  return interrupted;
}

/** Registers `cleanup` to run on a signal; returns it so the normal path can call it. */
export function guard<T extends () => unknown>(cleanup: T): T {
  if (cleanups.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.add(cleanup);
  return cleanup;
}

export function unguard(cleanup: () => unknown): void {
  cleanups.delete(cleanup);
  if (cleanups.size === 0) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
