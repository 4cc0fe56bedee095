/**
 * Builds the real Temporal servers this project runs on: the Temporal CLI (dev server + Web UI) from Go
 * source, and the time-skipping test server from Maven; for tests, also PostgreSQL (see postgres.ts) and
 * Chromium (see chromium.ts).
 * Idempotent; each artifact is built into a temporary folder and renamed into place, so an interrupted
 * build never leaves a half-installed tool behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
  temporalCliDir,
  temporalCliPath,
  testServerDir,
  testServerPath,
  toolsDir,
} from './paths';
import { ensureChromium } from './chromium';
import { ensureOpenSsh } from './openssh';
import { ensurePostgres } from './postgres';
import { installAtomically, requireCommand, withLock } from './install';
import { run, ToolchainError, type Log } from './run';

export { ToolchainError };

export async function ensureTemporalCli(log: Log): Promise<string> {
  const bin = temporalCliPath();
  if (fs.existsSync(bin)) return bin;
  requireCommand('go');
  await withLock(temporalCliDir(), log, async () => {
    if (fs.existsSync(bin)) return;
    log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} (dev server + Web UI) with \`go install\`; the first build takes several minutes…`);
    const started = Date.now();
    await installAtomically(temporalCliDir(), async (tmp) => {
      await run('go', ['install', '-trimpath', '-ldflags=-s -w', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
        cwd: tmp,
        env: { GOBIN: tmp, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
        label: 'go install temporal',
        log,
      });
    });
    log(`  Temporal CLI ready in ${Math.round((Date.now() - started) / 1000)}s: ${bin}`);
  });
  return bin;
}

function testServerPom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.denials</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

export async function ensureTestServer(log: Log): Promise<string> {
  const wrapper = testServerPath();
  requireCommand('java');
  if (fs.existsSync(wrapper)) return wrapper;
  requireCommand('mvn');
  await withLock(testServerDir(), log, async () => {
    if (fs.existsSync(wrapper)) return;
    log(`Fetching the Temporal time-skipping test server ${TEST_SERVER_VERSION} from Maven…`);
    const started = Date.now();
    await installAtomically(testServerDir(), async (tmp) => {
      fs.writeFileSync(path.join(tmp, 'pom.xml'), testServerPom());
      await run('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'], {
        cwd: tmp,
        label: 'mvn dependency:copy-dependencies',
        log,
      });
      const libDir = path.join(testServerDir(), 'lib');
      // The SDK gives the server about 5 s to listen: a client JIT and serial GC keep the JVM start near 1 s.
      const script = `#!/bin/sh
# Temporal time-skipping test server ${TEST_SERVER_VERSION}; argument: the port to listen on.
exec java \${DENIALS_TEST_SERVER_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto} -cp "${libDir}/*" io.temporal.testserver.TestServer "$@"
`;
      fs.writeFileSync(path.join(tmp, 'temporal-test-server'), script, { mode: 0o755 });
    });
    log(`  test server ready in ${Math.round((Date.now() - started) / 1000)}s: ${wrapper}`);
  });
  return wrapper;
}

/** `postgres`, `chromium`, `openssh`: make sure PostgreSQL's binaries, the browser and sshd are there for the tests (never fails setup). */
export async function setupToolchain(
  opts: { log?: Log; testServer?: boolean; postgres?: boolean; chromium?: boolean; openssh?: boolean } = {},
): Promise<{ temporalCli: string; testServer?: string; postgres?: string; chromium?: string; openssh?: string }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const temporalCli = await ensureTemporalCli(log);
  const testServer = opts.testServer === false ? undefined : await ensureTestServer(log);
  const postgres = opts.postgres ? await ensurePostgres(log) : undefined;
  const chromium = opts.chromium ? await ensureChromium(log) : undefined;
  const openssh = opts.openssh ? await ensureOpenSsh(log) : undefined;
  return { temporalCli, testServer, postgres, chromium, openssh };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const log = json ? () => undefined : (line: string) => console.log(line);
  const withTestServer = !process.argv.includes('--no-test-server');
  // Only for tests: `npm start` (same bootstrap) must not install a database server or a browser on a deployment.
  const forTests = process.env.npm_lifecycle_event === 'pretest';
  const withPostgres = process.argv.includes('--postgres') || forTests;
  const withChromium = process.argv.includes('--chromium') || forTests;
  const withOpenSsh = process.argv.includes('--openssh') || forTests;
  try {
    const started = Date.now();
    const result = await setupToolchain({ log, testServer: withTestServer, postgres: withPostgres, chromium: withChromium, openssh: withOpenSsh });
    if (json) console.log(JSON.stringify({ ok: true, toolsDir: toolsDir(), ...result, seconds: (Date.now() - started) / 1000 }));
    else console.log(`Toolchain ready in ${toolsDir()}`);
  } catch (err) {
    const message = err instanceof ToolchainError ? err.message : `Toolchain setup failed: ${(err as Error).message}`;
    if (json) console.log(JSON.stringify({ ok: false, error: message }));
    else console.error(message);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
