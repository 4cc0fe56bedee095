/**
 * A claim status file's answers as the intake routes them to denials: one per 277 STC, per 277CA claim
 * acknowledgement (and per rejected batch that names no claim) and per 999 set result, each with what it
 * is looked up by, what identifies it for its event key, and an explanation checked to name none of the
 * identifiers it carries (an explanation is built from code meanings; one that ever held a trace or
 * control number would leak it into the denial's history, so the code-only sentence is used instead).
 */
import { read277CA, read999, type ClaimAcknowledgement, type SetAcknowledgement } from '../../domain/acknowledgements';
import { categoryOf, read277, type ClaimStatusAnswer, type StatusClassification } from '../../domain/claim-status';
import { isoDate } from '../../domain/remittance/dates';
import type { Finding, SegmentPosition } from '../../domain/remittance/model';

export type StatusSource = '277' | '277CA' | '999';

/** How an answer finds its denial. */
export type AnswerRoute =
  /** 277: TRN*2 (our 276's trace number, the workflow id), else payer + REF*EJ. 277CA: payer + TRN*2 (CLM01). */
  | { kind: 'claim'; traceNumber?: string | undefined; payerId?: string | undefined; patientControlNumber?: string | undefined }
  /** 999: AK2 names the transaction set we sent by its control number. */
  | { kind: 'sent-file'; fileKind: '837' | '276'; controlNumber: number }
  /** Nothing in the answer can name a denial; `reason` says why (without identifiers). */
  | { kind: 'none'; reason: string };

export interface StatusAnswer {
  source: StatusSource;
  classification: StatusClassification;
  categoryCode: string;
  statusCode?: string | undefined;
  explanation: string;
  effectiveDate?: string | undefined;
  route: AnswerRoute;
  /** What tells this answer from another for the same denial: hashed into the event key, never shown. */
  identity: string[];
  position: SegmentPosition;
}

export interface StatusFileRead {
  answers: StatusAnswer[];
  findings: Finding[];
}

const EXPLANATION_MAX = 1000;

/** `explanation`, unless it holds one of the identifiers (or is empty): then the code-only `fallback`. */
export function checkedExplanation(explanation: string, identifiers: readonly (string | undefined)[], fallback: string): string {
  const text = explanation.trim();
  const leaks = identifiers.some((id) => id !== undefined && id.trim() !== '' && text.includes(id.trim()));
  return (leaks || text === '' ? fallback : text).slice(0, EXPLANATION_MAX);
}

const codeSentence = (category: string, status?: string) => `${category}: ${categoryOf(category)?.meaning ?? 'Unknown category code'}${status ? `; status ${status}` : ''}.`;

function answerOf277(a: ClaimStatusAnswer): StatusAnswer {
  return {
    source: '277',
    classification: a.classification,
    categoryCode: a.categoryCode,
    statusCode: a.statusCode,
    explanation: checkedExplanation(a.explanation, [a.traceNumber, a.patientControlNumber, a.payerClaimControlNumber, a.clearinghouseTraceNumber], codeSentence(a.categoryCode, a.statusCode)),
    effectiveDate: isoDate(a.effectiveDate),
    route: { kind: 'claim', traceNumber: a.traceNumber, payerId: a.payerId, patientControlNumber: a.patientControlNumber },
    identity: ['277', a.loop, a.categoryCode, a.statusCode ?? '', a.entityCode ?? '', a.effectiveDate ?? '', a.actionCode ?? '', a.totalCharge?.text ?? '', a.payment?.text ?? '', a.checkNumber ?? ''],
    position: a.position,
  };
}

function answerOf277CA(c: ClaimAcknowledgement): StatusAnswer {
  // The status that decided the classification: the first of that kind (a rejecting one, when rejected).
  const deciding = c.statuses.find((s) => s.classification === c.classification) ?? c.statuses[0];
  const category = deciding?.categoryCode ?? '';
  return {
    source: '277CA',
    classification: c.classification,
    categoryCode: category || 'A3',
    statusCode: deciding?.statusCode,
    explanation: checkedExplanation(c.explanation, [c.patientControlNumber, c.payerClaimControlNumber, c.clearinghouseTraceNumber, c.rejectedWith?.traceNumber], codeSentence(category || 'A3', deciding?.statusCode)),
    effectiveDate: isoDate(deciding?.effectiveDate),
    route: { kind: 'claim', payerId: c.payerId, patientControlNumber: c.patientControlNumber },
    identity: ['277CA', c.classification, ...c.statuses.map((s) => [s.categoryCode, s.statusCode ?? '', s.entityCode ?? '', s.effectiveDate ?? ''].join(':'))],
    position: c.position,
  };
}

function answerOf999(set: SetAcknowledgement, groupControlNumber: string): StatusAnswer {
  const controlNumber = /^\d{1,9}$/.test(set.controlNumber) ? Number(set.controlNumber) : undefined;
  const fileKind = set.setId === '837' || set.setId === '276' ? set.setId : undefined;
  const route: AnswerRoute =
    fileKind && controlNumber
      ? { kind: 'sent-file', fileKind, controlNumber }
      : { kind: 'none', reason: fileKind ? 'AK202 is not a transaction set control number' : `it acknowledges a ${set.setId || 'unnamed'} set, not a claim file this product sends` };
  return {
    source: '999',
    classification: set.classification === 'rejected' ? 'rejected' : 'accepted',
    categoryCode: set.result.code.slice(0, 3) || 'R',
    // It names the set by our own control number (no patient's); the CLM01s of its CTX segments must not show.
    explanation: checkedExplanation(set.explanation, set.segmentErrors.map((e) => e.patientControlNumber), `IK501 ${set.result.code}: ${set.result.meaning}.`),
    route,
    identity: ['999', groupControlNumber, set.setId, set.controlNumber, set.result.code, ...set.errors.map((e) => e.code)],
    position: set.position,
  };
}

/** The answers of a 277, 277CA or 999 (the file's whole text), with the reader's findings. */
export function readStatusFile(source: StatusSource, text: string, file: string): StatusFileRead {
  if (source === '277') {
    const read = read277(text, file);
    return { answers: read.answers.map(answerOf277), findings: read.findings };
  }
  if (source === '277CA') {
    const read = read277CA(text, file);
    // A rejected batch that lists no claims rejects every claim sent in it, without saying which: a person must look.
    const batches: StatusAnswer[] = read.batches
      .filter((b) => b.classification === 'rejected' && b.claims.length === 0)
      .map((b) => {
        const first = b.statuses[0];
        const category = first?.categoryCode || 'A3';
        return {
          source: '277CA',
          classification: 'rejected',
          categoryCode: category,
          statusCode: first?.statusCode,
          // The batch's trace number is ours (the 837 batch), not a patient's: the check has nothing to find here.
          explanation: checkedExplanation(b.explanation, [], codeSentence(category, first?.statusCode)),
          effectiveDate: isoDate(first?.effectiveDate),
          route: { kind: 'none', reason: 'a rejected batch that lists no claims: every claim sent in it was rejected, and the 277CA does not say which' },
          identity: ['277CA', 'batch', b.loop, b.traceNumber ?? ''],
          position: b.position,
        };
      });
    const answers = [...batches, ...read.claims.map(answerOf277CA)].sort((a, b) => a.position.segment - b.position.segment);
    return { answers, findings: read.findings };
  }
  const read = read999(text, file);
  return { answers: read.groups.flatMap((g) => g.sets.map((s) => answerOf999(s, g.groupControlNumber))), findings: read.findings };
}
