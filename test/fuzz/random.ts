/**
 * The fuzzer's only source of chance: a seeded mulberry32 (the generator's), so a seed names one exact
 * mutation and a failure replays from the command line.
 */
import { prng } from '../../bench/remittance-generator';

export class Random {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = prng(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

/** The seed of iteration i of a run seeded S: S + i, so `--seed S+i --iterations 1` replays iteration i alone. */
export function caseSeed(runSeed: number, iteration: number): number {
  return (runSeed + iteration) >>> 0;
}
