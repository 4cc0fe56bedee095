/**
 * The procedure codes of a claim, one each, as the denial's subject lists them and the remittance volumes
 * count claims by them: the same codes on both sides of a per-procedure rate.
 */
export const MAX_PROCEDURES = 50;

export function procedureCodesOf(lines: readonly { procedure: { code: string } }[]): string[] {
  return [...new Set(lines.map((l) => l.procedure.code.slice(0, 20)).filter((c) => c.length > 0))].slice(0, MAX_PROCEDURES);
}
