/**
 * What the templates can say: the parsed packet input turned into named, formatted values. Each key is
 * documented in templates/letters/README.md; a template that uses a key not set here fails in the tests.
 */
import { findCarcRule, findRarcRule, type DenialCategory, type GroupCode } from '../../domain/policy';
import type { PacketAdjustment, PacketRemark, PacketServiceLine, ParsedAppealPacketInput, PostalAddress } from './packet-input';
import type { TemplateContext } from './template';
import { dateRange, longDate, money, plural, usDate } from './text';

export const GROUP_MEANING: Readonly<Record<GroupCode, string>> = {
  CO: 'contractual obligation',
  OA: 'other adjustment',
  PI: 'payer-initiated reduction',
  PR: 'patient responsibility',
  CR: 'correction or reversal',
};

/** Internal notes of the code tables that do not belong in a letter to the payer. */
function letterMeaning(meaning: string): string {
  return meaning
    .replace(/;\s*the RARC (tells|says) (what|why)\.?$/i, '')
    .replace(/\s*\((split into|stop|deactivated)[^)]*\)/i, '')
    .trim();
}

export function carcMeaning(adj: Pick<PacketAdjustment, 'code' | 'group' | 'meaning'>): string {
  return adj.meaning ?? letterMeaning(findCarcRule(adj.code)?.meaning ?? 'Reason code as printed on the remittance advice');
}

export function rarcMeaning(remark: PacketRemark): string {
  return remark.meaning ?? letterMeaning(findRarcRule(remark.code)?.meaning ?? 'Remark code as printed on the remittance advice');
}

/** The category a CARC has with its group (CO-45 contractual, PR-50 patient liability …). */
function carcCategory(adj: PacketAdjustment): DenialCategory | undefined {
  const rule = findCarcRule(adj.code);
  return rule?.byGroup?.[adj.group]?.category ?? rule?.category;
}

/** Adjustments that explain a denial, as opposed to contractual write-downs and patient cost share. */
export function isDenialAdjustment(adj: PacketAdjustment): boolean {
  const category = carcCategory(adj);
  return adj.group !== 'PR' && category !== 'contractual' && category !== 'patient_responsibility';
}

export function disputedLines(input: ParsedAppealPacketInput): PacketServiceLine[] {
  if (input.disputedLines) {
    const wanted = new Set(input.disputedLines);
    return input.serviceLines.filter((l) => wanted.has(l.line));
  }
  const denied = input.serviceLines.filter((l) => l.adjustments.some(isDenialAdjustment));
  return denied.length ? denied : input.serviceLines;
}

export function procedureText(line: Pick<PacketServiceLine, 'procedureCode' | 'modifiers'>): string {
  return [line.procedureCode, ...line.modifiers].join('-');
}

/** The adjustments and remarks the letter explains: claim level plus the disputed lines, each code once. */
export function denialCodes(input: ParsedAppealPacketInput): { adjustments: PacketAdjustment[]; remarks: PacketRemark[] } {
  const lines = disputedLines(input);
  const all = [...input.claim.adjustments, ...lines.flatMap((l) => l.adjustments)];
  const denials = all.filter(isDenialAdjustment);
  const chosen = denials.length ? denials : all;
  const byCode = new Map<string, PacketAdjustment>();
  for (const a of chosen) {
    const key = `${a.group}-${a.code}`;
    const prev = byCode.get(key);
    byCode.set(key, prev ? { ...prev, amountCents: prev.amountCents + a.amountCents } : { ...a });
  }
  const remarks = new Map<string, PacketRemark>();
  for (const r of [...input.claim.remarks, ...lines.flatMap((l) => l.remarks)]) if (!remarks.has(r.code)) remarks.set(r.code, r);
  return { adjustments: [...byCode.values()], remarks: [...remarks.values()] };
}

function addressLines(a: PostalAddress): string {
  return [...a.street, `${a.city}, ${a.state} ${a.postalCode}`].join('\n');
}

