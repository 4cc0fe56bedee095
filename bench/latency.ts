/**
 * Latency of calls as a user of the web app feels it: each call timed on its own, in rounds that run
 * every series back to back in alternating order, so all see the same load. A round gives each series a
 * p50 and a p95; the headline is their median over the rounds, so one burst of load on the shared
 * machine does not decide the figure.
 */
import { percentile } from '../domain/kpis/kpis';
import { median } from './figures';

export interface TimedCall {
  /** Calls of one series pool their samples (e.g. every worklist call). */
  series: string;
  name: string;
  call: () => Promise<unknown>;
}

export interface Latency {
  p50: number;
  p95: number;
  /** Per round, for the raw lines. */
  p50s: number[];
  p95s: number[];
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await call();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function summarize(rounds: number[][]): Latency {
  const p = (n: number) => rounds.map((samples) => percentile([...samples].sort((a, b) => a - b), n) ?? Number.NaN);
  const p50s = p(50);
  const p95s = p(95);
  return { p50: median(p50s), p95: median(p95s), p50s, p95s };
}

/**
 * Runs each call `warmup` times, then `rounds` rounds of `iterations(call)` timed calls each; returns the
 * latency of every call and of every series.
 */
export async function measureLatency(
  calls: readonly TimedCall[],
  opts: { rounds: number; warmup: number; iterations: (c: TimedCall) => number },
): Promise<{ byCall: Map<string, Latency>; bySeries: Map<string, Latency> }> {
  for (const c of calls) for (let i = 0; i < opts.warmup; i++) await c.call();
  const byCall = new Map<string, number[][]>(calls.map((c) => [c.name, []]));
  const bySeries = new Map<string, number[][]>(calls.map((c) => [c.series, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const list of [...byCall.values(), ...bySeries.values()]) list.push([]);
    const order = round % 2 === 0 ? calls : [...calls].reverse();
    for (const c of order) {
      for (let i = 0; i < opts.iterations(c); i++) {
        const ms = await timed(c.call);
        byCall.get(c.name)![round]!.push(ms);
        bySeries.get(c.series)![round]!.push(ms);
      }
    }
  }
  const summaries = (m: Map<string, number[][]>) => new Map([...m].map(([k, rounds]) => [k, summarize(rounds)]));
  return { byCall: summaries(byCall), bySeries: summaries(bySeries) };
}
