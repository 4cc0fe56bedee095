import { z } from 'zod';
import { CARC_RULES_VERSION, findCarcRule, normalizeCarc, type CarcRemarkVariant, type CarcRule } from './carc-rules';
import { RARC_RULES_VERSION, findRarcRule, normalizeRarc, type RarcRule } from './rarc-rules';
import {
  CATEGORY_PROFILE,
  GroupCodeSchema,
  OWNER_TEAM_LABEL,
  REFERENCE_CATEGORY_KEY,
  ROOT_CAUSES,
  type ActionTag,
  type DenialCategory,
  type GroupCode,
  type OwnerTeam,
  type ReferenceCategoryKey,
  type RootCause,
  type RoutingSignal,
} from './taxonomy';

export const AdjustmentSchema = z.object({
  group: z.string().trim().toUpperCase().pipe(GroupCodeSchema),
  carc: z.string().trim().min(1).max(5),
  /** Adjustment amount (CAS amount); negative on reversals. */
  amount: z.number().finite(),
  /** Service line (REF*6R or position); absent for a claim-level CAS. */
  lineId: z.string().min(1).optional(),
});
export type Adjustment = z.infer<typeof AdjustmentSchema>;

export const RemarkSchema = z.object({
  code: z.string().trim().min(2).max(6),
  /** Absent for claim-level remarks (MOA/MIA); the service line for LQ*HE. */
  lineId: z.string().min(1).optional(),
});
export type Remark = z.infer<typeof RemarkSchema>;

export const ClaimAdjustmentsSchema = z.object({
  adjustments: z.array(AdjustmentSchema).min(1),
  remarks: z.array(RemarkSchema).default([]),
});
export type ClaimAdjustments = z.input<typeof ClaimAdjustmentsSchema>;

export type Liability = 'provider' | 'patient' | 'other';

export interface Classification {
  adjustment: Adjustment;
  /** Group and CARC as written on remits, e.g. 'CO-50'. */
  code: string;
  category: DenialCategory;
  referenceCategory: ReferenceCategoryKey;
  /** Derived per the reference (2.1): not a contractual/PR bookkeeping post and not a pending line. */
  isDenial: boolean;
  liability: Liability;
  rootCause: RootCause;
  ownerTeam: OwnerTeam;
  preventable: boolean;
  defaultAction: ActionTag;
  actions: ActionTag[];
  routing: RoutingSignal[];
  /** RARCs that applied to this adjustment (claim level plus its own line). */
  remarks: string[];
  /** The rule that decided the category/action. */
  ruleId: string;
  /** Every rule that contributed, deciding rule included. */
  ruleTrail: string[];
  explanation: string;
  confidence: number;
  needsHumanClassification: boolean;
  codeStatus: 'current' | 'deactivated' | 'unknown';
  unknownCodes: string[];
  evidenceHints: string[];
  notes: string[];
}

export interface ClaimClassification {
  primary: Classification;
  secondary: Classification[];
  unknownCodes: string[];
  needsHumanClassification: boolean;
  rulesVersion: { carc: string; rarc: string };
}

const DEFAULT_ROW_CONFIDENCE = 0.9;
const REFINED_BY_RARC_CONFIDENCE = 0.85;
const MISSING_REQUIRED_RARC_CONFIDENCE = 0.5;
const UNKNOWN_CODE_CONFIDENCE = 0.2;

// RARCs that name the actual defect precisely enough to refine root cause and action even under a
// specific CARC (CO-50 + M127: the records never reached the payer, so send them before arguing).
const PRECISE_ROOT_CAUSES: ReadonlySet<RootCause> = new Set(['missing_documentation', 'provider_identifier_mismatch', 'wrong_modifier']);

interface Draft {
  category: DenialCategory;
  rootCause: RootCause;
  ownerTeam: OwnerTeam;
  preventable: boolean;
  actions: ActionTag[];
  ruleId: string;
  ruleTrail: string[];
  confidence: number;
  notes: string[];
  evidenceHints: string[];
}

