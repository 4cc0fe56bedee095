// Element-level reading for 837 segments, problems collected per segment like the 835 FieldReader. Unlike
// it, messages never quote the value: an 837 element may be a member id, a name or a date of service, so a
// message names the segment and element only.
import { isCalendarDate } from '../remittance/dates';
import { elementName } from '../remittance/fields';
import { type Money } from '../remittance/model';
import { isDecimal, parseCents, parseCentsRounded, parseDecimal } from '../remittance/money';
import { type ClaimFindingCode } from './findings';
import { type ClaimDate } from './model';

export { elementName, opt } from '../remittance/fields';

export interface ClaimProblem {
  code: ClaimFindingCode;
  message: string;
}

/** Placeholder for a required amount that could not be read; its claim is quarantined anyway. */
export const UNREADABLE: Money = { text: '', cents: 0 };

export class ClaimFieldReader {
  problems: ClaimProblem[] = [];

  report(code: ClaimFindingCode, message: string): void {
    this.problems.push({ code, message });
  }

  /** A required element: reports it missing (claim-level) when empty. */
  required(e: readonly string[], id: string, index: number, what: string): string {
    const v = e[index] ?? '';
    if (v.length === 0) this.report('missing-element', `${elementName(id, index)} ${what} is missing.`);
    return v;
  }

  /** A charge: unreadable quarantines the claim (it takes part in CLM02 balancing). */
  money(text: string | undefined, id: string, index: number): Money {
    if (text === undefined || text.length === 0) {
      this.report('missing-element', `${elementName(id, index)} amount is missing.`);
      return UNREADABLE;
    }
    let cents = parseCents(text);
    if (cents === undefined) {
      cents = parseCentsRounded(text);
      if (cents === undefined) {
        this.report('invalid-amount', `${elementName(id, index)} amount is not a number.`);
        return UNREADABLE;
      }
      this.report('amount-precision', `${elementName(id, index)} amount has more than two decimals; rounded to cents.`);
    }
    return { text, cents };
  }

  /** Units and other quantities: an unreadable one is a warning. */
  decimal(text: string | undefined, id: string, index: number): number | undefined {
    if (text === undefined || text.length === 0) return undefined;
    const n = parseDecimal(text);
    if (n === undefined) this.report('invalid-number', `${elementName(id, index)} ${isDecimal(text) ? 'is too large to read' : 'is not a number'}.`);
    return n;
  }

  /** DTP: D8 CCYYMMDD or RD8 CCYYMMDD-CCYYMMDD; other formats (DT, TM) are kept as sent. */
  date(e: readonly string[]): ClaimDate {
    const qualifier = e[1] ?? '';
    const format = e[2] ?? '';
    const value = e[3] ?? '';
    let from: string | undefined;
    let to: string | undefined;
    if (format === 'D8') from = to = value;
    else if (format === 'RD8') [from, to] = value.split('-');
    if ((from !== undefined && !isCalendarDate(from)) || (to !== undefined && !isCalendarDate(to)) || (format === 'RD8' && to === undefined)) {
      this.report('invalid-date', `DTP03 of DTP*${qualifier} is not a ${format} date.`);
    }
    return { qualifier, format, value, from, to };
  }
}

/** Splits a composite element; an empty element is no components. */
export function components(text: string | undefined, separator: string): string[] {
  return text === undefined || text.length === 0 ? [] : text.split(separator);
}
