// Applies corrections to a claim's own segments (loop 2300 from CLM with its 2310/2320/2400 loops), as
// element arrays: only the corrected elements change, every other segment goes out as it came in.
import { formatCents, parseCents } from '../remittance/money';
import { ClaimCorrectionError, type ClaimCorrections, type DiagnosisEntry, IDENTIFIER_REFS, type LineCorrection } from './corrections';
import { BEFORE_REF, DIAGNOSIS_QUALIFIERS, MAX_DIAGNOSES, REF_ORDER } from './guide';
import { type ClaimKind } from './model';

export type Segment = string[];

export interface EditedClaim {
  segments: Segment[];
  chargeCents: number;
}

/** Index of the first segment after loop 2300 proper: its first sub-loop (NM1, SBR) or service line (LX). */
function claimProperEnd(segments: readonly Segment[]): number {
  for (let i = 1; i < segments.length; i++) {
    const id = segments[i]?.[0];
    if (id === 'NM1' || id === 'SBR' || id === 'LX') return i;
  }
  return segments.length;
}

/** [start, end) of each service line (LX to the next LX or the end). */
function lineRanges(segments: readonly Segment[]): Array<[number, number]> {
  const starts: number[] = [];
  segments.forEach((s, i) => {
    if (s[0] === 'LX') starts.push(i);
  });
  return starts.map((start, n) => [start, starts[n + 1] ?? segments.length]);
}

function units(n: number): string {
  return String(Number(n.toFixed(3)));
}

function editService(segment: Segment, kind: ClaimKind, c: LineCorrection, component: string): void {
  const professional = kind === 'professional';
  if (professional && c.revenueCode !== undefined) throw new ClaimCorrectionError(`Line ${c.line}: a professional (SV1) line has no revenue code.`);
  if (!professional && c.diagnosisPointers !== undefined) throw new ClaimCorrectionError(`Line ${c.line}: an institutional (SV2) line has no diagnosis pointers.`);
  const at = professional ? { procedure: 1, charge: 2, units: 4 } : { procedure: 2, charge: 3, units: 5 };
  if (c.procedureCode !== undefined || c.procedureQualifier !== undefined || c.modifiers !== undefined) {
    const parts = (segment[at.procedure] ?? '').split(component);
    const qualifier = c.procedureQualifier ?? (parts[0] || 'HC');
    const code = c.procedureCode ?? parts[1] ?? '';
    if (code.length === 0) throw new ClaimCorrectionError(`Line ${c.line}: no procedure code to correct.`);
    const modifiers = c.modifiers ?? parts.slice(2, 6);
    // A description (SV101-7) describes the old code: it goes when the code changes.
    const description = c.procedureCode === undefined || c.procedureCode === parts[1] ? parts[6] : undefined;
    const composite = [qualifier, code, ...[0, 1, 2, 3].map((i) => modifiers[i] ?? '')];
    if (description) composite.push(description);
    while (composite.length > 2 && composite[composite.length - 1] === '') composite.pop();
    segment[at.procedure] = composite.join(component);
  }
  if (c.chargeCents !== undefined) segment[at.charge] = formatCents(c.chargeCents);
  if (c.units !== undefined) segment[at.units] = units(c.units);
  if (!professional && c.revenueCode !== undefined) segment[1] = c.revenueCode;
  if (professional && c.diagnosisPointers !== undefined) {
    while (segment.length < 8) segment.push('');
    segment[7] = c.diagnosisPointers.join(component);
  }
}

