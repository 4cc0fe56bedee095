// Segment → model for loops 2300 (CLM, HI) and 2400 (SV1, SV2). Each function reads one segment's
// elements (e[0] is the segment id); problems go to the field reader, never with the element's value.
import { components, type ClaimFieldReader, opt } from './fields';
import { DIAGNOSIS_QUALIFIERS } from './guide';
import { type ClaimProcedure, type HealthCode, type SubmittedClaim, type SubmittedLine } from './model';

export type ClaimHead = Pick<SubmittedClaim, 'patientControlNumber' | 'charge' | 'facility'>;

export function readClaimHead(e: readonly string[], f: ClaimFieldReader, component: string): ClaimHead {
  const patientControlNumber = f.required(e, 'CLM', 1, 'patient control number');
  const charge = f.money(e[2], 'CLM', 2);
  const [code = '', qualifier, frequency = ''] = components(e[5], component);
  if (code.length === 0) f.report('missing-element', 'CLM05-1 place of service / facility type code is missing.');
  if (frequency.length === 0) f.report('missing-element', 'CLM05-3 claim frequency type code is missing.');
  return { patientControlNumber, charge, facility: { code, qualifier: qualifier || undefined, frequency } };
}

/** HI: every composite, split into diagnoses (the SV107 pointer targets) and other health codes. */
export function readHealthCodes(e: readonly string[], component: string, diagnoses: HealthCode[], others: HealthCode[]): void {
  for (let i = 1; i < e.length; i++) {
    const parts = components(e[i], component);
    const qualifier = parts[0];
    if (qualifier === undefined || qualifier.length === 0) continue;
    const code: HealthCode = { qualifier, code: parts[1] ?? '', presentOnAdmission: parts[8] || undefined };
    (DIAGNOSIS_QUALIFIERS.has(qualifier) ? diagnoses : others).push(code);
  }
}

function readProcedure(text: string | undefined, component: string, f: ClaimFieldReader, name: string): ClaimProcedure | undefined {
  const parts = components(text, component);
  if (parts.length === 0) return undefined;
  const [qualifier = '', code = ''] = parts;
  if (qualifier.length === 0 || code.length === 0) f.report('missing-element', `${name} procedure qualifier or code is missing.`);
  return {
    qualifier,
    code,
    modifiers: parts.slice(2, 6).filter((m) => m.length > 0),
    description: parts[6] || undefined,
  };
}

type LineService = Pick<SubmittedLine, 'revenueCode' | 'procedure' | 'charge' | 'unitBasis' | 'units' | 'placeOfService' | 'diagnosisPointers'>;

/** SV1: procedure, charge, unit basis, units, place of service, diagnosis pointers. */
export function readProfessionalService(e: readonly string[], f: ClaimFieldReader, component: string): LineService {
  const procedure = readProcedure(e[1], component, f, 'SV101');
  if (procedure === undefined) f.report('missing-element', 'SV101 procedure is missing.');
  const pointers: number[] = [];
  for (const p of components(e[7], component)) {
    const n = Number(p);
    if (/^\d{1,2}$/.test(p) && n >= 1) pointers.push(n);
    else f.report('invalid-number', 'SV107 diagnosis code pointer is not a number from 1 to 12.');
  }
  return {
    procedure,
    charge: f.money(e[2], 'SV1', 2),
    unitBasis: opt(e, 3),
    units: f.decimal(e[4], 'SV1', 4),
    placeOfService: opt(e, 5),
    diagnosisPointers: pointers,
  };
}

/** SV2: revenue code, procedure, charge, unit basis, units. */
export function readInstitutionalService(e: readonly string[], f: ClaimFieldReader, component: string): LineService {
  return {
    revenueCode: f.required(e, 'SV2', 1, 'revenue code'),
    procedure: readProcedure(e[2], component, f, 'SV202'),
    charge: f.money(e[3], 'SV2', 3),
    unitBasis: opt(e, 4),
    units: f.decimal(e[5], 'SV2', 5),
    diagnosisPointers: [],
  };
}
