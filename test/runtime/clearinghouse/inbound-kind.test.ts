import { describe, expect, it } from 'vitest';
import { inboundKindOf } from '../../../runtime/clearinghouse/inbound-kind';
import { x12 } from './x12-files';

describe('inboundKindOf', () => {
  it('tells remittances, claim status and acknowledgements apart by ST01', () => {
    expect(inboundKindOf(x12('835', { guide: '005010X221A1' }))).toBe('835');
    expect(inboundKindOf(x12('277', { guide: '005010X212' }))).toBe('277');
    expect(inboundKindOf(x12('999', { guide: '005010X231A1' }))).toBe('999');
  });

  it('knows a 277CA by its implementation guide, 005010X214', () => {
    expect(inboundKindOf(x12('277', { guide: '005010X214' }))).toBe('277CA');
  });

  it('reads the separators from the ISA segment', () => {
    expect(inboundKindOf(x12('835', { element: '|', terminator: '\n' }))).toBe('835');
    expect(inboundKindOf(x12('277', { guide: '005010X214', element: '!', terminator: "'" }))).toBe('277CA');
    expect(inboundKindOf(`\uFEFF  ${x12('999')}`)).toBe('999');
  });

  it('finds the envelope at the top of a large file', () => {
    expect(inboundKindOf(x12('835', { filler: 5_000_000 }))).toBe('835');
  });

  it('returns undefined for anything it does not read', () => {
    expect(inboundKindOf(x12('837'))).toBeUndefined();
    expect(inboundKindOf(x12('270'))).toBeUndefined();
    expect(inboundKindOf('')).toBeUndefined();
    expect(inboundKindOf('%PDF-1.7 not an X12 file')).toBeUndefined();
    expect(inboundKindOf('ISA*00*truncated')).toBeUndefined();
  });
});
