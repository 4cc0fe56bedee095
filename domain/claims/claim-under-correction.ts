// The claim a denial answers as it was sent, next to what its corrected claim will say: the header, the
// diagnoses, the identifiers and each service line, every value as sent and, where the supplied
// corrections change it, as corrected. The corrected side is the writer's own work: the corrections
// mapped as the writer takes them (claimCorrectionsFrom), applied by the writer's applier
// (applyClaimCorrections) to the stored segments and read back by the claim reader, so the page and the
// 837 the workflow sends cannot disagree. Supplied corrections the claim's segments cannot carry are
// listed as not applied. CLM01 is PHI: this is for signed-in staff, like the denial's page.
import { z } from 'zod';
import { CorrectionSchema, type Correction } from '../lifecycle/tasks';
import { formatCents } from '../remittance/money';
import { applyClaimCorrections } from './claim-editor';
import { ClaimCorrectionError, ClaimCorrections } from './corrections';
import { claimCorrectionsFrom } from './denial-corrections';
import { ClaimKind, type SubmittedClaim, type SubmittedLine } from './model';
import { claimFromOriginal } from './original-claim';

/** A value as sent and, only when the corrections change it, as corrected ('' is "none"). */
export const ShownValue = z.object({ sent: z.string(), corrected: z.string().optional() });
export type ShownValue = z.infer<typeof ShownValue>;

export const IdentifierName = z.enum(['prior_authorization', 'referral_number', 'medical_record_number', 'payer_claim_control_number', 'rendering_provider_npi']);
export type IdentifierName = z.infer<typeof IdentifierName>;

export const IDENTIFIER_LABELS: Readonly<Record<IdentifierName, string>> = {
  prior_authorization: 'Prior authorization (REF*G1)',
  referral_number: 'Referral number (REF*9F)',
  medical_record_number: 'Medical record number (REF*EA)',
  payer_claim_control_number: "Payer's claim number (REF*F8)",
  rendering_provider_npi: 'Rendering provider NPI (NM1*82)',
};

export const LineUnderCorrection = z.object({
  number: z.number().int().positive(),
  /** SV201, institutional lines only. */
  revenueCode: ShownValue.optional(),
  procedure: ShownValue,
  /** Space-separated. */
  modifiers: ShownValue,
  units: ShownValue,
  charge: ShownValue,
  /** Comma-separated, 1-based into the diagnoses. */
  diagnosisPointers: ShownValue,
});
export type LineUnderCorrection = z.infer<typeof LineUnderCorrection>;

export const ClaimUnderCorrection = z.object({
  kind: ClaimKind,
  header: z.object({
    /** CLM01 (PHI). */
    patientControlNumber: ShownValue,
    /** CLM05-3 as sent: the workflow's writer sets the replacement's own frequency when it sends. */
    frequency: ShownValue,
    /** CLM05-1: place of service (837P) or facility type (837I). */
    facility: ShownValue,
    /** CLM02. */
    charge: ShownValue,
  }),
  /** The pointer a service line uses for each diagnosis, principal first. */
  diagnoses: z.array(z.object({ pointer: z.number().int().positive(), code: ShownValue })),
  identifiers: z.array(z.object({ name: IdentifierName, value: ShownValue })),
  lines: z.array(LineUnderCorrection),
  /** Supplied corrections the claim's segments cannot carry: listed, not applied. */
  notApplied: z.array(CorrectionSchema),
  /** Why none of the corrections can be put into the claim (the writer would refuse them too). */
  problem: z.string().optional(),
});
export type ClaimUnderCorrection = z.infer<typeof ClaimUnderCorrection>;

const shown = (sent: string, corrected: string | undefined): ShownValue => (corrected === undefined || corrected === sent ? { sent } : { sent, corrected });

/** The identifier values of a claim; the rendering provider is loop 2310B's NM1*82 (before the first LX). */
function identifiersOf(claim: SubmittedClaim): Record<IdentifierName, string> {
  const { element } = claim.original.delimiters;
  const ref = (q: string) => claim.references.find((r) => r.qualifier === q)?.value ?? '';
  const firstLine = claim.original.claim.findIndex((s) => s.startsWith(`LX${element}`));
  const rendering = claim.original.claim
    .slice(0, firstLine < 0 ? undefined : firstLine)
    .map((s) => s.split(element))
    .find((e) => e[0] === 'NM1' && e[1] === '82' && e[8] === 'XX');
  return {
    prior_authorization: ref('G1'),
    referral_number: ref('9F'),
    medical_record_number: ref('EA'),
    payer_claim_control_number: ref('F8'),
    rendering_provider_npi: rendering?.[9] ?? '',
  };
}

