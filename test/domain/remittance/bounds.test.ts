// Length bounds (domain/remittance/bounds.ts): an element or an unterminated segment far longer than any
// 835 holds rejects the file with a positioned finding, quickly, whatever the chunking; one at the bound
// is read as usual.
import { describe, expect, it } from 'vitest';
import { readRemittanceText } from '../../../domain/remittance';
import { MAX_CAS_SEGMENTS, MAX_ELEMENT_LENGTH, MAX_LINE_REMARKS, MAX_SEGMENT_LENGTH, MAX_SERVICE_LINES } from '../../../domain/remittance/bounds';
import { claimsOf, endOf, findingCodes, readBytes, sample } from './support';

const base = sample('denials-5010.835').toString('utf8');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** `base` with the first CAS reason code replaced by `reason`. */
const withCasReason = (reason: string) => base.replace(/CAS\*CO\*\w+\*/, `CAS*CO*${reason}*`);

describe('element length bound', () => {
  it('rejects a 60,000-character CAS reason code with its segment, element and length, in any chunking', async () => {
    const text = withCasReason('0'.repeat(59_999) + 'X');
    const casSegment = base.slice(0, base.indexOf('CAS*CO*')).split('~').length;
    for (const chunk of [1024, 65536]) {
      const started = performance.now();
      const end = endOf(await readBytes(utf8(text), 'long-reason.835', chunk));
      // A wall-clock bound with a wide margin: the reader takes milliseconds; the regex it now spares took seconds.
      expect(performance.now() - started).toBeLessThan(1000);
      expect(end.verdict).toBe('rejected');
      expect(end.rejection).toHaveLength(1);
      const [finding] = end.rejection;
      expect(finding).toMatchObject({ code: 'element-too-long', severity: 'envelope', position: { file: 'long-reason.835', segment: casSegment, segmentId: 'CAS' } });
      expect(finding?.message).toMatch(/^CAS02 is 60000 characters long/);
      expect(end.counts.claims).toBeLessThan(readRemittanceText(base, 'x').filter((e) => e.kind === 'claim').length);
    }
  });

  it(`reads an element of exactly ${MAX_ELEMENT_LENGTH} characters, and rejects one more`, () => {
    const payer = (name: string) => base.replace(/N1\*PR\*[^*~]*/, `N1*PR*${name}`);
    const at = readRemittanceText(payer('P'.repeat(MAX_ELEMENT_LENGTH)), 'at.835');
    expect(endOf(at).verdict).toBe('accepted');
    const over = endOf(readRemittanceText(payer('P'.repeat(MAX_ELEMENT_LENGTH + 1)), 'over.835'));
    expect(over.rejection.map((f) => [f.code, f.position.segmentId, f.message.slice(0, 4)])).toEqual([['element-too-long', 'N1', 'N102']]);
  });

  it('rejects a long element in the last segment even when it has no terminator', () => {
    const cut = base.lastIndexOf('IEA');
    const end = endOf(readRemittanceText(`${base.slice(0, cut)}IEA*1*${'9'.repeat(5000)}`, 'tail.835'));
    expect(end.rejection.map((f) => [f.code, f.position.segmentId])).toEqual([['element-too-long', 'IEA']]);
  });
});

describe('segment length bound', () => {
  it('rejects 5 MB without a segment terminator in linear time, positioned at the segment that never ends', async () => {
    // The file declares '~' but stops using it after the first claim: one "segment" of 5 MB.
    const start = base.indexOf('CLP*');
    const text = base.slice(0, start) + 'CLP*' + 'A*1*'.repeat(1_300_000);
    const segment = base.slice(0, start).split('~').length;
    const started = performance.now();
    const events = await readBytes(utf8(text), 'no-terminator.835', 256 * 1024);
    // Joining the tail with each chunk and scanning it again was quadratic: ~20 chunks here, hundreds in a 50 MB file.
    expect(performance.now() - started).toBeLessThan(2000);
    const end = endOf(events);
    expect(end.rejection.map((f) => [f.code, f.position.segment, f.position.segmentId])).toEqual([['segment-too-long', segment, 'CLP']]);
    expect(end.rejection[0]?.message).toContain(`past ${MAX_SEGMENT_LENGTH} characters without a segment terminator ("~")`);
    expect(findingCodes(events)).not.toContain('truncated');
  });
});

describe('repeat limits of a claim', () => {
  /** `base` with `extra` after the first claim's first LQ (inside its first service line). */
  const withinFirstLine = (extra: string) => base.replace('LQ*HE*N115~\n', `LQ*HE*N115~\n${extra}`);
  const firstClaim = (text: string) => {
    const events = readRemittanceText(text, 'repeats.835');
    const quarantined = events.find((e) => e.kind === 'quarantined' && e.patientControlNumber === 'PCN-A1001');
    const accepted = claimsOf(events).some((c) => c.claim.patientControlNumber === 'PCN-A1001');
    return { quarantined, accepted };
  };

  it.each([
    ['CAS segments on a line', 'CAS*CO*50*0~\n', MAX_CAS_SEGMENTS - 1, 'CAS', `Service line 1 has more than ${MAX_CAS_SEGMENTS} CAS segments`],
    ['LQ remarks on a line', 'LQ*HE*N115~\n', MAX_LINE_REMARKS - 1, 'LQ', `Service line 1 has more than ${MAX_LINE_REMARKS} LQ remarks`],
    ['service lines in a claim', 'SVC*HC:97110*0*0~\n', MAX_SERVICE_LINES - 1, 'SVC', `Claim PCN-A1001 has more than ${MAX_SERVICE_LINES} service lines`],
  ])('%s: up to the limit the claim is read; one more quarantines it, at that segment', (_what, segment, upToLimit, id, message) => {
    expect(firstClaim(withinFirstLine(segment.repeat(upToLimit))).accepted).toBe(true);
    const { quarantined, accepted } = firstClaim(withinFirstLine(segment.repeat(upToLimit + 1)));
    expect(accepted).toBe(false);
    if (quarantined?.kind !== 'quarantined') throw new Error('the claim was not quarantined');
    expect(quarantined.findings.map((f) => [f.code, f.position.segmentId, f.message])).toEqual([
      ['too-many-segments', id, `${message}, the most the 835 implementation guide allows.`],
    ]);
  });

  it('a line with 30,000 repeats of its CAS and LQ: one finding per limit passed, the claim quarantined, the rest read', () => {
    const events = readRemittanceText(withinFirstLine('CAS*CO*50*0~\nLQ*HE*N115~\n'.repeat(30_000)), 'repeats.835');
    expect(findingCodes(events).filter((c) => c === 'too-many-segments')).toHaveLength(2);
    expect(claimsOf(events)).toHaveLength(claimsOf(readRemittanceText(base, 'base.835')).length - 1);
  });
});