function fromCarcRow(rule: CarcRule, group: GroupCode): Draft {
  const variant = rule.byGroup?.[group];
  const category = variant?.category ?? rule.category;
  const profile = CATEGORY_PROFILE[category];
  const notes: string[] = [];
  if (rule.note) notes.push(rule.note);
  if (variant?.note) notes.push(variant.note);
  return {
    category,
    rootCause: variant?.rootCause ?? rule.rootCause ?? profile.rootCause,
    ownerTeam: variant?.ownerTeam ?? rule.ownerTeam ?? profile.ownerTeam,
    preventable: variant?.preventable ?? rule.preventable ?? profile.preventable,
    actions: [...(variant?.actions ?? rule.actions)],
    ruleId: variant ? `${rule.id}/${group}` : rule.id,
    ruleTrail: [variant ? `${rule.id}/${group}` : rule.id],
    confidence: rule.confidence ?? DEFAULT_ROW_CONFIDENCE,
    notes,
    evidenceHints: [],
  };
}

function unknownDraft(group: GroupCode): Draft {
  return {
    category: 'other',
    rootCause: 'unknown',
    ownerTeam: 'ar_follow_up',
    preventable: false,
    actions: group === 'PR' ? ['PT'] : ['VERIFY', 'APPEAL'],
    ruleId: 'CARC-UNKNOWN',
    ruleTrail: ['CARC-UNKNOWN'],
    confidence: UNKNOWN_CODE_CONFIDENCE,
    notes: ['CARC not in the rules table: classify by hand (the X12 list changes several times a year).'],
    evidenceHints: [],
  };
}

function refineWith(draft: Draft, remark: RarcRule, category: DenialCategory): void {
  const profile = CATEGORY_PROFILE[category];
  draft.category = category;
  draft.rootCause = remark.rootCause ?? profile.rootCause;
  draft.ownerTeam = remark.ownerTeam ?? profile.ownerTeam;
  draft.preventable = remark.preventable ?? profile.preventable;
  if (remark.actions && remark.actions.length > 0) draft.actions = [...remark.actions];
  draft.ruleId = remark.id;
}

function pairedRemark(row: CarcRule | undefined, group: GroupCode, codes: readonly string[]): { code: string; variant: CarcRemarkVariant } | undefined {
  if (!row?.byRemark) return undefined;
  for (const code of codes) {
    const variant = row.byRemark[code];
    if (variant?.groups.includes(group)) return { code, variant };
  }
  return undefined;
}

