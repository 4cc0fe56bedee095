// What a corrected claim changes, as data a person (or a denial rule) decides: line-level changes keyed
// by the line's number, the claim's diagnosis list, and claim identifiers such as the prior
// authorization. Validated with zod at the writer's door, so a bad correction fails before any X12 is
// written.
import { z } from 'zod';

const Code = (pattern: RegExp) => z.string().regex(pattern);

export const LineCorrection = z
  .object({
    /** The line's number in the claim (SubmittedLine.number, LX01 of a well-formed claim). */
    line: z.number().int().positive(),
    procedureQualifier: Code(/^[A-Z0-9]{2}$/).optional(),
    procedureCode: Code(/^[A-Z0-9]{1,48}$/).optional(),
    /** Replaces all modifiers; [] removes them. */
    modifiers: z.array(Code(/^[A-Z0-9]{2}$/)).max(4).optional(),
    units: z.number().positive().finite().optional(),
    chargeCents: z.number().int().nonnegative().optional(),
    /** SV107 (837P): 1-based pointers into the claim's diagnoses after corrections. */
    diagnosisPointers: z.array(z.number().int().min(1).max(12)).min(1).max(4).optional(),
    /** SV201 (837I). */
    revenueCode: Code(/^\d{4}$/).optional(),
    /** Drops the line; the remaining lines are renumbered. */
    remove: z.literal(true).optional(),
  })
  .strict();
export type LineCorrection = z.infer<typeof LineCorrection>;

/** HI qualifiers a correction may use (ICD-10-CM): principal, other, admitting, reason for visit, external cause. */
export const DiagnosisQualifier = z.enum(['ABK', 'ABF', 'ABJ', 'APR', 'ABN']);
export type DiagnosisQualifier = z.infer<typeof DiagnosisQualifier>;

export const DiagnosisEntry = z
  .object({
    /** ICD-10-CM without the dot, e.g. E119. */
    code: Code(/^[A-Z0-9]{3,7}$/),
    /** Default: ABK for the first entry, ABF for the others. */
    qualifier: DiagnosisQualifier.optional(),
  })
  .strict();
export type DiagnosisEntry = z.infer<typeof DiagnosisEntry>;

/** A string sets the REF, null removes it, absent leaves it as sent. */
const Identifier = z.string().regex(/^[!-~](?:[ -~]{0,48}[!-~])?$/).nullable().optional();

export const ClaimIdentifiers = z
  .object({
    /** REF*G1. */
    priorAuthorization: Identifier,
    /** REF*9F. */
    referralNumber: Identifier,
    /** REF*EA. */
    medicalRecordNumber: Identifier,
  })
  .strict();
export type ClaimIdentifiers = z.infer<typeof ClaimIdentifiers>;

export const ClaimCorrections = z
  .object({
    lines: z.array(LineCorrection).optional(),
    /** Replaces the claim's diagnoses (HI), principal first. */
    diagnoses: z.array(DiagnosisEntry).min(1).max(12).optional(),
    identifiers: ClaimIdentifiers.optional(),
  })
  .strict();
export type ClaimCorrections = z.infer<typeof ClaimCorrections>;

/** REF qualifier of each identifier. */
export const IDENTIFIER_REFS: Readonly<Record<keyof ClaimIdentifiers, string>> = {
  priorAuthorization: 'G1',
  referralNumber: '9F',
  medicalRecordNumber: 'EA',
};

/** A correction that cannot be applied to this claim. The message names lines and elements, no PHI. */
export class ClaimCorrectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimCorrectionError';
  }
}

export function isEmptyCorrection(c: ClaimCorrections | undefined): boolean {
  return c === undefined || ((c.lines ?? []).length === 0 && c.diagnoses === undefined && Object.values(c.identifiers ?? {}).every((v) => v === undefined));
}
