// Element-level reading (amounts, numbers, optional elements) with problems collected per segment.
// The reader turns collected problems into positioned findings after each segment.
import { quoted } from './codes';
import { isCalendarDate } from './dates';
import { type FindingCode } from './findings';
import { type Money } from './model';
import { isDecimal, parseCents, parseCentsRounded, parseDecimal } from './money';


export interface Problem {
  code: FindingCode;
  message: string;
}

/** Element i, or undefined when absent or empty (X12 sends "**" for an omitted element). */
export function opt(e: readonly string[], i: number): string | undefined {
  const v = e[i];
  return v === undefined || v.length === 0 ? undefined : v;
}

/** "CAS", 6 → "CAS06": the element's name in the implementation guide. */
export function elementName(id: string, index: number): string {
  return `${id}${index < 10 ? '0' : ''}${index}`;
}

export class FieldReader {
  /** Problems of the segment being read; the reader drains it after each segment. */
  problems: Problem[] = [];

  report(code: FindingCode, message: string): void {
    this.problems.push({ code, message });
  }

  /**
   * Reads element `index` of segment `id` as an amount. `strict` amounts take part in balancing:
   * unreadable ones quarantine their record ('invalid-amount'); the others (AMT, BPR02) only warn.
   * Messages are built only when something is wrong: this runs for most segments.
   */
  money(text: string | undefined, id: string, index: number, required: boolean, strict: boolean): Money | undefined {
    if (text === undefined || text.length === 0) {
      if (required) this.report('missing-element', `${elementName(id, index)} amount is missing.`);
      return undefined;
    }
    let cents = parseCents(text);
    if (cents === undefined) {
      cents = parseCentsRounded(text);
      if (cents === undefined) {
        this.report(strict ? 'invalid-amount' : 'invalid-number', `${elementName(id, index)} amount '${text}' is not a number.`);
        return undefined;
      }
      this.report('amount-precision', `${elementName(id, index)} amount '${text}' has more than two decimals; rounded to cents.`);
    }
    return { text, cents };
  }

  /**
   * A CCYYMMDD date, kept as sent; one that is not a calendar date is reported (a case then treats it as
   * absent, see dates.ts), so a person sees why a service or payment date went missing.
   */
  date(text: string | undefined, id: string, index: number): string | undefined {
    if (text !== undefined && text.length > 0 && !isCalendarDate(text)) {
      this.report('invalid-date', `${elementName(id, index)} ${quoted(text)} is not a calendar date (CCYYMMDD); it is treated as absent.`);
    }
    return text;
  }

  /** Reads a non-money number (quantity, units, weight); an unreadable one is only a warning. */
  decimal(text: string | undefined, id: string, index: number): number | undefined {
    if (text === undefined || text.length === 0) return undefined;
    const n = parseDecimal(text);
    if (n === undefined) {
      const what = isDecimal(text) ? 'is too large to read' : 'is not a number';
      this.report('invalid-number', `${elementName(id, index)} ${quoted(text)} ${what}.`);
    }
    return n;
  }
}