function titleCase(s: string): string {
  const small = new Set(['a', 'an', 'and', 'by', 'for', 'of', 'on', 'or', 'the', 'to', 'with']);
  return s
    .split(' ')
    .map((w, i) => (i > 0 && small.has(w.toLowerCase()) ? w.toLowerCase() : /^[a-z]/.test(w) ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** "Request for Redetermination", "Request for Claim Reconsideration", "Request for Reopening". */
export function requestTitle(input: ParsedAppealPacketInput): string {
  if (input.appeal.kind === 'reopening') return 'Request for Reopening';
  const name = input.appeal.name.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  return `Request for ${titleCase(name)}`;
}

/** What the workflow says is at risk, or the unpaid charges of the disputed lines (of the claim without lines). */
export function amountInDispute(input: ParsedAppealPacketInput): number {
  if (input.claim.amountInDisputeCents !== undefined) return input.claim.amountInDisputeCents;
  const lines = disputedLines(input);
  if (!lines.length) return Math.max(0, input.claim.billedCents - input.claim.paidCents);
  return lines.reduce((n, l) => n + Math.max(0, l.billedCents - l.paidCents), 0);
}

/** The level's name as a noun in a sentence: "redetermination", "claim reconsideration", "ALJ hearing". */
export function reviewName(input: ParsedAppealPacketInput): string {
  if (input.appeal.kind === 'reopening') return 'reopening';
  const name = input.appeal.name.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  // Acronyms and proper names keep their capital ("ALJ hearing", "Medicare Appeals Council").
  return /^([A-Z][A-Z]|Medicare\b|Medicaid\b)/.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

function withArticle(noun: string): string {
  return `${/^[aeiouAEIO]|^[FHLMNRSX][A-Z]/.test(noun) && !/^(Medicare|Medicaid)\b/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** What the request asks the payer to look at again. */
function decisionUnderReview(input: ParsedAppealPacketInput): string {
  const level = input.appeal.level;
  const medicare = input.payer.payerClass === 'medicare_ffs';
  if (input.appeal.kind === 'reopening' || level <= 1) return medicare ? 'the initial determination' : 'your determination';
  if (medicare) return ['the redetermination', 'the reconsideration', 'the ALJ decision', 'the Council decision'][level - 2] ?? 'the prior decision';
  return 'your decision on our previous request for review';
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "20610-RT and J7325-RT-JZ on 02/09/2026"; with different dates, each code with its own. */
export function servicesInWords(lines: readonly PacketServiceLine[]): string {
  if (!lines.length) return 'the claim';
  const dates = new Set(lines.map((l) => dateRange(l.serviceDateFrom, l.serviceDateTo)));
  if (dates.size === 1) return `${joinAnd(lines.map(procedureText))} on ${[...dates][0]}`;
  return joinAnd(lines.map((l) => `${procedureText(l)} on ${dateRange(l.serviceDateFrom, l.serviceDateTo)}`));
}

/** The underpayment letter's values: the expected-versus-paid calculation, line by line. */
function underpaymentValues(input: ParsedAppealPacketInput): Record<string, string | string[] | boolean> {
  const u = input.underpayment;
  const basis = u?.basis === 'fee_schedule' ? 'fee schedule amount' : 'contracted rate';
  const lines = u?.lines ?? [];
  return {
    isUnderpayment: lines.length > 0,
    rateBasis: basis,
    isFeeScheduleBasis: u?.basis === 'fee_schedule',
    underpaidLines: lines.map(
      (l) => `Line ${l.line}, ${l.procedure}: ${basis} ${money(l.expectedCents)}; allowed ${money(l.allowedCents)}; paid ${money(l.paidCents)}; variance ${money(l.varianceCents)}`,
    ),
    underpaidLineCount: plural(lines.length, 'service line'),
    totalExpected: money(lines.reduce((n, l) => n + l.expectedCents, 0)),
    totalAllowed: money(lines.reduce((n, l) => n + l.allowedCents, 0)),
    totalPaid: money(lines.reduce((n, l) => n + l.paidCents, 0)),
    totalVariance: money(lines.reduce((n, l) => n + l.varianceCents, 0)),
  };
}

export interface EnclosureLine {
  title: string;
  pages: number;
}

/**
 * Builds the template context. `enclosures` are the packet's own pages and the attachments, in packet
 * order (the letter lists them; the document index adds page numbers).
 */
export function letterContext(input: ParsedAppealPacketInput, letterDate: string, enclosures: readonly EnclosureLine[]): TemplateContext {
  const { payer, provider, signer, patient, claim, appeal, argument, facts } = input;
  const lines = disputedLines(input);
  const codes = denialCodes(input);
  const payerClass = payer.payerClass;
  const allowed = claim.allowedCents;
  const inDispute = amountInDispute(input);

  const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
  const denialReasons = [
    ...codes.adjustments.map((a) => sentence(`${a.group}-${a.code}${a.amountCents ? ` (${money(a.amountCents)})` : ''}: ${carcMeaning(a)}`)),
    ...codes.remarks.map((r) => sentence(`Remark ${r.code}: ${rarcMeaning(r)}`)),
  ];

  const disputedServices = lines.map(
    (l) =>
      `Line ${l.line}: ${procedureText(l)}${l.units !== 1 ? ` x ${l.units} units` : ''}, ${dateRange(l.serviceDateFrom, l.serviceDateTo)}, billed ${money(l.billedCents)}, paid ${money(l.paidCents)}`,
  );

  const level = appeal.level;
  const ctx: Record<string, string | string[] | boolean> = {
    letterDate: longDate(letterDate),

    providerName: provider.name,
    providerAddress: addressLines(provider.address),
    providerAddressLine: addressLines(provider.address).replace(/\n/g, ', '),
    providerPhone: provider.phone,
    providerFax: provider.fax ?? '',
    providerEmail: provider.email ?? '',
    providerContact: [`Phone ${provider.phone}`, provider.fax ? `Fax ${provider.fax}` : '', provider.email ?? ''].filter(Boolean).join('  \u00b7  '),
    providerNpi: provider.npi,
    providerTin: provider.tin,

    payerName: payer.name,
    payerAttention: payer.attention ? `Attn: ${payer.attention}` : '',
    payerAddress: addressLines(payer.address),
    payerId: payer.payerId ?? '',
    isMedicareFfs: payerClass === 'medicare_ffs',
    isMedicareAdvantage: payerClass === 'medicare_advantage',
    isMedicare: payerClass === 'medicare_ffs' || payerClass === 'medicare_advantage',
    isMedicaid: payerClass === 'medicaid',
    isCommercial: payerClass === 'commercial' || payerClass === 'other',

    requestTitle: requestTitle(input),
    appealLevel: appeal.kind === 'reopening' ? `Reopening${level ? ` (after level ${level})` : ''}` : `Level ${level}: ${appeal.name}`,
    appealLevelName: appeal.name,
    reviewName: reviewName(input),
    aReviewName: withArticle(reviewName(input)),
    decisionUnderReview: decisionUnderReview(input),
    payerForm: appeal.payerForm ?? '',
    isReopening: appeal.kind === 'reopening',
    isReconsideration: appeal.kind === 'reconsideration',
    isAppeal: appeal.kind === 'appeal',
    isExternalReview: appeal.kind === 'external_review',
    isMedicareReopening: payerClass === 'medicare_ffs' && appeal.kind === 'reopening',
    isMedicareRedetermination: payerClass === 'medicare_ffs' && appeal.kind !== 'reopening' && level === 1,
    isMedicareQicReconsideration: payerClass === 'medicare_ffs' && appeal.kind !== 'reopening' && level === 2,
    isLevel1: level === 1,
    isLevel2: level === 2,
    isLevel3OrHigher: level >= 3,
    salutation: appeal.kind === 'reopening' || appeal.kind === 'reconsideration' ? 'Dear Claims Review Team' : 'Dear Appeals Reviewer',

    patientName: patient.name,
    memberId: patient.memberId,
    patientDob: patient.dateOfBirth ? usDate(patient.dateOfBirth) : '',

    patientAccountNumber: claim.patientAccountNumber,
    claimNumber: claim.payerClaimControlNumber,
    serviceDates: dateRange(claim.serviceDateFrom, claim.serviceDateTo),
    noticeDate: usDate(claim.noticeDate),
    checkNumber: claim.checkOrEftNumber ?? '',
    billedAmount: money(claim.billedCents),
    allowedAmount: allowed === undefined ? '' : money(allowed),
    paidAmount: money(claim.paidCents),
    amountInDispute: money(inDispute),

    denialCodesShort: [...codes.adjustments.map((a) => `${a.group}-${a.code}`), ...codes.remarks.map((r) => r.code)].join(', '),
    carcCodes: codes.adjustments.map((a) => `${a.group}-${a.code}`).join(', '),
    denialReasons,
    disputedServices,
    disputedServicesShort: servicesInWords(lines),
    disputedLineCount: plural(lines.length, 'service line'),
    allLinesDisputed: lines.length === input.serviceLines.length,

    argument: argument.summary ?? '',
    supportingPoints: argument.points,
    policyReferences: argument.references,
    requestedAction: argument.requestedAction ?? '',

    hasCorrections: input.corrections.length > 0,
    corrections: input.corrections.map((c) =>
      sentence(`${c.line !== undefined ? `Line ${c.line}, ` : 'Claim, '}${/^[A-Z][a-z]/.test(c.field) ? c.field.charAt(0).toLowerCase() + c.field.slice(1) : c.field}: ${c.from ? `change ${c.from} to ${c.to}` : `add ${c.to}`}. ${c.reason}`),
    ),
    enclosures: enclosures.map((e) => `${e.title} (${plural(e.pages, 'page')})`),
    hasAttachments: input.attachments.length > 0,

    signerName: signer.credentials ? `${signer.name}, ${signer.credentials}` : signer.name,
    signerTitle: signer.title,
    signerContact: [signer.phone ?? provider.phone, signer.email ?? provider.email ?? ''].filter(Boolean).join(' or '),
    signerPhone: signer.phone ?? provider.phone,

    diagnoses: facts.diagnoses.map((d) => (d.description ? `${d.code.toUpperCase()}: ${d.description}` : d.code.toUpperCase())),
    clinicalSummary: facts.clinicalSummary ?? '',
    treatingProvider: facts.treatingProvider ?? '',
    authorizationNumber: facts.authorizationNumber ?? '',
    authorizationDate: facts.authorizationDate ? usDate(facts.authorizationDate) : '',
    authorizationSource: facts.authorizationSource ?? '',
    authorizationReference: facts.authorizationReference ?? '',
    emergency: facts.emergency === true,
    originalSubmissionDate: facts.originalSubmissionDate ? usDate(facts.originalSubmissionDate) : '',
    acceptanceReference: facts.acceptanceReference ?? '',
    payerReceivedDate: facts.payerReceivedDate ? usDate(facts.payerReceivedDate) : '',
    clearinghouseName: facts.clearinghouseName ?? '',
    relatedClaimNumber: facts.relatedClaimControlNumber ?? '',
    distinguishingFacts: facts.distinguishingFacts ?? '',
    primaryPayerName: facts.primaryPayerName ?? '',
    otherPayerName: facts.primaryPayerName ?? 'the other plan',
    primaryNoticeDate: facts.primaryNoticeDate ? usDate(facts.primaryNoticeDate) : '',
    primaryPaidAmount: facts.primaryPaidCents === undefined ? '' : money(facts.primaryPaidCents),
    otherCoverageEndDate: facts.otherCoverageEndDate ? usDate(facts.otherCoverageEndDate) : '',
    coverageOrderSource: facts.coverageOrderSource ?? '',
    waiverOfLiability: facts.waiverOfLiabilityEnclosed === true,

    ...underpaymentValues(input),
  };
  return ctx;
}