function applyVariant(draft: Draft, v: CarcRemarkVariant): void {
  if (v.category) {
    const profile = CATEGORY_PROFILE[v.category];
    draft.category = v.category;
    draft.rootCause = profile.rootCause;
    draft.ownerTeam = profile.ownerTeam;
    draft.preventable = profile.preventable;
  }
  if (v.rootCause) draft.rootCause = v.rootCause;
  if (v.ownerTeam) draft.ownerTeam = v.ownerTeam;
  if (v.preventable !== undefined) draft.preventable = v.preventable;
  if (v.actions) draft.actions = [...v.actions];
  if (v.note) draft.notes.push(v.note);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function liabilityOf(group: GroupCode): Liability {
  if (group === 'PR') return 'patient';
  if (group === 'CO' || group === 'PI') return 'provider';
  return 'other';
}

function clamp(n: number): number {
  return Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;
}

/** The remarks that apply to one scope (a service line, or the claim), read once for all its adjustments. */
interface RemarkScope {
  /** Normalized codes, the line's own first (more specific), then the claim-level ones; no repeats. */
  codes: string[];
  known: RarcRule[];
  /** 'RARC x' for each code not in the rules table. */
  unknown: string[];
}

/**
 * Remarks grouped by line once per claim. Filtering every remark for every adjustment made a claim with
 * thousands of service lines (or one line with thousands of CAS and LQ) quadratic: seconds in the
 * classifier (found by the 835 fuzzer, test/fuzz). Now each remark is read once and each scope is
 * resolved once; an adjustment costs its scope's distinct codes, not every remark of the claim.
 */
class RemarkScopes {
  private readonly claimCodes: string[] = [];
  private readonly lineCodes = new Map<string, string[]>();
  private readonly resolved = new Map<string, RemarkScope>();

  constructor(remarks: readonly Remark[]) {
    for (const r of remarks) {
      const code = normalizeRarc(r.code);
      if (r.lineId === undefined) this.claimCodes.push(code);
      else {
        const codes = this.lineCodes.get(r.lineId);
        if (codes === undefined) this.lineCodes.set(r.lineId, [code]);
        else codes.push(code);
      }
    }
  }

  of(lineId: string | undefined): RemarkScope {
    const key = lineId ?? '';
    let scope = this.resolved.get(key);
    if (scope === undefined) {
      const codes = unique([...((lineId && this.lineCodes.get(lineId)) || []), ...this.claimCodes]);
      const known: RarcRule[] = [];
      const unknown: string[] = [];
      for (const rc of codes) {
        const rule = findRarcRule(rc);
        if (rule) known.push(rule);
        else unknown.push(`RARC ${rc}`);
      }
      scope = { codes, known, unknown };
      this.resolved.set(key, scope);
    }
    return scope;
  }
}

export function classifyAdjustment(adjustment: Adjustment, remarks: readonly Remark[] = []): Classification {
  return classifyInScope(adjustment, new RemarkScopes(remarks).of(adjustment.lineId));
}

function classifyInScope(adjustment: Adjustment, scope: RemarkScope): Classification {
  const group = adjustment.group;
  const carcCode = normalizeCarc(adjustment.carc);
  const code = `${group}-${carcCode}`;
  const row = findCarcRule(carcCode);
  const draft = row ? fromCarcRow(row, group) : unknownDraft(group);
  const unknownCodes: string[] = row ? [...scope.unknown] : [`CARC ${carcCode}`, ...scope.unknown];
  const remarkCodes = [...scope.codes];
  const known = scope.known;
  const routing = unique(known.flatMap((r) => r.routing ?? []));
  for (const r of known) {
    if (r.evidenceHint) draft.evidenceHints.push(r.evidenceHint);
    if (r.routing && r.routing.length > 0 && !(r.category && !r.alert)) draft.ruleTrail.push(r.id);
  }

  // A CARC row that reads differently with a given RARC (CO-167 + N569) decides before any refinement.
  let refinement = '';
  const paired = pairedRemark(row, group, scope.codes);
  if (paired) {
    applyVariant(draft, paired.variant);
    draft.ruleId = `${(row as CarcRule).id}+${paired.code}`;
    draft.ruleTrail.push(draft.ruleId, `RARC-${paired.code}`);
    refinement = `; with ${paired.code} the row reads ${draft.category} (${ROOT_CAUSES[draft.rootCause].label})`;
  }

  // Refinement by the first non-Alert RARC that names a category.
  const explaining = known.filter((r) => !r.alert && r.category !== undefined && r.code !== paired?.code);
  const carcKey = REFERENCE_CATEGORY_KEY[draft.category];
  const lead = paired ? undefined : explaining[0];
  if (lead?.category && (!row || row.rarcDriven)) {
    const from = draft.ruleId;
    refineWith(draft, lead, lead.category);
    draft.ruleTrail.push(lead.id);
    draft.confidence = row ? REFINED_BY_RARC_CONFIDENCE : UNKNOWN_CODE_CONFIDENCE + 0.2;
    refinement = `; ${from} is generic, ${lead.code} (${lead.meaning}) decides`;
  } else {
    for (const r of explaining) {
      if (!r.category) continue;
      draft.ruleTrail.push(r.id);
      if (REFERENCE_CATEGORY_KEY[r.category] === carcKey) {
        draft.confidence += 0.05;
        if (r.rootCause) draft.rootCause = r.rootCause;
        refinement ||= `; ${r.code} agrees (${r.meaning})`;
      } else if (r.rootCause && PRECISE_ROOT_CAUSES.has(r.rootCause)) {
        draft.rootCause = r.rootCause;
        draft.ownerTeam = r.ownerTeam ?? CATEGORY_PROFILE[r.category].ownerTeam;
        draft.actions = unique([...(r.actions ?? []), ...draft.actions]);
        draft.ruleId = r.id;
        draft.confidence = Math.min(draft.confidence, 0.8);
        refinement ||= `; ${r.code} (${r.meaning}) names the defect`;
      } else {
        draft.confidence -= 0.15;
        draft.notes.push(`${r.code} points to ${r.category}, which disagrees with ${code}; the CARC was kept.`);
      }
    }
  }

  if (row?.rarcRequired && !lead && !paired) {
    draft.confidence = Math.min(draft.confidence, MISSING_REQUIRED_RARC_CONFIDENCE);
    draft.notes.push(`${code} requires a non-Alert RARC to explain it and none came with it.`);
  }
  if (row?.rarcDriven && !lead && !paired && !row.rarcRequired) {
    draft.confidence = Math.min(draft.confidence, MISSING_REQUIRED_RARC_CONFIDENCE + 0.1);
  }
  if (row && !row.usualGroups.includes(group) && !row.byGroup?.[group]) {
    draft.confidence -= 0.1;
    draft.notes.push(`${group} is not a usual group for CARC ${carcCode} (usually ${row.usualGroups.join('/')}).`);
  }
  if (group === 'CR') {
    draft.confidence -= 0.3;
    draft.notes.push('Group CR is 4010-only and invalid in a 5010 835; 5010 reversals use CLP02 = 22.');
  }
  if (row?.status === 'deactivated') {
    draft.confidence = Math.min(draft.confidence, 0.7);
    draft.notes.push(`CARC ${carcCode} is deactivated; expected only on reversals, secondary claims or old remits.`);
  }

  // Contractual obligation and payer-initiated reductions must never be billed to the patient
  // (reference 1.5; MA13); the same when the payer warns of penalties for non-PR patient billing.
  const liability = liabilityOf(group);
  if (group === 'CO' || group === 'PI' || group === 'CR' || (group === 'OA' && routing.includes('non_pr_patient_billing_penalty'))) {
    const before = draft.actions;
    draft.actions = before.filter((a) => a !== 'PT');
    if (draft.actions.length === 0) draft.actions = ['WO'];
    if (before[0] === 'PT') draft.notes.push(`${group} group: the patient may not be billed for this amount.`);
  }

  const defaultAction = draft.actions[0] ?? 'VERIFY';
  const needsHumanClassification = unknownCodes.length > 0 || draft.rootCause === 'unknown';
  const meaning = row?.meaning ?? 'unknown code';
  const explanation =
    `${code} (${meaning}) → ${draft.category}: ${ROOT_CAUSES[draft.rootCause].label}; ` +
    `owner ${OWNER_TEAM_LABEL[draft.ownerTeam]}; default ${defaultAction} [${draft.ruleId}]${refinement}`;

  return {
    adjustment: { ...adjustment, carc: carcCode },
    code,
    category: draft.category,
    referenceCategory: REFERENCE_CATEGORY_KEY[draft.category],
    isDenial: !['POST', 'WAIT'].includes(defaultAction) && draft.category !== 'patient_responsibility',
    liability,
    rootCause: draft.rootCause,
    ownerTeam: draft.ownerTeam,
    preventable: draft.preventable,
    defaultAction,
    actions: draft.actions,
    routing,
    remarks: remarkCodes,
    ruleId: draft.ruleId,
    ruleTrail: unique(draft.ruleTrail),
    explanation,
    confidence: clamp(draft.confidence),
    needsHumanClassification,
    codeStatus: row ? row.status : 'unknown',
    unknownCodes,
    evidenceHints: unique(draft.evidenceHints),
    notes: draft.notes,
  };
}

/**
 * Classifies every adjustment of a claim. The denial with the largest amount is primary (ties: first
 * in remit order); when nothing is a denial, the largest adjustment is. Nothing is dropped.
 */
export function classifyClaim(input: ClaimAdjustments): ClaimClassification {
  const { adjustments, remarks } = ClaimAdjustmentsSchema.parse(input);
  const scopes = new RemarkScopes(remarks);
  const all = adjustments.map((a) => classifyInScope(a, scopes.of(a.lineId)));
  const pool = all.some((c) => c.isDenial) ? all.filter((c) => c.isDenial) : all;
  let primary = pool[0] as Classification;
  for (const c of pool) if (c.adjustment.amount > primary.adjustment.amount) primary = c;
  const unknownCodes = unique(all.flatMap((c) => c.unknownCodes));
  return {
    primary,
    secondary: all.filter((c) => c !== primary),
    unknownCodes,
    needsHumanClassification: all.some((c) => c.needsHumanClassification),
    rulesVersion: { carc: CARC_RULES_VERSION, rarc: RARC_RULES_VERSION },
  };
}
