/**
 * Published reference figures a practice can hold its own KPIs against, each with its source, year and
 * scope (issue #16, item 7). Samples, years and definitions differ between studies, and most are of
 * hospital claims, so each row says what it is; where no reliable public figure exists, the row says so
 * instead of inventing one. Our own figure uses the HFMA Claim Integrity Task Force definition named.
 */
import { ratio, type KpiReport, type Ratio } from './kpis';

export interface PublishedBenchmark {
  id: string;
  /** The measure, as HFMA names it. */
  measure: string;
  /** The HFMA definition or MAP Key it follows. */
  standard: string;
  /** The reference value as a fraction (null: no reliable public figure), and as the source states it. */
  reference: number | null;
  referenceText: string;
  /** Which way is better, so the comparison can say "better" or "worse". */
  better: 'lower' | 'higher';
  source: string;
  url: string | null;
  /** This practice's figure for the period, from the KPI report. */
  ours: (k: KpiReport) => Ratio;
  /** What our figure is, when it differs from the standard's definition. */
  oursNote?: string;
}

export const PUBLISHED_BENCHMARKS: readonly PublishedBenchmark[] = [
  {
    id: 'initial-denial-rate',
    measure: 'Initial denial rate',
    standard: 'HFMA Claim Integrity Task Force; MAP Key AR-5 (remittance denial rate)',
    reference: 0.1181,
    referenceText: '11.81% of claims initially denied in 2024 (11.53% in 2023)',
    better: 'lower',
    source: 'Kodiak Solutions revenue-cycle analytics, 2,100+ hospitals and 300,000 physicians, reported May 2025',
    url: 'https://www.techtarget.com/revcyclemanagement/news/366625109/Initial-claim-denial-rates-put-revenue-cycle-in-tough-spot',
    ours: (k) => k.initialDenialRate.byCount,
    oursNote: 'claims denied on the period’s remittances ÷ claims adjudicated on them',
  },
  {
    id: 'initial-denial-rate-target',
    measure: 'Initial denial rate, target',
    standard: 'HFMA Claim Integrity Task Force',
    reference: 0.05,
    referenceText: 'below 5%, the commonly recommended target (about 12% observed in 2023)',
    better: 'lower',
    source: 'Physician Leadership Journal',
    url: 'https://physicianleaders.org/articles/doi/10.55834/plj.6054827417',
    ours: (k) => k.initialDenialRate.byCount,
  },
  {
    id: 'overturn-rate',
    measure: 'Denials overturned on appeal',
    standard: 'HFMA: % of initial denials overturned',
    reference: 0.543,
    referenceText: '54.3% of private-payer denials of 2022 hospital claims were eventually overturned',
    better: 'higher',
    source: 'Premier survey of 516 hospitals, published March 2024',
    url: 'https://premierinc.com/newsroom/blog/trend-alert-private-payers-retain-profits-by-refusing-or-delaying-legitimate-medical-claims',
    ours: (k) => k.appealOverturnRate.overall,
    oursNote: 'appeals decided in the period that recovered money ÷ appeals decided',
  },
  {
    id: 'denial-write-offs',
    measure: 'Denial write-offs',
    standard: 'MAP Key AR-6 (denial write-offs ÷ average monthly net patient service revenue)',
    reference: null,
    referenceText: 'no reliable public figure found; track the trend',
    better: 'lower',
    source: 'HFMA MAP Keys',
    url: 'https://www.hfma.org/MAP/mapkeys/',
    ours: (k) => ratio(k.writtenOffCents, k.volume.chargeCents),
    oursNote: 'written off ÷ charges adjudicated on the period’s remittances: an 835 does not carry net patient service revenue, so this is not AR-6’s denominator',
  },
];

export interface BenchmarkComparison {
  benchmark: PublishedBenchmark;
  ours: Ratio;
  /** Where our figure stands against the reference; undefined when either is missing. */
  standing?: 'better' | 'worse' | 'level';
}

export function compareWithBenchmarks(k: KpiReport): BenchmarkComparison[] {
  return PUBLISHED_BENCHMARKS.map((benchmark) => {
    const ours = benchmark.ours(k);
    if (ours.value === null || benchmark.reference === null) return { benchmark, ours };
    const diff = ours.value - benchmark.reference;
    const standing = Math.abs(diff) < 0.0005 ? 'level' : (diff < 0) === (benchmark.better === 'lower') ? 'better' : 'worse';
    return { benchmark, ours, standing };
  });
}
