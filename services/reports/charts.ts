/**
 * Bar and line charts drawn with PDF lines, rectangles and text (no images), so they stay sharp when
 * printed and their labels stay text. Both share one frame: title, legend, value axis with gridlines,
 * x labels, and a note instead of bars when there is nothing to scale.
 */
import { rgb, type RGB } from 'pdf-lib';
import { barHeights, barsInSlot, lineRuns, slots, valueAxis, type Slot, type ValueAxis } from './chart-geometry';
import { MUTED, type Pen } from './pen';

/** A rectangle on the page by its lower-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Series {
  name: string;
  color: RGB;
  values: readonly (number | null)[];
}

export interface ChartSpec {
  title: string;
  /** One label per slot along the x axis; '\n' breaks it. */
  labels: readonly string[];
  series: readonly Series[];
  /** Tick labels of the value axis. */
  tick: (value: number) => string;
  /** Label each bar with its value (bar charts). */
  valueLabel?: (value: number) => string;
  /** Smallest step of the value axis (1 for cents). */
  minStep?: number;
}

const TITLE = { size: 9.5, bold: true };
const SMALL = { size: 6.5, color: MUTED };
const LABEL_LINES = 3;
const GRID = rgb(0.87, 0.87, 0.9);
const AXIS = rgb(0.45, 0.45, 0.5);

interface Frame {
  plot: Box;
  slots: Slot[];
  axis: ValueAxis | null;
}

function drawLegend(pen: Pen, x: number, y: number, series: readonly Series[]): void {
  for (const s of series) {
    pen.canvas.rect(x, y - 0.5, 7, 7, s.color);
    pen.text(s.name, x + 10, y, SMALL);
    x += 10 + pen.width(s.name, SMALL) + 12;
  }
}

/** The part every chart has; `headroom` is kept above the axis top for value labels. */
function drawFrame(pen: Pen, box: Box, spec: ChartSpec, headroom: number): Frame {
  let top = box.y + box.height - TITLE.size;
  pen.text(spec.title, box.x, top, TITLE);
  top -= 6;
  if (spec.series.length > 1) {
    top -= SMALL.size + 2;
    drawLegend(pen, box.x, top, spec.series);
    top -= 4;
  }

  const values = spec.series.flatMap((s) => s.values);
  const axis = valueAxis(values, spec.minStep);
  const ticks = axis?.ticks ?? [0];
  const left = box.x + Math.max(...ticks.map((t) => pen.width(spec.tick(t), SMALL))) + 5;
  const width = box.x + box.width - left;
  const at = slots(spec.labels.length, left, width);
  const labelLines = spec.labels.map((l) => pen.wrap(l, Math.max(8, width / Math.max(1, spec.labels.length) - 3), SMALL).slice(0, LABEL_LINES));
  const leading = SMALL.size + 1.5;
  const bottom = box.y + Math.max(1, ...labelLines.map((l) => l.length)) * leading + 4;
  const plot = { x: left, y: bottom, width, height: Math.max(10, top - headroom - bottom) };

  for (const t of ticks) {
    const y = plot.y + (axis ? (t / axis.max) * plot.height : 0);
    if (t > 0) pen.canvas.line(plot.x, y, plot.x + plot.width, y, 0.4, GRID);
    pen.text(spec.tick(t), plot.x - 3, y - SMALL.size * 0.35, { ...SMALL, align: 'right' });
  }
  pen.canvas.line(plot.x, plot.y, plot.x, plot.y + plot.height, 0.7, AXIS);
  pen.canvas.line(plot.x, plot.y, plot.x + plot.width, plot.y, 0.7, AXIS);
  labelLines.forEach((lines, i) => lines.forEach((l, j) => pen.text(l, (at[i] as Slot).center, plot.y - 3 - SMALL.size - j * leading, { ...SMALL, align: 'center' })));

  if (!axis) {
    const note = values.some((v) => v !== null) ? 'All values are 0 in this period' : 'No data for this period';
    pen.text(note, plot.x + plot.width / 2, plot.y + plot.height / 2, { size: 8, italic: true, align: 'center', color: MUTED });
  }
  return { plot, slots: at, axis };
}

/** Bars side by side per slot, one per series; a null value draws no bar and no label. */
export function drawBarChart(pen: Pen, box: Box, spec: ChartSpec): void {
  const { plot, slots: at, axis } = drawFrame(pen, box, spec, spec.valueLabel ? SMALL.size + 4 : 6);
  const heights = spec.series.map((s) => barHeights(s.values, axis, plot.height));
  at.forEach((slot, i) => {
    barsInSlot(slot, spec.series.length).forEach((bar, s) => {
      const h = heights[s]?.[i];
      const value = spec.series[s]?.values[i];
      if (h === null || h === undefined || value === null || value === undefined) return;
      if (h > 0) pen.canvas.rect(bar.left, plot.y, bar.width, h, (spec.series[s] as Series).color);
      if (spec.valueLabel) pen.text(spec.valueLabel(value), bar.center, plot.y + h + 2.5, { ...SMALL, align: 'center' });
    });
  });
}

/** One line per series through the slot centers, with a marker on each point; a null value breaks the line. */
export function drawLineChart(pen: Pen, box: Box, spec: ChartSpec): void {
  const { plot, slots: at, axis } = drawFrame(pen, box, spec, 4);
  for (const s of spec.series) {
    for (const run of lineRuns(s.values, axis, at, plot.y, plot.height)) {
      run.forEach((p, i) => {
        const prev = run[i - 1];
        if (prev) pen.canvas.line(prev.x, prev.y, p.x, p.y, 1.3, s.color);
      });
      for (const p of run) pen.canvas.rect(p.x - 1.75, p.y - 1.75, 3.5, 3.5, s.color);
    }
  }
}
