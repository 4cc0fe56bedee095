// normalizeCarc runs on every CAS reason code the classifier, the task page and the appeal letter see.
// Its old regex, /^([A-Z]*)0*(\d+)$/, backtracked quadratically on a long run of zeros that does not end in
// a digit: a 60,000-character CAS reason took over 5 s (issue #11 item 7, found by the 835 fuzzer).
import { describe, expect, it } from 'vitest';
import { findCarcRule, normalizeCarc } from '../../../domain/policy/carc-rules';

describe('normalizeCarc', () => {
  it('drops leading zeros and case, keeps letter prefixes, leaves other text as it is (upper-cased)', () => {
    expect(normalizeCarc('016')).toBe('16');
    expect(normalizeCarc(' 45 ')).toBe('45');
    expect(normalizeCarc('a1')).toBe('A1');
    expect(normalizeCarc('B007')).toBe('B7');
    expect(normalizeCarc('000')).toBe('0');
    expect(normalizeCarc('P')).toBe('P');
    expect(normalizeCarc('4-5')).toBe('4-5');
    expect(normalizeCarc('00x')).toBe('00X');
  });

  it('takes linear time on a 100,000-character code (the quadratic regex took about 15 s)', () => {
    // A wall-clock bound, with a margin of two orders of magnitude either way: linear is a few ms.
    const code = '0'.repeat(99_999) + 'X';
    const started = performance.now();
    expect(normalizeCarc(code)).toBe(code);
    expect(findCarcRule(code)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
