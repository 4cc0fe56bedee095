/** What a benchmark hands back to the runner: headline figures with targets, then raw lines. */

export type TargetOp = '≥' | '≤';

export interface Figure {
  /** e.g. "intake.reader" */
  name: string;
  value: number;
  /** The value as printed (fixed decimals). */
  display: string;
  target: { op: TargetOp; value: number };
}

export interface BenchResult {
  figures: Figure[];
  /** Raw figures and context, one line each, printed after the headline figures. */
  lines: string[];
}

export function figure(name: string, value: number, digits: number, op: TargetOp, target: number): Figure {
  return { name, value, display: value.toFixed(digits), target: { op, value: target } };
}

export function met(f: Figure): boolean {
  return f.target.op === '≥' ? f.value >= f.target.value : f.value <= f.target.value;
}

/** `name: value (target ≥ X)`, with MISSED appended when the target is not met. */
export function formatFigure(f: Figure): string {
  return `${f.name}: ${f.display} (target ${f.target.op} ${f.target.value})${met(f) ? '' : ' MISSED'}`;
}

const FIGURE_LINE = /^([\w.-]+): (-?\d+(?:\.\d+)?) \(target (≥|≤|>=|<=) (-?\d+(?:\.\d+)?)\)$/;

/** Reads a `name: value (target op X)` line printed by a benchmark that returns lines only. */
export function parseFigure(line: string): Figure | undefined {
  const m = FIGURE_LINE.exec(line.trim());
  if (!m) return undefined;
  const [, name, display, op, target] = m as unknown as [string, string, string, string, string];
  return { name, value: Number(display), display, target: { op: op === '>=' || op === '≥' ? '≥' : '≤', value: Number(target) } };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const list = (xs: readonly number[], digits: number) => `[${xs.map((x) => x.toFixed(digits)).join(', ')}]`;
