// Streaming: any chunking (bytes split inside segments and characters, strings) gives the events of a
// whole read.
import { describe, expect, it } from 'vitest';
import { read837Text } from '../../../domain/claims';
import { asyncChunksOf, chunksOf, readAll, SAMPLES, sampleText } from './support';

describe('read837 over chunks', () => {
  it.each(SAMPLES)('%s: 1-, 7- and 64-byte chunks equal the whole read', async (name) => {
    const text = sampleText(name);
    const whole = read837Text(text, name);
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 7, 64]) {
      expect(await readAll(asyncChunksOf(bytes, size), name)).toEqual(whole);
      expect(await readAll(chunksOf(bytes, size), name)).toEqual(whole);
    }
  });

  it('string chunks and a multi-byte character split across byte chunks', async () => {
    const text = sampleText('demo.example1.837').replace('BEN KILDARE SERVICE', 'BÉN KILDARE SERVICE');
    const whole = read837Text(text, 'utf8.837');
    const parts = [text.slice(0, 100), text.slice(100, 333), text.slice(333)];
    expect(await readAll(parts, 'utf8.837')).toEqual(whole);
    expect(await readAll(chunksOf(new TextEncoder().encode(text), 3), 'utf8.837')).toEqual(whole);
    expect(whole.find((e) => e.kind === 'claim')).toMatchObject({ claim: { billingProvider: { name: 'BÉN KILDARE SERVICE' } } });
  });

  it('stops early and releases the source', async () => {
    let closed = false;
    async function* source() {
      try {
        yield sampleText('two-claims-single-provider.837i');
        yield sampleText('two-claims-single-provider.837i');
      } finally {
        closed = true;
      }
    }
    const { read837 } = await import('../../../domain/claims');
    for await (const event of read837(source(), 's.837i')) if (event.kind === 'claim') break;
    expect(closed).toBe(true);
  });
});
