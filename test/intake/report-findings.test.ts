// What an intake report says about findings, checked on the pipeline without Temporal (a dry run).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../client/ingest/pipeline';
import { type ClaimSpec, remittance835 } from '../../domain/remittance/sample-835';

describe('report findings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-findings-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ingest = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return ingestFile(file, { via: 'cli', dryRun: true }, { claimIdKey: crypto.randomBytes(32) });
  };
  const claim = (i: number, extra: Partial<ClaimSpec> = {}): ClaimSpec => ({ account: `A${i}`, icn: `ICN${i}`, status: '1', charge: 100, paid: 50, serviceDate: '2026-01-10', ...extra });

  it('list and count a quarantined claim’s reason once', async () => {
    const text = remittance835({ remitDate: '2026-03-02', claims: [claim(1, { adjustments: [['CO', '45', 50]] }), claim(2, { adjustments: [['CX', '45', 50]] })] });
    const report = await ingest('quarantine.835', text);
    expect(report.verdict).toBe('accepted');
    expect(report.totals).toMatchObject({ claims: 1, quarantined: 1, errors: 1 });
    expect(report.findings.filter((f) => f.severity !== 'warning').map((f) => [f.code, f.position.segmentId])).toEqual([['invalid-code', 'CAS']]);
  });

  it('list why a file was rejected even past the 200 listed (the fuzzer found a truncated file reported with no reason)', async () => {
    // Claims paid 50 of 100 with no adjustment: a claim and a line out of balance each. The last claim
    // is open when the file ends, so it is quarantined unchecked: 149 × 2 warnings.
    const text = remittance835({ remitDate: '2026-03-02', claims: Array.from({ length: 150 }, (_, i) => claim(i)) });
    const report = await ingest('cut.835', text.slice(0, text.indexOf('SE*')));
    expect(report.verdict).toBe('rejected');
    expect(report.totals.warnings).toBe(298);
    expect(report.findings.filter((f) => f.severity === 'warning').length + report.findingsOmitted).toBe(298);
    expect(report.findings.filter((f) => f.severity === 'envelope').map((f) => [f.code, f.position.file, f.position.segmentId])).toEqual([
      ['truncated', 'cut.835', 'DTM'],
    ]);
  });
});
