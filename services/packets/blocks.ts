/**
 * The document model between templates and the PDF: a flat list of blocks made of styled text runs.
 * Templates (template.ts) and the generated pages (sections.ts) both produce blocks; layout.ts draws them.
 */

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Align = 'left' | 'right' | 'center';

export interface TableColumn {
  header: string;
  /** Relative width; the columns share the text width in proportion. */
  weight: number;
  align?: Align;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[]; size?: number }
  /** Hard line breaks, no gap between lines (address blocks, letterheads). */
  | { kind: 'lines'; lines: Run[][]; size?: number }
  | { kind: 'bullets'; items: Run[][] }
  /** Label/value rows: labels in bold in a left column, values wrapped in the right one. */
  | { kind: 'fields'; rows: { label: string; value: Run[] }[] }
  | { kind: 'table'; columns: TableColumn[]; rows: string[][]; footer?: string[]; size?: number }
  | { kind: 'rule' }
  | { kind: 'signature' }
  | { kind: 'space'; points: number }
  | { kind: 'pagebreak' };

export const text = (t: string): Run[] => [{ text: t }];
export const bold = (t: string): Run => ({ text: t, bold: true });

/** Whether the runs hold anything but whitespace. */
export function hasText(runs: readonly Run[]): boolean {
  return runs.some((r) => r.text.trim() !== '');
}
