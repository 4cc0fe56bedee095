// The shapes of the codes that denial work keys on: CAS group and reason, remark codes, CLP06. The
// classifier refuses codes without them (domain/policy/classify.ts AdjustmentSchema and RemarkSchema,
// explain.ts for the filing indicator), and a refusal there is a denial workflow failing on its first
// step, far from the file. So the reader checks them where the position is known: a bad group, reason
// or filing indicator quarantines its claim; a bad remark code is left out with a warning. Kept at least
// as strict as those schemas; test/domain/remittance/codes.test.ts checks that it is.

/**
 * CAS01: contractual, patient responsibility, other, payer-initiated, correction/reversal (4010). Compared
 * directly, most frequent first: a Set lookup hashed every CAS group, 1.4% of the reader's time.
 */
export function isAdjustmentGroup(code: string): boolean {
  return code === 'CO' || code === 'PR' || code === 'OA' || code === 'PI' || code === 'CR';
}

function isAlphanumeric(code: string, min: number, max: number): boolean {
  const n = code.length;
  if (n < min || n > max) return false;
  for (let i = 0; i < n; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** A claim adjustment reason code (CARC): 1 to 5 letters or digits ('45', 'A1', 'B7', '297'). */
export function isReasonCode(code: string): boolean {
  return isAlphanumeric(code, 1, 5);
}

/** A remittance advice remark code (RARC): 2 to 6 letters or digits ('M15', 'MA130', 'N115'). */
export function isRemarkCode(code: string): boolean {
  return isAlphanumeric(code, 2, 6);
}

/** CLP06 claim filing indicator: an X12 ID of 1 or 2 characters ('MB', '12', 'CI'). */
export function isFilingIndicator(code: string): boolean {
  return isAlphanumeric(code, 1, 2);
}

/** A code (or any value) as quoted in a message: whole when short, else its start and its length. */
export function quoted(code: string): string {
  return code.length <= 24 ? `'${code}'` : `'${code.slice(0, 24)}…' (${code.length} characters)`;
}