function applyLineCorrections(segments: Segment[], kind: ClaimKind, corrections: readonly LineCorrection[], component: string): Segment[] {
  const ranges = lineRanges(segments);
  const removed = new Set<number>();
  const seen = new Set<number>();
  for (const c of corrections) {
    if (seen.has(c.line)) throw new ClaimCorrectionError(`Line ${c.line} is corrected twice.`);
    seen.add(c.line);
    const range = ranges[c.line - 1];
    if (range === undefined) throw new ClaimCorrectionError(`Line ${c.line} does not exist: the claim has ${ranges.length} service lines.`);
    if (c.remove) {
      removed.add(c.line);
      continue;
    }
    const service = segments.slice(range[0], range[1]).find((s) => s[0] === 'SV1' || s[0] === 'SV2');
    if (service === undefined) throw new ClaimCorrectionError(`Line ${c.line} has no service segment.`);
    editService(service, kind, c, component);
  }
  if (removed.size === 0) return segments;
  if (removed.size === ranges.length) throw new ClaimCorrectionError('Every service line would be removed: void the claim instead.');
  const kept = segments.filter((_, i) => !ranges.some(([start, end], n) => removed.has(n + 1) && i >= start && i < end));
  let number = 0;
  for (const s of kept) if (s[0] === 'LX') s[1] = String(++number);
  return kept;
}

function diagnosisSegments(kind: ClaimKind, entries: readonly DiagnosisEntry[], component: string): Segment[] {
  const coded = entries.map((d, i) => ({ qualifier: d.qualifier ?? (i === 0 ? 'ABK' : 'ABF'), code: d.code }));
  if (coded[0]?.qualifier !== 'ABK' || coded.slice(1).some((d) => d.qualifier === 'ABK')) {
    throw new ClaimCorrectionError('The first diagnosis, and only the first, must be the principal one (ABK).');
  }
  const composite = (d: { qualifier: string; code: string }) => `${d.qualifier}${component}${d.code}`;
  if (kind === 'professional') {
    if (coded.some((d) => d.qualifier !== 'ABK' && d.qualifier !== 'ABF')) throw new ClaimCorrectionError('An 837P claim takes ABK and ABF diagnoses only.');
    return [['HI', ...coded.map(composite)]];
  }
  // 837I: one HI per kind of diagnosis in the guide's order; other diagnoses 12 to a segment.
  const out: Segment[] = [];
  for (const qualifier of ['ABK', 'ABJ', 'APR', 'ABN', 'ABF']) {
    const group = coded.filter((d) => d.qualifier === qualifier);
    for (let i = 0; i < group.length; i += 12) out.push(['HI', ...group.slice(i, i + 12).map(composite)]);
  }
  return out;
}

function isDiagnosisHi(s: Segment, component: string): boolean {
  return s[0] === 'HI' && DIAGNOSIS_QUALIFIERS.has((s[1] ?? '').split(component)[0] ?? '');
}

function replaceDiagnoses(segments: Segment[], kind: ClaimKind, entries: readonly DiagnosisEntry[], component: string): Segment[] {
  const end = claimProperEnd(segments);
  let at = -1;
  const kept: Segment[] = [];
  segments.forEach((s, i) => {
    if (i < end && isDiagnosisHi(s, component)) {
      if (at < 0) at = kept.length;
    } else kept.push(s);
  });
  if (at < 0) {
    // No HI was sent: the diagnoses go before the other HI, HCP or the first sub-loop.
    const keptEnd = claimProperEnd(kept);
    at = kept.findIndex((s, i) => i > 0 && i < keptEnd && (s[0] === 'HI' || s[0] === 'HCP'));
    if (at < 0) at = keptEnd;
  }
  kept.splice(at, 0, ...diagnosisSegments(kind, entries, component));
  return kept;
}

/** Sets (or removes, with null) the loop 2300 REF with this qualifier, in the guide's REF order. */
export function setClaimReference(segments: Segment[], kind: ClaimKind, qualifier: string, value: string | null): Segment[] {
  const end = claimProperEnd(segments);
  const out = segments.filter((s, i) => !(i > 0 && i < end && s[0] === 'REF' && s[1] === qualifier));
  if (value === null) return out;
  const order = REF_ORDER[kind];
  const rank = (q: string | undefined) => {
    const r = order.indexOf(q ?? '');
    return r < 0 ? order.length : r;
  };
  const mine = rank(qualifier);
  const outEnd = claimProperEnd(out);
  let at = outEnd;
  for (let i = 1; i < outEnd; i++) {
    const s = out[i] as Segment;
    const before = s[0] === 'REF' ? rank(s[1]) <= mine : BEFORE_REF.has(s[0] ?? '');
    if (!before) {
      at = i;
      break;
    }
  }
  out.splice(at, 0, ['REF', qualifier, value]);
  return out;
}

