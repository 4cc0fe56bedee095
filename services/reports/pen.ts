/**
 * Text placed by hand on a page canvas (chart titles, ticks, labels): made WinAnsi-safe, measured and
 * aligned with the same metrics as the flowing text of the report.
 */
import { rgb, type RGB } from 'pdf-lib';
import type { PageCanvas } from '../packets/canvas';
import type { Metrics } from '../packets/layout';

export const INK = rgb(0.08, 0.08, 0.1);
export const MUTED = rgb(0.38, 0.38, 0.43);

export interface TextStyle {
  size: number;
  bold?: boolean;
  italic?: boolean;
  align?: 'left' | 'center' | 'right';
  color?: RGB;
}

export class Pen {
  constructor(
    readonly canvas: PageCanvas,
    private readonly metrics: Metrics,
  ) {}

  private font(style: TextStyle) {
    const { fonts } = this.metrics;
    return style.bold ? fonts.bold : style.italic ? fonts.italic : fonts.regular;
  }

  width(s: string, style: TextStyle): number {
    return this.metrics.width(this.metrics.sanitize(s), this.font(style), style.size);
  }

  /** One line of text; `x` is its left edge, center or right edge as `align` says, `y` its baseline. */
  text(s: string, x: number, y: number, style: TextStyle): void {
    const line = this.metrics.sanitize(s).replace(/\n/g, ' ');
    const font = this.font(style);
    const w = this.metrics.width(line, font, style.size);
    const left = style.align === 'right' ? x - w : style.align === 'center' ? x - w / 2 : x;
    this.canvas.text(line, left, y, font, style.size, style.color ?? INK);
  }

  /** `s` wrapped to `width`, as plain lines (a label under a bar). */
  wrap(s: string, width: number, style: TextStyle): string[] {
    return this.metrics.wrap([{ text: s, bold: style.bold, italic: style.italic }], width, style.size).map((l) => l.segments.map((seg) => seg.text).join(' '));
  }
}
