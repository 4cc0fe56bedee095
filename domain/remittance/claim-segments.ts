// Segment → model for loops 2100 (claim), 2110 (service line) and the PLB footer.
import { isAdjustmentGroup, isFilingIndicator, isReasonCode, isRemarkCode, quoted } from './codes';
import { elementName, type FieldReader, opt } from './fields';
import {
  type Adjudication,
  type Adjustment,
  type ClaimParty,
  type ClaimPayment,
  type LineRemark,
  type Money,
  type Procedure,
  type ProviderAdjustment,
  type QualifiedAmount,
  type QualifiedQuantity,
  type SegmentPosition,
  type ServiceLine,
} from './model';


/** Placeholder for a required amount that could not be read; its record is quarantined anyway. */
const UNREADABLE: Money = { text: '', cents: 0 };

export function readClaim(e: readonly string[], f: FieldReader, position: SegmentPosition): ClaimPayment {
  const patientControlNumber = e[1] ?? '';
  const status = e[2] ?? '';
  if (patientControlNumber.length === 0) f.report('missing-element', 'CLP01 patient control number is missing.');
  if (status.length === 0) f.report('missing-element', 'CLP02 claim status is missing.');
  const filingIndicator = opt(e, 6);
  if (filingIndicator !== undefined && !isFilingIndicator(filingIndicator)) {
    f.report('invalid-code', `CLP06 claim filing indicator ${quoted(filingIndicator)} is not a filing indicator code (1 or 2 letters or digits).`);
  }
  return {
    patientControlNumber,
    status,
    charge: f.money(e[3], 'CLP', 3, true, true) ?? UNREADABLE,
    payment: f.money(e[4], 'CLP', 4, true, true) ?? UNREADABLE,
    patientResponsibility: f.money(e[5], 'CLP', 5, false, false),
    filingIndicator,
    payerClaimControlNumber: opt(e, 7),
    facilityType: opt(e, 8),
    frequency: opt(e, 9),
    patientStatus: opt(e, 10),
    drgCode: opt(e, 11),
    drgWeight: f.decimal(e[12], 'CLP', 12),
    dischargeFraction: f.decimal(e[13], 'CLP', 13),
    yesNo: opt(e, 14),
    adjustments: [],
    parties: {},
    inpatient: undefined,
    outpatient: undefined,
    dates: [],
    references: [],
    amounts: [],
    quantities: [],
    contacts: [],
    serviceLines: [],
    position,
    findings: [],
  };
}

/** CAS: one group, up to six reason/amount/quantity triples, each becoming one Adjustment. */
export function readAdjustments(e: readonly string[], f: FieldReader, into: Adjustment[]): void {
  const group = e[1] ?? '';
  if (group.length === 0) f.report('missing-element', 'CAS01 adjustment group code is missing.');
  else if (!isAdjustmentGroup(group)) f.report('invalid-code', `CAS01 adjustment group ${quoted(group)} is not CO, CR, OA, PI or PR.`);
  for (let i = 2; i < e.length; i += 3) {
    const reason = e[i] ?? '';
    const amountText = e[i + 1];
    if (reason.length === 0) {
      if (amountText) f.report('missing-element', `${elementName('CAS', i)} reason code is missing for amount '${amountText}'.`);
      continue;
    }
    if (!isReasonCode(reason)) {
      f.report('invalid-code', `${elementName('CAS', i)} reason code ${quoted(reason)} is not a claim adjustment reason code (1 to 5 letters or digits).`);
      continue;
    }
    const amount = f.money(amountText, 'CAS', i + 1, true, true);
    if (amount === undefined) continue;
    into.push({ group, reason, amount, quantity: f.decimal(e[i + 2], 'CAS', i + 2) });
  }
}

export function readClaimParty(e: readonly string[]): ClaimParty {
  return {
    entityId: e[1] ?? '',
    entityType: opt(e, 2),
    lastName: opt(e, 3),
    firstName: opt(e, 4),
    middleName: opt(e, 5),
    suffix: opt(e, 7),
    idQualifier: opt(e, 8),
    id: opt(e, 9),
  };
}

/**
 * A malformed remark code only refines a classification, so it costs a warning, not the claim: the claim
 * still reaches its workflow while its deadlines run (the CARC carries the denial). The sample files do
 * carry placeholders such as a one-letter MIA23.
 */
function notARemark(element: string, code: string): string {
  return `${element} remark code ${quoted(code)} is not a remittance advice remark code (2 to 6 letters or digits); it is left out.`;
}

/** MIA remark codes: MIA05, MIA20–23. */
export const INPATIENT_REMARKS = [5, 20, 21, 22, 23] as const;
/** MOA remark codes: MOA03–07. */
export const OUTPATIENT_REMARKS = [3, 4, 5, 6, 7] as const;

