// Date rules: every CCYYMMDD the validators meet must be a calendar date (DTP D8, RD8 and DT, DMG, BHT04),
// an RD8 range must not end before it starts, and times (DT, TM: the 837I admission and discharge hours)
// must be HHMM.
import { isCalendarDate } from '../remittance/dates';
import { issueAt, type ValidationIssue } from './validate-issue';
import { el, elementName, type X12Segment } from './validate-x12';

const isTime = (hhmm: string) => /^([01]\d|2[0-3])[0-5]\d$/.test(hhmm);

/** Checks a D8, RD8, DT (CCYYMMDDHHMM) or TM (HHMM) value in element `index`. */
export function checkDateValue(segment: X12Segment, format: string | undefined, index: number): ValidationIssue[] {
  const name = elementName(segment.id, index);
  const value = el(segment, index);
  if (value === undefined) return [issueAt(segment, 'missing-element', `${name} date is missing.`, name)];
  if (format === 'D8') {
    return isCalendarDate(value) ? [] : [issueAt(segment, 'date', `${name} is not a calendar date (CCYYMMDD).`, name)];
  }
  if (format === 'RD8') {
    const [from = '', to = '', ...rest] = value.split('-');
    if (rest.length > 0 || !isCalendarDate(from) || !isCalendarDate(to)) {
      return [issueAt(segment, 'date', `${name} is not a date range of two calendar dates (CCYYMMDD-CCYYMMDD).`, name)];
    }
    return from <= to ? [] : [issueAt(segment, 'date', `${name} range ends before it starts.`, name)];
  }
  if (format === 'DT') {
    const ok = value.length === 12 && isCalendarDate(value.slice(0, 8)) && isTime(value.slice(8));
    return ok ? [] : [issueAt(segment, 'date', `${name} is not a date and time (CCYYMMDDHHMM).`, name)];
  }
  if (format === 'TM') return isTime(value) ? [] : [issueAt(segment, 'date', `${name} is not a time (HHMM).`, name)];
  return [];
}

/** Date checks for the segments that carry dates in the 837 and 276. */
export function checkDates(segments: readonly X12Segment[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const s of segments) {
    if (s.id === 'DTP') {
      const format = el(s, 2);
      if (format !== 'D8' && format !== 'RD8' && format !== 'DT' && format !== 'TM') {
        issues.push(issueAt(s, 'date', `DTP02 '${format ?? ''}' must be D8, RD8, DT or TM.`, 'DTP02'));
      } else {
        issues.push(...checkDateValue(s, format, 3));
      }
    } else if (s.id === 'DMG' && el(s, 1) === 'D8' && el(s, 2) !== undefined) {
      issues.push(...checkDateValue(s, 'D8', 2));
    } else if (s.id === 'BHT' && el(s, 4) !== undefined) {
      issues.push(...checkDateValue(s, 'D8', 4));
    }
  }
  return issues;
}
