import { describe, expect, it } from 'vitest';
import { detectDelimiters, inferComponentSeparator } from '../../../domain/remittance/delimiters';

const FIXED_ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*P*:~';

describe('detectDelimiters', () => {
  it('reads a fixed-width ISA', () => {
    expect(FIXED_ISA.length).toBe(106);
    const found = detectDelimiters(`${FIXED_ISA}GS*HP`, false);
    expect(found).toMatchObject({ status: 'found', envelope: 'ISA', start: 0, componentKnown: true });
    if (found.status !== 'found') return;
    expect(found.delimiters).toEqual({ element: '*', component: ':', repetition: '^', segment: '~' });
  });

  it('counts separators when the ISA padding was stripped', () => {
    const found = detectDelimiters('ISA*00* *00* *ZZ*NVMED *ZZ*99999999*180613*1230*^*00501*100000300*0*P*:~GS*HP', false);
    expect(found.status === 'found' && found.delimiters).toEqual({ element: '*', component: ':', repetition: '^', segment: '~' });
  });

  it('reads other delimiters and no repetition separator in 4010', () => {
    const isa = 'ISA|00|          |00|          |ZZ|SENDER         |ZZ|RECEIVER       |090101|1200|U|00401|000000001|0|P|>\n';
    expect(detectDelimiters(isa, false).status).toBe('need-more');
    const found = detectDelimiters(`${isa}GS|HP`, false);
    expect(found.status === 'found' && found.delimiters).toEqual({ element: '|', component: '>', repetition: undefined, segment: '\n' });
  });

  it('finds the terminator behind a newline written before it', () => {
    const found = detectDelimiters(`${FIXED_ISA.slice(0, -1)}\r\n~GS*HP`, false);
    expect(found.status === 'found' && found.delimiters.segment).toBe('~');
  });

  it('takes LF as the terminator when the ISA ends in CRLF, and skips BOM and whitespace', () => {
    const found = detectDelimiters(`\ufeff  \r\n${FIXED_ISA.slice(0, -1)}\r\nGS`, false);
    expect(found).toMatchObject({ status: 'found', start: 5 });
    expect(found.status === 'found' && found.delimiters.segment).toBe('\n');
  });

  it('asks for more input while the ISA is incomplete', () => {
    for (let n = 0; n < FIXED_ISA.length; n++) {
      expect(detectDelimiters(FIXED_ISA.slice(0, n), false).status).toBe('need-more');
    }
    // A CR terminator might still be followed by LF.
    expect(detectDelimiters(`${FIXED_ISA.slice(0, -1)}\r`, false).status).toBe('need-more');
  });

  it('infers delimiters from ST when there is no ISA', () => {
    const found = detectDelimiters('ST*835*0001~BPR*I', false);
    expect(found).toMatchObject({ status: 'found', envelope: 'ST', componentKnown: false });
    expect(found.status === 'found' && found.delimiters).toEqual({ element: '*', component: ':', segment: '~' });
    const withRef = detectDelimiters('ST|835|0001|005010X221A1\nBPR|I', false);
    expect(withRef.status === 'found' && withRef.delimiters).toMatchObject({ element: '|', segment: '\n' });
  });

  it('rejects what is not X12', () => {
    expect(detectDelimiters('', true)).toMatchObject({ status: 'invalid', code: 'empty-input' });
    expect(detectDelimiters(' \r\n ', true)).toMatchObject({ status: 'invalid', code: 'empty-input' });
    expect(detectDelimiters('<?xml version="1.0"?>', true)).toMatchObject({ status: 'invalid', code: 'not-x12' });
    expect(detectDelimiters('PK\u0003\u0004\u0014\u0000', true)).toMatchObject({ status: 'invalid', code: 'binary-content' });
    expect(detectDelimiters('ISA*00*short~', true)).toMatchObject({ status: 'invalid', code: 'isa-malformed' });
    expect(detectDelimiters('ISAX00', true)).toMatchObject({ status: 'invalid', code: 'isa-malformed' });
  });
});

describe('inferComponentSeparator', () => {
  it('finds the separator after a two-character qualifier', () => {
    expect(inferComponentSeparator('HC>99213>25', '*')).toBe('>');
    expect(inferComponentSeparator('GO>XXXX', '*')).toBe('>');
    expect(inferComponentSeparator('HC:99213', '*')).toBe(':');
    expect(inferComponentSeparator('CS', '*')).toBeUndefined();
    expect(inferComponentSeparator('HC99213', '*')).toBeUndefined();
  });
});
