// NPI check digit: Luhn over the ten digits prefixed with 80840 (the ISO card-issuer prefix CMS uses for
// the NPI), which is why a plain ten-digit Luhn check gets it wrong.
import { issueAt, type ValidationIssue } from './validate-issue';
import { el, type X12Segment } from './validate-x12';

export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Every NM1 sent with an NPI (NM108 = XX) must carry a valid one. */
export function checkNpis(segments: readonly X12Segment[]): ValidationIssue[] {
  return segments
    .filter((s) => s.id === 'NM1' && el(s, 8) === 'XX' && !isValidNpi(el(s, 9) ?? ''))
    .map((s) => issueAt(s, 'npi-check-digit', `NM109 of NM1*${el(s, 1) ?? ''} is not a valid NPI (ten digits with a Luhn check digit over the 80840 prefix).`, 'NM109'));
}
