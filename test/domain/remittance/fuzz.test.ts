// The 835 fuzzer (test/fuzz) inside `npm test`: a shorter run than `npm run fuzz` (10,000 cases), with a
// fixed seed, so it is the same cases every time and a failure names the command that replays it.
// The repository's samples and generated files are always fuzzed. The real payer files of
// ../shared/corpus/835 are fuzzed too when that folder is next to the repository; a user's clone has
// none, and then only that part is skipped, saying so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownFiles, sharedFiles } from '../../fuzz/corpus';
import { PipelineRig } from '../../fuzz/pipeline-case';
import { positionProblems } from '../../fuzz/positions';
import { type CaseFailure, FILE_BOUND_MS, type FuzzFigures, fuzz } from '../../fuzz/runner';
import { deniedRemittance } from '../../fixtures/remittances';

const SEED = 20_261_107;
const shared = sharedFiles();
const skipShared = shared.length > 0 ? '' : ' — SKIPPED: ../shared/corpus/835 not found next to the repository';

/** The three rules, with each failure's replay command in the assertion message. */
function expectClean(figures: FuzzFigures, failures: CaseFailure[], iterations: number): void {
  expect(failures.map((f) => `${f.kind} (${f.detail.split('\n')[0]}): ${f.reproduce}`)).toEqual([]);
  expect(figures.iterations).toBe(iterations);
  expect(figures.uncaughtExceptions).toBe(0);
  expect(figures.rejectionsWithoutPosition).toBe(0);
  // The bound, not a tighter one: typical cases take a few milliseconds and the slowest about
  // a tenth of it, so this fails on quadratic growth, not on a busy machine.
  expect(figures.slowestFileMs).toBeLessThan(FILE_BOUND_MS);
  // The mutations reached every stage: envelopes rejected, claims quarantined, denials classified.
  expect(figures.filesRejected).toBeGreaterThan(0);
  expect(figures.filesRejected).toBeLessThan(iterations);
  expect(figures.claimsQuarantined).toBeGreaterThan(0);
  expect(figures.denialsAssessed).toBeGreaterThan(0);
}

describe('835 fuzz', () => {
  it('1,000 mutations of the samples and generated files: nothing throws, every rejection is positioned, no file over 1 s', async () => {
    const { figures, failures } = await fuzz({ iterations: 1000, seed: SEED, files: await ownFiles() });
    expectClean(figures, failures, 1000);
  });

  it.skipIf(shared.length === 0)(`500 mutations of the real payer files in ../shared/corpus/835${skipShared}`, async () => {
    const { figures, failures } = await fuzz({ iterations: 500, seed: SEED, files: shared });
    expectClean(figures, failures, 500);
  });
});

describe('a 60,000-character CAS reason code (issue #11 item 7)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-regression-'));
  const rig = new PipelineRig(dir);
  afterAll(() => {
    rig.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is rejected at its segment, quickly; it used to start a workflow that failed and cost 5 s per classification', async () => {
    const text = deniedRemittance.replace('CAS*CO*50*240', `CAS*CO*${'0'.repeat(59_999)}X*240`);
    expect(text).not.toBe(deniedRemittance);
    const result = await rig.run('long-reason.835', Buffer.from(text), SEED);
    expect(result.error).toBeUndefined();
    expect(result.ms).toBeLessThan(FILE_BOUND_MS);
    const report = result.report!;
    expect(report.verdict).toBe('rejected');
    expect(report.totals.started).toBe(0);
    const casSegment = deniedRemittance.slice(0, deniedRemittance.indexOf('CAS*CO*50')).split('~').length;
    expect(report.findings.map((f) => [f.code, f.severity, f.position.file, f.position.segment, f.position.segmentId])).toEqual([
      ['element-too-long', 'envelope', 'long-reason.835', casSegment, 'CAS'],
    ]);
    expect(report.findings[0]?.message).toMatch(/^CAS02 is 60000 characters long/);
    expect(positionProblems(report, 'long-reason.835')).toEqual([]);
  });
});