function lineValues(l: SubmittedLine | undefined) {
  return {
    revenueCode: l?.revenueCode ?? '',
    procedure: l?.procedure?.code ?? '',
    modifiers: l?.procedure?.modifiers.filter(Boolean).join(' ') ?? '',
    units: l?.units === undefined ? '' : String(l.units),
    charge: l ? formatCents(l.charge.cents) : '',
    diagnosisPointers: l?.diagnosisPointers.join(', ') ?? '',
  };
}

/** Names a refused correction by where it goes, never by its value. */
function problemOf(err: z.ZodError, corrections: ClaimCorrections): string {
  const where = err.issues.map(({ path }) => {
    const line = path[0] === 'lines' && typeof path[1] === 'number' ? corrections.lines?.[path[1]]?.line : undefined;
    return line === undefined ? path.join('.') : `line ${line} ${path.slice(2).filter((p) => typeof p === 'string').join('.')}`.trim();
  });
  return `The corrections do not fit an 837 (${[...new Set(where)].join('; ')}): the corrected claim cannot be written with them.`;
}

/** The corrected claim as the writer's applier leaves it, read back; or why the writer would refuse. */
function corrected(original: SubmittedClaim, supplied: ClaimCorrections): { claim?: SubmittedClaim; problem?: string } {
  const parsed = ClaimCorrections.safeParse(supplied);
  if (!parsed.success) return { problem: problemOf(parsed.error, supplied) };
  const { element, component } = original.original.delimiters;
  let segments: string[][];
  try {
    segments = applyClaimCorrections(
      original.original.claim.map((s) => s.split(element)),
      original.kind,
      parsed.data,
      component,
    );
  } catch (err) {
    if (err instanceof ClaimCorrectionError) return { problem: err.message };
    throw err;
  }
  const claim = claimFromOriginal({ ...original.original, claim: segments.map((s) => s.join(element)) });
  return claim ? { claim } : { problem: 'The claim with these corrections cannot be read back as a claim.' };
}

/**
 * The claim as sent with the supplied corrections. A void (`void`, frequency 8) goes out as sent, as the
 * writer writes it: nothing is marked and every supplied correction is listed as not applied.
 */
export function claimUnderCorrection(original: SubmittedClaim, supplied: readonly Correction[], opts: { void?: boolean } = {}): ClaimUnderCorrection {
  const mapped = opts.void ? { corrections: {}, notApplied: [...supplied] } : claimCorrectionsFrom(supplied);
  const { claim: after, problem } = corrected(original, mapped.corrections);
  const pair = (sent: string, get: (c: SubmittedClaim) => string) => shown(sent, after && get(after));

  const sentIds = identifiersOf(original);
  const afterIds = after && identifiersOf(after);
  const identifiers = IdentifierName.options
    .filter((name) => name === 'prior_authorization' || sentIds[name] || afterIds?.[name])
    .map((name) => ({ name, value: shown(sentIds[name], afterIds?.[name]) }));

  const diagnosisCount = Math.max(original.diagnoses.length, after?.diagnoses.length ?? 0);
  const diagnoses = Array.from({ length: diagnosisCount }, (_, i) => ({
    pointer: i + 1,
    code: shown(original.diagnoses[i]?.code ?? '', after && (after.diagnoses[i]?.code ?? '')),
  }));

  const lines = original.serviceLines.map((line, i): LineUnderCorrection => {
    const sent = lineValues(line);
    const now = after && lineValues(after.serviceLines[i]);
    return {
      number: line.number,
      ...(original.kind === 'institutional' ? { revenueCode: shown(sent.revenueCode, now?.revenueCode) } : {}),
      procedure: shown(sent.procedure, now?.procedure),
      modifiers: shown(sent.modifiers, now?.modifiers),
      units: shown(sent.units, now?.units),
      charge: shown(sent.charge, now?.charge),
      diagnosisPointers: shown(sent.diagnosisPointers, now?.diagnosisPointers),
    };
  });

  return {
    kind: original.kind,
    header: {
      patientControlNumber: pair(original.patientControlNumber, (c) => c.patientControlNumber),
      frequency: pair(original.facility.frequency, (c) => c.facility.frequency),
      facility: pair(original.facility.code, (c) => c.facility.code),
      charge: pair(formatCents(original.charge.cents), (c) => formatCents(c.charge.cents)),
    },
    diagnoses,
    identifiers,
    lines,
    notApplied: mapped.notApplied,
    ...(problem ? { problem } : {}),
  };
}
