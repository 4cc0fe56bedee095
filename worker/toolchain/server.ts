/**
 * The real Temporal server for `npm run cluster`: go.temporal.io/server's server and SQL schema tool,
 * built with `go install` at the version the CLI embeds, with that version's PostgreSQL schema files
 * copied next to them (so running the cluster needs neither Go nor the module cache). Built only when the
 * cluster first needs it: `npm start` and the rest of the tests never pay for it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TEMPORAL_SERVER_VERSION, temporalServerDir, temporalServerPaths } from './paths';
import { installAtomically, requireCommand, withLock } from './install';
import { run, ToolchainError, type Log } from './run';

const MODULE = 'go.temporal.io/server';

const ModuleInfo = z.object({ Dir: z.string().min(1) });

/** Where `go mod download` put the server module's source (its schema/ folder is what we need). */
function moduleDir(): string {
  const r = spawnSync('go', ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  const parsed = r.status === 0 ? ModuleInfo.safeParse(JSON.parse(r.stdout || '{}')) : undefined;
  if (!parsed?.success) {
    throw new ToolchainError(`Could not find the source of ${MODULE}@${TEMPORAL_SERVER_VERSION} (\`go mod download -json\` exited ${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  }
  return parsed.data.Dir;
}

/** Copies from the read-only module cache keep their modes; a later clean-up must be able to delete them. */
function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(file);
    else fs.chmodSync(file, 0o644);
  }
}

export async function ensureTemporalServer(log: Log): Promise<ReturnType<typeof temporalServerPaths>> {
  const paths = temporalServerPaths();
  const ready = () => fs.existsSync(paths.server) && fs.existsSync(paths.sqlTool) && fs.existsSync(paths.schemaDir);
  if (ready()) return paths;
  requireCommand('go');
  await withLock(temporalServerDir(), log, async () => {
    if (ready()) return;
    log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL schema tool with \`go install\`; the first build takes several minutes…`);
    const started = Date.now();
    await installAtomically(temporalServerDir(), async (tmp) => {
      await run('go', ['install', '-trimpath', '-ldflags=-s -w', `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`], {
        cwd: tmp,
        env: { GOBIN: tmp, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
        label: 'go install temporal server and sql tool',
        log,
      });
      fs.renameSync(path.join(tmp, 'server'), path.join(tmp, 'temporal-server'));
      fs.renameSync(path.join(tmp, 'sql'), path.join(tmp, 'temporal-sql-tool'));
      const schema = path.join(moduleDir(), 'schema', 'postgresql', 'v12');
      if (!fs.existsSync(path.join(schema, 'temporal', 'versioned'))) {
        throw new ToolchainError(`${MODULE}@${TEMPORAL_SERVER_VERSION} has no PostgreSQL schema at ${schema}.`);
      }
      const copy = path.join(tmp, 'schema', 'postgresql', 'v12');
      fs.cpSync(schema, copy, { recursive: true });
      makeWritable(copy);
    });
    log(`  Temporal server ready in ${Math.round((Date.now() - started) / 1000)}s: ${temporalServerDir()}`);
  });
  return paths;
}

if (require.main === module) {
  ensureTemporalServer((line) => console.log(line)).then(
    (p) => console.log(JSON.stringify(p)),
    (err: unknown) => {
      console.error(err instanceof ToolchainError ? err.message : `Building the Temporal server failed: ${(err as Error).message}`);
      process.exitCode = 1;
    },
  );
}
