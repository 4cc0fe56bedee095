/**
 * Chart geometry in page units, kept apart from drawing so it can be checked directly: the value axis,
 * bar heights, slots along the x axis and the points of a line. Values are rates or cents, never negative;
 * null means "no data" and is skipped, never drawn as 0.
 */

export interface ValueAxis {
  /** The top of the axis: a round number at or above the largest value. */
  max: number;
  /** Gridline values, 0 first, `max` last. */
  ticks: number[];
}

export interface Slot {
  left: number;
  width: number;
  center: number;
}

export interface Point {
  x: number;
  y: number;
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

const isValue = (v: number | null): v is number => v !== null && Number.isFinite(v);

/**
 * A 0-based axis of at most `maxSteps` round steps. Null when no value is above 0: there is nothing to
 * scale by, and a chart says so instead of dividing by zero. `minStep` keeps money axes in whole cents.
 */
export function valueAxis(values: readonly (number | null)[], minStep = 0, maxSteps = 5): ValueAxis | null {
  const top = values.filter(isValue).reduce((m, v) => Math.max(m, v), 0);
  if (!(top > 0)) return null;
  const raw = top / maxSteps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(minStep, (NICE_STEPS.find((s) => s * magnitude >= raw * (1 - 1e-9)) ?? 10) * magnitude);
  const steps = Math.max(1, Math.ceil(top / step - 1e-9));
  // toPrecision drops float noise (3 × 0.05 = 0.15000000000000002) before the ticks are labelled.
  const ticks = Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max: ticks[steps] as number, ticks };
}

/** Bar heights on the axis: null stays null (no bar), 0 (or no axis) gives 0, the axis top gives `plotHeight`. */
export function barHeights(values: readonly (number | null)[], axis: ValueAxis | null, plotHeight: number): (number | null)[] {
  return values.map((v) => {
    if (!isValue(v)) return null;
    if (!axis || v <= 0) return 0;
    return Math.min(plotHeight, (v / axis.max) * plotHeight);
  });
}

/** `count` equal slots side by side from `left` across `width`. */
export function slots(count: number, left: number, width: number): Slot[] {
  const w = count > 0 ? width / count : 0;
  return Array.from({ length: count }, (_, i) => ({ left: left + i * w, width: w, center: left + (i + 0.5) * w }));
}

/** The bars of `series` values side by side in a slot, together `fill` of its width. */
export function barsInSlot(slot: Slot, series: number, fill = 0.7): Slot[] {
  const width = (slot.width * fill) / Math.max(1, series);
  const left = slot.center - (width * series) / 2;
  return Array.from({ length: series }, (_, i) => ({ left: left + i * width, width, center: left + (i + 0.5) * width }));
}

/** A line through the slot centers, in runs: a null value breaks the line rather than dropping it to 0. */
export function lineRuns(values: readonly (number | null)[], axis: ValueAxis | null, at: readonly Slot[], baseline: number, plotHeight: number): Point[][] {
  const runs: Point[][] = [];
  let run: Point[] = [];
  barHeights(values, axis, plotHeight).forEach((h, i) => {
    const slot = at[i];
    if (h === null || !slot) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    run.push({ x: slot.center, y: baseline + h });
  });
  if (run.length) runs.push(run);
  return runs;
}
