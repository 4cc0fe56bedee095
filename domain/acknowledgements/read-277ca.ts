// Reads a 277CA Claim Acknowledgment (005010X214) with the 277 reader's machinery (same TRN/STC/REF/DTP
// loops, other HL levels: 20 source, 21 information receiver, 19 provider, PT patient) and turns its STCs
// into one answer per claim and per batch. A rejected 2200B or 2200C batch rejects every claim in it,
// whatever the claim's own STC says, since the clearinghouse or payer never took the batch in.
import { readStatusSets, type StatusLevels, type StatusPlace } from '../claim-status/read-277';
import { type ClaimStatusAnswer } from '../claim-status/model';
import { type AckStatus, type BatchAcknowledgement, type ClaimAckClassification, type ClaimAcknowledgement, type ClaimAcknowledgementRead } from './model';

export const CLAIM_ACK_VERSION = '005010X214';

const LEVELS_277CA: StatusLevels = { '21': '2200B', '19': '2200C', PT: '2200D' };

/** STC01-1 of a 277CA: A0/A1/A2/A5 took the claim in, A3/A4/A6/A7/A8 did not; anything else needs a look. */
const ACK_CATEGORIES: Readonly<Record<string, ClaimAckClassification>> = {
  A0: 'accepted',
  A1: 'accepted',
  A2: 'accepted',
  A5: 'accepted',
  A3: 'rejected',
  A4: 'rejected',
  A6: 'rejected',
  A7: 'rejected',
  A8: 'rejected',
};

function classifyCategory(code: string): ClaimAckClassification {
  return Object.hasOwn(ACK_CATEGORIES, code) ? (ACK_CATEGORIES[code] as ClaimAckClassification) : 'pended';
}

function toStatus(answer: ClaimStatusAnswer): AckStatus {
  const status: AckStatus = {
    categoryCode: answer.categoryCode,
    categoryMeaning: answer.categoryMeaning,
    classification: classifyCategory(answer.categoryCode),
    additional: answer.additional,
    position: answer.position,
  };
  for (const key of ['statusCode', 'statusMeaning', 'entityCode', 'effectiveDate', 'actionCode'] as const) {
    const value = answer[key];
    if (value !== undefined) status[key] = value;
  }
  return status;
}

/** The worst of the statuses: one rejecting STC rejects; otherwise one pending STC pends. */
function overall(statuses: readonly AckStatus[]): ClaimAckClassification {
  if (statuses.some((s) => s.classification === 'rejected')) return 'rejected';
  return statuses.some((s) => s.classification === 'pended') ? 'pended' : 'accepted';
}

function describe(statuses: readonly AckStatus[]): string {
  return statuses
    .map((s) => `${s.categoryCode} ${s.categoryMeaning}${s.statusCode === undefined ? '' : `, ${s.statusCode} ${s.statusMeaning ?? '(status code not in our table)'}`}${s.entityCode === undefined ? '' : ` (entity ${s.entityCode})`}`)
    .join('; ');
}

const OUTCOME: Readonly<Record<ClaimAckClassification, string>> = {
  accepted: 'was accepted',
  rejected: 'was rejected and must be corrected and sent again',
  pended: 'was neither clearly accepted nor rejected and needs a look',
};

/** Groups a loop's STC answers by the TRN that opened the loop, in file order. */
function byLoop(answers: readonly ClaimStatusAnswer[], places: ReadonlyMap<ClaimStatusAnswer, StatusPlace>) {
  const loops = new Map<number, { place: StatusPlace; answers: ClaimStatusAnswer[] }>();
  for (const answer of answers) {
    const place = places.get(answer);
    if (place === undefined) continue;
    const loop = loops.get(place.trn) ?? { place, answers: [] };
    loop.answers.push(answer);
    loops.set(place.trn, loop);
  }
  return [...loops.values()];
}

export function read277CA(text: string, source: string): ClaimAcknowledgementRead {
  const { answers, findings, places } = readStatusSets(text, source, LEVELS_277CA, CLAIM_ACK_VERSION);
  const loops = byLoop(answers, places);
  const batches: (BatchAcknowledgement & { hl: string })[] = [];
  const claims: ClaimAcknowledgement[] = [];
  for (const { place, answers: stcs } of loops) {
    const first = stcs[0] as ClaimStatusAnswer;
    const statuses = stcs.map(toStatus);
    const classification = overall(statuses);
    if (first.loop === '2200B' || first.loop === '2200C') {
      const what = first.loop === '2200B' ? 'The information receiver batch' : 'The provider batch';
      const batch: BatchAcknowledgement & { hl: string } = {
        loop: first.loop,
        hl: place.path[place.path.length - 1] ?? '',
        classification,
        explanation: `${what}${first.traceNumber === undefined ? '' : ` (trace ${first.traceNumber})`} ${OUTCOME[classification]}: ${describe(statuses)}.`,
        statuses,
        claims: [],
        position: first.position,
      };
      if (first.traceNumber !== undefined) batch.traceNumber = first.traceNumber;
      batches.push(batch);
      continue;
    }
    const containing = batches.filter((b) => place.path.includes(b.hl));
    const rejectedBatch = containing.find((b) => b.classification === 'rejected');
    // Its trace number is the claim's CLM01, the patient's account number: a field, never the sentence.
    const claim: ClaimAcknowledgement = {
      classification: rejectedBatch === undefined ? classification : 'rejected',
      explanation:
        rejectedBatch === undefined
          ? `The claim ${OUTCOME[classification]}: ${describe(statuses)}.`
          : `The claim was rejected with its ${rejectedBatch.loop === '2200B' ? 'information receiver' : 'provider'} batch (${describe(rejectedBatch.statuses)}) and must be sent again.`,
      statuses,
      position: first.position,
    };
    if (rejectedBatch !== undefined) claim.rejectedWith = rejectedBatch.traceNumber === undefined ? { loop: rejectedBatch.loop } : { loop: rejectedBatch.loop, traceNumber: rejectedBatch.traceNumber };
    const optional = {
      patientControlNumber: first.traceNumber,
      payerId: first.payerId,
      payerClaimControlNumber: first.payerClaimControlNumber,
      clearinghouseTraceNumber: first.clearinghouseTraceNumber,
      totalCharge: first.totalCharge,
      serviceDates: first.serviceDates,
    };
    for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(claim, { [key]: value });
    for (const b of containing) if (first.traceNumber !== undefined) b.claims.push(first.traceNumber);
    claims.push(claim);
  }
  return { batches: batches.map(({ hl: _hl, ...batch }) => batch), claims, findings };
}
