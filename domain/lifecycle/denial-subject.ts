/**
 * Who and what a denial is about, as the people working it name it: the patient, the account number
 * (CLP01), the payer's claim number, the dates of service and procedures, and the payer's name. PHI: it is
 * sealed wherever it is stored (the ledger's sealed fields), and found by search only through keyed hashes
 * of its words (runtime/at-rest/search-index.ts), never by its text.
 */
import { z } from 'zod';
import { patternString } from '../pattern-string';
import type { DenialCase } from '../denial-case';
import { IsoDateSchema } from '../policy/dates';
import { MAX_PROCEDURES, procedureCodesOf } from '../remittance/procedures';

export const DenialSubjectSchema = z.strictObject({
  patientName: z.string().max(200).optional(),
  accountNumber: z.string().max(80),
  payerClaimNumber: z.string().max(80).optional(),
  serviceDateFrom: IsoDateSchema.optional(),
  serviceDateTo: IsoDateSchema.optional(),
  procedures: z.array(z.string().max(20)).max(MAX_PROCEDURES).default([]),
  payerName: z.string().max(200).optional(),
});
export type DenialSubject = z.infer<typeof DenialSubjectSchema>;

/**
 * The subject of a denial case and its patient's name, cut to the schema's lengths: whatever an 835 held,
 * the ledger entry that carries it must be valid (a refused entry would stop the case at its first step).
 */
export function subjectOfDenial(d: DenialCase, patientName?: string): DenialSubject {
  const cut = (v: string | undefined, n: number) => (v ? v.slice(0, n) : undefined);
  const from = d.claim.serviceDateFrom ?? d.serviceLines[0]?.serviceDateFrom;
  const to = d.claim.serviceDateTo ?? d.serviceLines.at(-1)?.serviceDateTo;
  const optional = {
    patientName: cut(patientName, 200),
    payerClaimNumber: cut(d.claim.payerClaimControlNumber, 80),
    serviceDateFrom: from,
    serviceDateTo: to,
    payerName: cut(d.payer.name, 200),
  };
  return {
    accountNumber: d.claim.patientControlNumber.slice(0, 80),
    procedures: procedureCodesOf(d.serviceLines),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** Hex characters of a search term (runtime/at-rest/search-index.ts): 96 bits, no collisions among any practice's words. */
export const SEARCH_TERM_HEX = 24;
export const SearchTermSchema = patternString(new RegExp(`^[0-9a-f]{${SEARCH_TERM_HEX}}$`));

/** Name words shorter than this are not worth a search term of their own (initials match too much). */
const MIN_WORD = 2;
/** Names are found by their beginning from this many letters on ("smi" finds Smith). */
const MIN_PREFIX = 3;

/** One way to write a word for search: lower case letters and digits only ("O'Brien" → "obrien", "12-A" → "12a"). */
export function searchWord(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The words a subject is found by: each name word and its beginnings, the account number, the payer's claim number. */
export function subjectSearchWords(s: DenialSubject): string[] {
  const words = new Set<string>();
  for (const part of (s.patientName ?? '').split(/[\s,]+/)) {
    const w = searchWord(part);
    if (w.length < MIN_WORD) continue;
    words.add(w);
    for (let n = MIN_PREFIX; n < w.length; n++) words.add(w.slice(0, n));
  }
  for (const id of [s.accountNumber, s.payerClaimNumber]) {
    const w = searchWord(id ?? '');
    if (w) words.add(w);
  }
  return [...words];
}

/** The words of what a person typed into the search box: every one must match. */
export function querySearchWords(q: string): string[] {
  return [...new Set(q.split(/[\s,]+/).map(searchWord).filter((w) => w.length >= MIN_WORD))];
}

/** Hex characters of the workflow id's hash that a reference shows: 40 bits, unique among millions of denials. */
const REFERENCE_HEX = 10;
const REFERENCE = /^D-([0-9A-F]{5})-?([0-9A-F]{5})$/i;

/**
 * The short reference people say on the phone and write on paper ("D-3C7B6-ED3A1"): the start of the
 * workflow id's keyed hash, so it needs no counter, is the same everywhere, and names nothing of the claim.
 */
export function denialReference(workflowId: string): string {
  const hex = workflowId.replace(/^denial-/, '').slice(0, REFERENCE_HEX).toUpperCase();
  return `D-${hex.slice(0, 5)}-${hex.slice(5)}`;
}

/** The workflow id prefix a typed reference stands for, or undefined when the text is not a reference. */
export function workflowIdPrefixOfReference(text: string): string | undefined {
  const m = REFERENCE.exec(text.trim());
  return m ? `denial-${m[1]!.toLowerCase()}${m[2]!.toLowerCase()}` : undefined;
}
