// What the 837 and 276 validators report: one rule broken at one segment. Messages name segments, elements
// and codes, never the values of names or member ids: issues end up in logs and reports (PHI).
import { z } from 'zod';

export const ValidationIssue = z.object({
  /** Stable rule id, e.g. 'claim-total' or 'npi-check-digit'. */
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  /** 1-based position of the segment in the file (ISA = 1), like the 835 reader's positions. */
  segmentIndex: z.number().int().nonnegative(),
  segmentId: z.string(),
  /** Element name in the implementation guide: 'CLM02', 'CLM05-3'. */
  element: z.string().optional(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export type IssueSeverity = ValidationIssue['severity'];

/** An issue at a segment; 'error' unless told. */
export function issueAt(
  segment: { index: number; id: string },
  rule: string,
  message: string,
  element?: string,
  severity: IssueSeverity = 'error',
): ValidationIssue {
  return element === undefined
    ? { rule, severity, segmentIndex: segment.index, segmentId: segment.id, message }
    : { rule, severity, segmentIndex: segment.index, segmentId: segment.id, element, message };
}

/** The errors among `issues`, one line for a person ("segment 12 NM1 NM109: ..."); undefined when there are none. */
export function validationErrorsText(issues: readonly ValidationIssue[]): string | undefined {
  const errors = issues.filter((i) => i.severity === 'error');
  return errors.length ? errors.map((e) => `segment ${e.segmentIndex} ${e.segmentId}${e.element ? ` ${e.element}` : ''}: ${e.message}`).join('; ') : undefined;
}
