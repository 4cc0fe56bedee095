// Bad input to `npm run ingest` gets one clear line per file, naming it and the problem, never a stack
// trace, and a non-zero exit code. Uses the shipped samples/bad files (no ../shared needed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/launcher';

function ingest(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'client/cli/ingest.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-')) },
    encoding: 'utf8',
  });
}

describe('npm run ingest with bad input', () => {
  it('rejects each bad file with its reason and exits 1', () => {
    const r = ingest(['--dry-run', path.join(repoRoot, 'samples/bad'), '/nonexistent/remit.835']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^binary-garbage\.835: REJECTED, nothing started\. .*binary/m);
    // An 837 is no longer bad input: it is read as the practice's own claims (claims-intake.test.ts).
    expect(r.stdout).toMatch(/^claim-837\.837: 837: 1 submitted claims \(250\.00 charged\), dry run: nothing stored\./m);
    expect(r.stdout).toMatch(/^empty\.835: REJECTED, nothing started\. The file is empty/m);
    expect(r.stdout).toMatch(/^truncated\.835: REJECTED, nothing started\. The file is truncated.*segment \d+/m);
    expect(r.stderr).toContain('/nonexistent/remit.835: no such file or folder');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });

  it('reports the same as JSON, with the finding positions', () => {
    const r = ingest(['--dry-run', '--json', path.join(repoRoot, 'samples/bad/truncated.835')]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; reports: { verdict: string; findings: { position: { segment: number; segmentId: string } }[] }[] };
    expect(out.ok).toBe(false);
    expect(out.reports[0]!.verdict).toBe('rejected');
    expect(out.reports[0]!.findings[0]!.position).toMatchObject({ segmentId: 'SVC' });
  });

  it('a file with one malformed claim is accepted, the claim quarantined, the rest read', () => {
    const r = ingest(['--dry-run', '--json', path.join(repoRoot, 'samples/malformed-claims.835')]);
    const out = JSON.parse(r.stdout) as { reports: { verdict: string; totals: { quarantined: number; claims: number } }[] };
    expect(out.reports[0]!.verdict).toBe('accepted');
    expect(out.reports[0]!.totals.quarantined).toBeGreaterThan(0);
    expect(out.reports[0]!.totals.claims).toBeGreaterThan(0);
  });
});