function lineChargeSum(segments: readonly Segment[], kind: ClaimKind): number {
  const index = kind === 'professional' ? 2 : 3;
  let sum = 0;
  for (const s of segments) {
    if (s[0] !== (kind === 'professional' ? 'SV1' : 'SV2')) continue;
    const cents = parseCents(s[index] ?? '');
    if (cents === undefined) throw new ClaimCorrectionError('A service line charge cannot be read.');
    sum += cents;
  }
  return sum;
}

function checkPointers(segments: readonly Segment[], component: string): void {
  const end = claimProperEnd(segments);
  let diagnoses = 0;
  segments.forEach((s, i) => {
    if (i < end && isDiagnosisHi(s, component)) diagnoses += s.slice(1).filter((c) => DIAGNOSIS_QUALIFIERS.has(c.split(component)[0] ?? '')).length;
  });
  if (diagnoses > MAX_DIAGNOSES) throw new ClaimCorrectionError(`The claim would carry ${diagnoses} diagnoses; the most is ${MAX_DIAGNOSES}.`);
  let line = 0;
  for (const s of segments) {
    if (s[0] === 'LX') line++;
    if (s[0] !== 'SV1') continue;
    for (const p of (s[7] ?? '').split(component)) {
      if (p !== '' && Number(p) > diagnoses) throw new ClaimCorrectionError(`Line ${line}: diagnosis pointer ${p} points past the claim's ${diagnoses} diagnoses.`);
    }
  }
}

/**
 * The claim's segments (loop 2300 from CLM) with the corrections applied and nothing else: what the
 * corrected claim says of its lines, diagnoses and identifiers. The writer (editClaim) and the denial's
 * view of the claim under correction both go through here, so they cannot disagree. Throws
 * ClaimCorrectionError when a correction does not fit the claim.
 */
export function applyClaimCorrections(claim: readonly Segment[], kind: ClaimKind, corrections: ClaimCorrections | undefined, component: string): Segment[] {
  let segments = claim.map((s) => [...s]);
  if (corrections?.lines !== undefined) segments = applyLineCorrections(segments, kind, corrections.lines, component);
  if (corrections?.diagnoses !== undefined) segments = replaceDiagnoses(segments, kind, corrections.diagnoses, component);
  for (const [key, qualifier] of Object.entries(IDENTIFIER_REFS) as Array<[keyof typeof IDENTIFIER_REFS, string]>) {
    const value = corrections?.identifiers?.[key];
    if (value !== undefined) segments = setClaimReference(segments, kind, qualifier, value);
  }
  if (kind === 'professional') checkPointers(segments, component);
  return segments;
}

/**
 * The claim's segments with the corrections applied, the frequency code set, REF*F8 placed and CLM02
 * recomputed as the sum of the line charges.
 */
export function editClaim(
  claim: readonly Segment[],
  kind: ClaimKind,
  edit: { frequency: string; payerClaimControlNumber: string; corrections: ClaimCorrections | undefined; component: string },
): EditedClaim {
  const { component } = edit;
  const segments = setClaimReference(applyClaimCorrections(claim, kind, edit.corrections, component), kind, 'F8', edit.payerClaimControlNumber);
  const chargeCents = lineChargeSum(segments, kind);
  const clm = segments[0] as Segment;
  clm[2] = formatCents(chargeCents);
  const facility = (clm[5] ?? '').split(component);
  clm[5] = [facility[0] ?? '', facility[1] ?? '', edit.frequency].join(component);
  return { segments, chargeCents };
}
