import os from 'node:os';
import path from 'node:path';

/** Pinned versions of the real Temporal servers the project builds for itself. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1'; // newest release installable with `go install` (later ones carry a replace directive)
export const TEST_SERVER_VERSION = '1.38.0'; // io.temporal:temporal-test-server, resolved from Maven Central

/**
 * Tools are cached by version in the user's cache directory, so a fresh clone on the same machine
 * (what CI gets) reuses the minutes-long Go build instead of repeating it.
 */
export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DENIALS_TOOLS_DIR) return path.resolve(env.DENIALS_TOOLS_DIR);
  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'denial-orchestrator', 'tools');
}

export function temporalCliDir(env?: NodeJS.ProcessEnv): string {
  return path.join(toolsDir(env), 'temporal-cli', TEMPORAL_CLI_VERSION);
}

/** The Temporal CLI binary: `temporal server start-dev` is the dev server with the Web UI. */
export function temporalCliPath(env?: NodeJS.ProcessEnv): string {
  return path.join(temporalCliDir(env), 'temporal');
}

export function testServerDir(env?: NodeJS.ProcessEnv): string {
  return path.join(toolsDir(env), 'temporal-test-server', TEST_SERVER_VERSION);
}

/** Wrapper script that execs java with the time-skipping test server's main class; argument: the port. */
export function testServerPath(env?: NodeJS.ProcessEnv): string {
  return path.join(testServerDir(env), 'temporal-test-server');
}

/**
 * The Temporal server the CLI embeds (`go version -m temporal` lists go.temporal.io/server at this
 * version), so the cluster runs the same server code as the dev server the tests use.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

export function temporalServerDir(env?: NodeJS.ProcessEnv): string {
  return path.join(toolsDir(env), 'temporal-server', TEMPORAL_SERVER_VERSION);
}

/** The server binary, its SQL schema tool, and the PostgreSQL schema files that ship with that version. */
export function temporalServerPaths(env?: NodeJS.ProcessEnv): { server: string; sqlTool: string; schemaDir: string } {
  const dir = temporalServerDir(env);
  return { server: path.join(dir, 'temporal-server'), sqlTool: path.join(dir, 'temporal-sql-tool'), schemaDir: path.join(dir, 'schema', 'postgresql', 'v12') };
}
