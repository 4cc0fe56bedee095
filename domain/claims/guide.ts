// What the implementation guides fix and the reader and writer both need: which guide is which kind of
// claim, which HI qualifiers are diagnoses, and the order of the loop 2300 REF segments.
import { type ClaimKind } from './model';

/** The guides corrections are written under (GS08 / ST03). */
export const CURRENT_GUIDE: Readonly<Record<ClaimKind, string>> = {
  professional: '005010X222A1',
  institutional: '005010X223A2',
};

/** 005010X222 (any addenda) is professional, 005010X223 institutional; anything else is not ours. */
export function kindOfGuide(version: string | undefined): ClaimKind | undefined {
  if (version === undefined) return undefined;
  if (version.startsWith('005010X222')) return 'professional';
  if (version.startsWith('005010X223')) return 'institutional';
  return undefined;
}

/**
 * HI qualifiers that name a diagnosis (ICD-10 with the leading A, ICD-9 without): principal, other,
 * admitting, patient's reason for visit, external cause of injury. SV107 pointers count these, in order.
 */
export const DIAGNOSIS_QUALIFIERS: ReadonlySet<string> = new Set(['ABK', 'ABF', 'ABJ', 'APR', 'ABN', 'BK', 'BF', 'BJ', 'PR', 'BN']);
export const PRINCIPAL_QUALIFIERS: ReadonlySet<string> = new Set(['ABK', 'BK']);

/** Most diagnosis codes one claim may carry (837P: one HI of 12; SV107 points into them). */
export const MAX_DIAGNOSES = 12;
/** Most service lines per claim: 50 in the 837P guide, 999 in the 837I. */
export const MAX_LINES: Readonly<Record<ClaimKind, number>> = { professional: 50, institutional: 999 };

/**
 * Loop 2300 REF segments in the order the guides list them. A REF written by a correction (F8, G1...) is
 * placed after those listed before it and before those listed after it.
 */
export const REF_ORDER: Readonly<Record<ClaimKind, readonly string[]>> = {
  professional: ['4N', 'F5', 'EW', '9F', 'G1', 'F8', 'X4', '9A', '9C', 'LX', 'D9', 'EA', 'P4', '1J'],
  institutional: ['4N', '9F', 'G1', 'F8', '9A', '9C', 'LX', 'D9', 'LU', 'EA', 'P4', 'G4'],
};

/** Loop 2300 segments that come before its REFs (CLM, dates, CL1, attachments, contract, amounts). */
export const BEFORE_REF: ReadonlySet<string> = new Set(['CLM', 'DTP', 'CL1', 'PWK', 'CN1', 'AMT']);