export function readAdjudication(e: readonly string[], remarkElements: readonly number[], f: FieldReader): Adjudication {
  const remarkCodes: string[] = [];
  for (const i of remarkElements) {
    const code = e[i];
    if (!code) continue;
    if (isRemarkCode(code)) remarkCodes.push(code);
    else f.report('invalid-remark-code', notARemark(elementName(e[0] ?? '', i), code));
  }
  return { remarkCodes, elements: e.slice(1) };
}

/** Composite → Procedure with indexOf rather than split: it runs once or twice per service line. */
export function readProcedure(composite: string, component: string): Procedure {
  let cut = composite.indexOf(component);
  if (cut < 0) return { qualifier: composite, code: '', modifiers: [], description: undefined };
  const qualifier = composite.slice(0, cut);
  let from = cut + 1;
  cut = composite.indexOf(component, from);
  const code = cut < 0 ? composite.slice(from) : composite.slice(from, cut);
  const modifiers: string[] = [];
  let description: string | undefined;
  for (let n = 0; cut >= 0; n++) {
    from = cut + 1;
    cut = composite.indexOf(component, from);
    const part = cut < 0 ? composite.slice(from) : composite.slice(from, cut);
    if (n < 4) {
      if (part.length > 0) modifiers.push(part);
    } else if (n === 4) {
      description = part || undefined;
    } else break;
  }
  return { qualifier, code, modifiers, description };
}

export function readServiceLine(
  e: readonly string[],
  f: FieldReader,
  component: string,
  number: number,
  position: SegmentPosition,
): ServiceLine {
  const composite = e[1] ?? '';
  if (composite.length === 0) f.report('missing-element', 'SVC01 procedure is missing.');
  const original = opt(e, 6);
  return {
    number,
    procedure: readProcedure(composite, component),
    charge: f.money(e[2], 'SVC', 2, true, true) ?? UNREADABLE,
    payment: f.money(e[3], 'SVC', 3, true, true) ?? UNREADABLE,
    revenueCode: opt(e, 4),
    unitsPaid: f.decimal(e[5], 'SVC', 5),
    originalProcedure: original === undefined ? undefined : readProcedure(original, component),
    originalUnits: f.decimal(e[7], 'SVC', 7),
    dates: [],
    adjustments: [],
    references: [],
    amounts: [],
    quantities: [],
    remarks: [],
    position,
  };
}

/** AMT is informational (not part of balancing): an unreadable amount is dropped with a warning. */
export function readQualifiedAmount(e: readonly string[], f: FieldReader): QualifiedAmount | undefined {
  const amount = f.money(e[2], 'AMT', 2, true, false);
  return amount === undefined ? undefined : { qualifier: e[1] ?? '', amount };
}

export function readQuantity(e: readonly string[], f: FieldReader): QualifiedQuantity | undefined {
  const quantity = f.decimal(e[2], 'QTY', 2);
  return quantity === undefined ? undefined : { qualifier: e[1] ?? '', quantity };
}

/**
 * LQ*HE is a remark code (RARC): one that does not look like one is left out, with a warning that quotes
 * it. LQ*RX (an NCPDP reject code) is kept as sent.
 */
export function readLineRemark(e: readonly string[], f: FieldReader): LineRemark | undefined {
  const qualifier = e[1] ?? '';
  const code = e[2] ?? '';
  if (qualifier === 'HE' && !isRemarkCode(code)) {
    f.report('invalid-remark-code', notARemark('LQ02', code));
    return undefined;
  }
  return { qualifier, code };
}

/** PLB: provider, fiscal period date, then up to six (reason:reference, amount) pairs. */
export function readProviderAdjustment(
  e: readonly string[],
  f: FieldReader,
  component: string,
  position: SegmentPosition,
): ProviderAdjustment {
  const adjustments: ProviderAdjustment['adjustments'] = [];
  for (let i = 3; i < e.length; i += 2) {
    const composite = e[i] ?? '';
    const amountText = e[i + 1];
    if (composite.length === 0 && !amountText) continue;
    const cut = composite.indexOf(component);
    const reason = cut < 0 ? composite : composite.slice(0, cut);
    const reference = cut < 0 ? undefined : composite.slice(cut + 1) || undefined;
    if (reason.length === 0) f.report('missing-element', `${elementName('PLB', i)} adjustment reason is missing.`);
    const amount = f.money(amountText, 'PLB', i + 1, true, true);
    if (amount !== undefined) adjustments.push({ reason, reference, amount });
  }
  return { providerId: e[1] ?? '', fiscalPeriodDate: e[2] ?? '', adjustments, position };
}
