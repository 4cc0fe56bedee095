import { describe, expect, it } from 'vitest';
import { compareWithBenchmarks, PUBLISHED_BENCHMARKS } from '../../../domain/kpis/benchmarks';
import { computeKpis } from '../../../domain/kpis/kpis';

const week = { from: '2026-03-01', to: '2026-03-07' };

describe('published benchmarks beside our KPIs', () => {
  it('every reference figure names its source, and a link where there is one', () => {
    for (const b of PUBLISHED_BENCHMARKS) {
      expect(b.source.length, b.id).toBeGreaterThan(5);
      if (b.url) expect(b.url, b.id).toMatch(/^https:\/\//);
      if (b.reference !== null) expect(b.reference, b.id).toBeGreaterThan(0);
    }
    expect(PUBLISHED_BENCHMARKS.find((b) => b.id === 'initial-denial-rate')).toMatchObject({ reference: 0.1181, better: 'lower' });
  });

  it('says whether a figure is better or worse by the measure’s direction, and nothing without both figures', () => {
    const none = computeKpis({ facts: [], volumes: [], prevention: [] }, week, '2026-03-07');
    expect(compareWithBenchmarks(none).every((c) => c.standing === undefined)).toBe(true);

    const k = structuredClone(none);
    k.initialDenialRate.byCount = { numerator: 4, denominator: 100, value: 0.04 };
    k.appealOverturnRate.overall = { numerator: 2, denominator: 10, value: 0.2 };
    const by = Object.fromEntries(compareWithBenchmarks(k).map((c) => [c.benchmark.id, c.standing]));
    expect(by['initial-denial-rate']).toBe('better'); // 4% against 11.81%, lower is better
    expect(by['initial-denial-rate-target']).toBe('better'); // under 5%
    expect(by['overturn-rate']).toBe('worse'); // 20% against 54.3%, higher is better
    expect(by['denial-write-offs']).toBeUndefined(); // no reference figure to hold it against
  });
});
