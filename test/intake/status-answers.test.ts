// The answers of a claim status file as the intake routes them: what each is looked up by, and an
// explanation that never carries the identifiers it was found by.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedExplanation, readStatusFile } from '../../client/ingest/status-answers';
import { ack277CA, ack999, status277 } from '../fixtures/claim-status-files';

const fixture = (dir: string, name: string) => fs.readFileSync(path.join(__dirname, '../fixtures', dir, name), 'utf8');

describe('claim status answers', () => {
  it('an explanation that names an identifier is replaced by the code-only sentence', () => {
    expect(checkedExplanation('A7: rejected for ACCT-1001.', ['ACCT-1001'], 'A7: Acknowledgement/Rejected for Invalid Information.')).toBe('A7: Acknowledgement/Rejected for Invalid Information.');
    expect(checkedExplanation('  F2: Finalized/Denial.  ', ['ACCT-1001', undefined, ' '], 'fallback')).toBe('F2: Finalized/Denial.');
    expect(checkedExplanation('', [], 'fallback')).toBe('fallback');
    expect(checkedExplanation('x'.repeat(2000), [], 'fallback')).toHaveLength(1000);
  });

  it('routes a 277 by trace number with payer and REF*EJ to fall back on; a 277CA by payer and TRN*2; a 999 by control number', () => {
    const [s] = readStatusFile('277', status277('04412', [{ trace: 'denial-' + 'a'.repeat(40), stc: 'F2:88', account: 'ACCT-1001' }]), 's.277').answers;
    expect(s!.route).toEqual({ kind: 'claim', traceNumber: 'denial-' + 'a'.repeat(40), payerId: '04412', patientControlNumber: 'ACCT-1001' });
    const [c] = readStatusFile('277CA', ack277CA('04412', [{ account: 'ACCT-2002', stc: 'A7:562:85' }]), 'c.277ca').answers;
    expect(c!.route).toEqual({ kind: 'claim', payerId: '04412', patientControlNumber: 'ACCT-2002' });
    const n = readStatusFile('999', ack999([{ control: '0042', result: 'R' }]), 'n.999').answers;
    expect(n.map((a) => a.route)).toEqual([{ kind: 'sent-file', fileKind: '837', controlNumber: 42 }]);
  });

  it('the public and guide samples: no answer shows a patient control number; the claims of a rejected batch are rejected, a batch that lists none reaches no denial', () => {
    const files = [
      ['277', fixture('277', 'imsweb-x12_277_x212.txt')],
      ['277', fixture('277', 'guide-style-277.txt')],
      ['277CA', fixture('277ca', 'guide-style-277ca-mixed.txt')],
      ['277CA', fixture('277ca', 'guide-style-277ca-batch-rejected.txt')],
      ['277CA', fixture('277ca', 'imsweb-x12_277CA_rejected.txt')],
      ['999', fixture('999', 'guide-style-999-partial.txt')],
    ] as const;
    for (const [source, text] of files) {
      const { answers } = readStatusFile(source, text, 'sample');
      expect(answers.length).toBeGreaterThan(0);
      for (const a of answers) {
        const shown = JSON.stringify({ ...a, route: undefined, identity: undefined });
        for (const id of ['ACCT-', '12345', '12346', '3920394930203', 'W1234567890']) expect(shown).not.toContain(id);
      }
    }
    // The first provider batch, rejected, lists its two claims: each is a rejected answer for its own
    // denial. The second lists none: one answer that reaches no denial, saying why.
    const batches = readStatusFile('277CA', fixture('277ca', 'guide-style-277ca-batch-rejected.txt'), 'b').answers;
    expect(batches.map((a) => [a.classification, a.route.kind])).toEqual([['rejected', 'claim'], ['rejected', 'claim'], ['rejected', 'none']]);
    expect(batches[2]!.route).toEqual({ kind: 'none', reason: expect.stringContaining('a rejected batch that lists no claims') });
  });
});
