// `ingest --json big.835 | jq` gets the whole report: a command waits for stdout to drain into the pipe
// before it exits. The report of 468 claims is far larger than a pipe holds (64 KiB on Linux), so an exit
// that does not wait cuts it short and JSON.parse fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRemittance } from '../../bench/remittance-generator';
import type { IngestReport } from '../../client/ingest/report';
import { runCli, runNode, type CliResult } from '../support/cli';
import { repoRoot } from '../support/launcher';

const CLAIMS = 468;
const PIPE_CAPACITY = 64 * 1024;

describe('ingest --json through a pipe', () => {
  let file: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-pipe-'));
    file = path.join(dir, 'big.835');
    const generated = await generateRemittance(file, { claims: CLAIMS, linesPerClaim: 2, claimsPerSet: 100 });
    expect(generated.claims).toBe(CLAIMS);
    env = { DATA_DIR: path.join(dir, 'data') };
  });

  function expectWholeReport(r: CliResult): void {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Otherwise this test could not tell a drained pipe from an undrained one.
    expect(Buffer.byteLength(r.stdout)).toBeGreaterThan(PIPE_CAPACITY);
    const out = JSON.parse(r.stdout) as { ok: boolean; totals: { claims: number }; reports: IngestReport[] };
    expect(out.ok).toBe(true);
    expect(out.totals.claims).toBe(CLAIMS);
    expect(out.reports[0]!.claims).toHaveLength(CLAIMS);
  }

  it('npm run ingest prints the whole report', async () => {
    expectWholeReport(await runCli('ingest.ts', ['--dry-run', '--json', file], env));
  });

  it('the denials bin prints the whole report', async () => {
    expectWholeReport(await runNode([path.join(repoRoot, 'bin', 'denials.mjs'), 'ingest', '--dry-run', '--json', file], env));
  });
});
