/**
 * The compiled product (lib/, `npm run build`), for benchmarks of code that `npm start` runs compiled: the
 * build is brought up to date first (as `npm start` does), then the module is loaded from lib/. Loading it
 * from source under tsx would measure esbuild's CommonJS interop (a getter call per use of an import), not
 * what runs in production.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type * as Pipeline from '../client/ingest/pipeline';
import type * as Reader from '../domain/remittance/reader';
import type * as SealedStream from '../runtime/at-rest/sealed-stream';

const ROOT = path.resolve(__dirname, '..');
let built = false;

export function ensureBuilt(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('the build failed (node scripts/build.mjs); see the output above');
  built = true;
}

function load<T>(module: string): T {
  ensureBuilt();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  return require(path.join(ROOT, 'lib', `${module}.js`)) as T;
}

export const compiledReader = () => load<typeof Reader>('domain/remittance/reader');
export const compiledSealedStream = () => load<typeof SealedStream>('runtime/at-rest/sealed-stream');
export const compiledPipeline = () => load<typeof Pipeline>('client/ingest/pipeline');
