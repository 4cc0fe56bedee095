import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/** Keeps test output readable: the SDK's warnings and errors only. Once per test process. */
export function installQuietRuntime(): void {
  if (installed) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  installed = true;
}
