// Layout quirks and streaming: the same remittance written in different ways must read the same,
// whatever the chunk boundaries.
import { describe, expect, it } from 'vitest';
import { readRemittanceText, type RemittanceReadEvent } from '../../../domain/remittance';
import { asyncChunksOf, chunksOf, claimsOf, endOf, findingCodes, readAll, readBytes, sample } from './support';

const base = sample('denials-5010.835').toString('utf8');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Claims as data, without positions (segment numbers legitimately differ between layouts). */
function claimData(events: RemittanceReadEvent[]): unknown {
  return JSON.parse(JSON.stringify(claimsOf(events).map((c) => ({ claim: c.claim, payer: c.context.payer, payee: c.context.payee })), (k, v: unknown) => (k === 'position' ? undefined : v)));
}

const expected = claimData(readRemittanceText(base, 'base'));

const segmentsOf = (text: string) => text.split('~').map((s) => s.trim()).filter(Boolean);
const stripIsaPadding = (text: string) => text.replace(/^ISA.*?~/, (isa) => isa.replace(/ {2,}/g, ' '));
const headless = (text: string) =>
  segmentsOf(text)
    .filter((s) => !/^(ISA|GS|GE|IEA)\*/.test(s))
    .join('~') + '~';

const layouts: [string, string][] = [
  ['one line, no newlines', segmentsOf(base).join('~') + '~'],
  ['CRLF after each terminator', segmentsOf(base).join('~\r\n') + '~\r\n'],
  ['BOM, CRLF and indentation', '\ufeff' + segmentsOf(base).map((s, i) => ' '.repeat(i % 7) + s).join('~\r\n') + '~\r\n'],
  ['blank lines between segments', segmentsOf(base).join('~\n\n  \n') + '~\n\n'],
  ['newline as the segment terminator', segmentsOf(base).join('\n') + '\n'],
  ['CRLF as the segment terminator', segmentsOf(base).join('\r\n') + '\r\n'],
  ['a newline before each terminator', segmentsOf(base).join('\n~') + '\n~'],
  ['ISA without its fixed-width padding', stripIsaPadding(base)],
  ['other delimiters (| element, > component)', base.replaceAll('*', '|').replaceAll('HC:', 'HC>').replaceAll(':GP', '>GP').replaceAll(':25', '>25').replaceAll('L6:', 'L6>').replaceAll('WO:', 'WO>').replace('|P|:~', '|P|>~')],
];

describe('layout quirks read the same claims', () => {
  it.each(layouts)('%s', async (_name, text) => {
    const events = await readBytes(utf8(text), 'layout.835', 13);
    expect(endOf(events).verdict).toBe('accepted');
    expect(findingCodes(events)).toEqual([]);
    expect(claimData(events)).toEqual(expected);
  });

  it('a file that starts at ST (no ISA/GS) infers delimiters, including a > component separator', async () => {
    const text = headless(base).replaceAll('HC:', 'HC>').replaceAll(':GP', '>GP').replaceAll(':25', '>25').replaceAll('L6:', 'L6>').replaceAll('WO:', 'WO>');
    const events = await readBytes(utf8(text), 'headless.835', 5);
    expect(endOf(events).verdict).toBe('accepted');
    expect(findingCodes(events)).toEqual(['no-interchange-envelope']);
    expect(claimData(events)).toEqual(expected);
    expect(claimsOf(events)[0]?.context.interchange).toBeUndefined();
  });

  it('reads a procedure written with a component separator other than ISA16, with a warning', async () => {
    const text = base.replace('SVC*HC:97110:GP', 'SVC*HC>97110>GP');
    const events = readRemittanceText(text, 'mismatch.835');
    expect(findingCodes(events)).toEqual(['component-separator-mismatch']);
    expect(claimsOf(events)[0]?.claim.serviceLines[0]?.procedure).toMatchObject({ qualifier: 'HC', code: '97110', modifiers: ['GP'] });
  });
});

describe('streaming', () => {
  const whole = readRemittanceText(base, 'denials-5010.835');

  it.each([1, 2, 7, 64, 1 << 20])('chunks of %i bytes give exactly the same events', async (size) => {
    expect(await readBytes(utf8(base), 'denials-5010.835', size)).toEqual(whole);
  });

  it('accepts string chunks, byte chunks, sync and async sources alike', async () => {
    const text = base;
    const strings = Array.from({ length: Math.ceil(text.length / 11) }, (_, i) => text.slice(i * 11, i * 11 + 11));
    expect(await readAll(strings, 'denials-5010.835')).toEqual(whole);
    expect(await readAll(chunksOf(utf8(text), 9), 'denials-5010.835')).toEqual(whole);
    expect(await readAll(asyncChunksOf(utf8(text), 9), 'denials-5010.835')).toEqual(whole);
    // Mixed: bytes, then text, then bytes (a multi-byte character must not be split by the switch).
    const bytes = utf8(text);
    const mixed: (string | Uint8Array)[] = [bytes.subarray(0, 100), text.slice(100, 200), utf8(text.slice(200))];
    expect(await readAll(mixed, 'denials-5010.835')).toEqual(whole);
  });

  it('keeps multi-byte UTF-8 characters intact across 1-byte chunks', async () => {
    const text = base.replace('SUNRISE FAMILY CLINIC*XX', 'CLÍNICA PEÑA – SÜD*XX');
    const events = await readBytes(utf8(text), 'utf8.835', 1);
    expect(claimsOf(events)[0]?.context.payee?.name).toBe('CLÍNICA PEÑA – SÜD');
    expect(findingCodes(events)).toEqual([]);
  });

  it('warns once about bytes that are not UTF-8', async () => {
    const bytes = utf8(base.replace('SUNRISE FAMILY CLINIC*XX', 'CLINICA PE?A*XX'));
    bytes[bytes.indexOf(0x3f)] = 0xd1; // Latin-1 Ñ, invalid as UTF-8
    const events = await readBytes(bytes, 'latin1.835', 3);
    expect(findingCodes(events)).toEqual(['invalid-utf8']);
    expect(endOf(events).verdict).toBe('accepted');
  });

  it('reads several interchanges back to back, even with a BOM between them', async () => {
    const second = sample('reversal-correction.835').toString('utf8');
    const events = await readBytes(utf8(base + '\ufeff' + second), 'two.835', 7);
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { interchanges: 2, sets835: 2, claims: 9 } });
    expect(events.filter((e) => e.kind === 'interchange-start').map((e) => e.kind === 'interchange-start' && e.interchange.controlNumber)).toEqual([
      '000012345',
      '000012346',
    ]);
  });

  it('accepts a last IEA without terminator, with a warning', async () => {
    const events = readRemittanceText(base.trimEnd().replace(/~$/, ''), 'no-final-terminator.835');
    expect(endOf(events).verdict).toBe('accepted');
    expect(findingCodes(events)).toEqual(['missing-final-terminator']);
  });

  it('a consumer that stops early releases the source', async () => {
    let closed = false;
    async function* source() {
      try {
        for (const chunk of chunksOf(utf8(base), 50)) yield chunk;
      } finally {
        closed = true;
      }
    }
    const { readRemittance } = await import('../../../domain/remittance');
    for await (const event of readRemittance(source(), 'early.835')) {
      if (event.kind === 'claim') break;
    }
    expect(closed).toBe(true);
  });
});
