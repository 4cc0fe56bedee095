/**
 * The files a denial sends to its clearinghouse (since `clearinghouse-files`): the corrected claim once the
 * corrections are supplied, and a 276 status inquiry when the payer's response window passes. A file that
 * cannot be made or sent is a note for the person on the case, who then works as before (sends it by hand,
 * calls the payer); it never parks the case.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ClaimFileActivities } from '../../activities/claim-files';
import { SystemActor } from '../../domain/lifecycle/ledger-entry';
import { isoDay, type DenialCaseState } from './case-state';
import { rootCauseOf, type CaseEffects } from './effects';

// Retried for a while (an SFTP server restarting); a clearinghouse down for longer is the person's to work around.
const { sendCorrectedClaim: sendCorrectedClaimFile, sendStatusInquiry: sendStatusInquiryFile } = proxyActivities<ClaimFileActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '2 minutes', maximumAttempts: 6 },
});

type Outcome = Awaited<ReturnType<typeof sendCorrectedClaimFile>>;

/** Sends (and records) one file; the outcome, or the reason it was not sent. */
async function sent(c: DenialCaseState, kind: '837' | '276', send: (fileName: string, asOf: string) => Promise<Outcome>): Promise<Outcome> {
  const fileName = c.nextClaimFileName(kind);
  let outcome: Outcome;
  try {
    outcome = await send(fileName, new Date().toISOString());
  } catch (err) {
    outcome = { refused: `the clearinghouse could not take it: ${rootCauseOf(err)}` };
  }
  if ('sent' in outcome) {
    const s = outcome.sent;
    c.claimFiles.push({ kind, fileName: s.fileName, controlNumber: s.controlNumber, sentOn: isoDay(Date.now()), ...(s.frequency ? { frequency: s.frequency } : {}) });
  }
  return outcome;
}

/**
 * The corrected claim, as an 837 with frequency 7 in the clearinghouse outbox: recorded as the submission
 * (by EDI, under the file's name). False, with a note saying why, when it could not be sent.
 */
export async function sendCorrectedClaim(c: DenialCaseState, fx: CaseEffects): Promise<boolean> {
  const frequency = c.route.kind === 'corrected_claim' ? c.route.claimFrequency : '7';
  const outcome = await sent(c, '837', (fileName, asOf) =>
    sendCorrectedClaimFile({
      workflowId: c.workflowId,
      fileName,
      ...(c.denial.claim.payerClaimControlNumber ? { payerClaimControlNumber: c.denial.claim.payerClaimControlNumber } : {}),
      corrections: [...c.corrections],
      frequency,
      asOf,
    }),
  );
  if ('refused' in outcome) {
    await fx.record('note', `The corrected claim was not sent to the clearinghouse: ${outcome.refused} Send it yourself and record the submission.`);
    return false;
  }
  const s = outcome.sent;
  c.submission = { date: isoDay(Date.now()), channel: 'edi', reference: s.fileName, by: SystemActor.id };
  const skipped = s.notApplied.length ? `; not applied (the claim's segments cannot carry them): ${s.notApplied.join(', ')}` : '';
  await fx.moveTo('submitted', `Corrected claim (frequency ${s.frequency ?? '7'}) sent to the clearinghouse as ${s.fileName}, control number ${s.controlNumber}${skipped}`);
  return true;
}

/** A 276 asking the payer where the claim stands; a note when none could be sent. The answer comes back as a 277. */
export async function askClaimStatus(c: DenialCaseState, fx: CaseEffects): Promise<void> {
  const outcome = await sent(c, '276', (fileName, asOf) =>
    sendStatusInquiryFile({
      workflowId: c.workflowId,
      fileName,
      asOf,
      subject: {
        workflowId: c.workflowId,
        payerId: c.denial.payer.id,
        ...(c.denial.payer.name ? { payerName: c.denial.payer.name } : {}),
        ...(c.denial.claim.payerClaimControlNumber ? { payerClaimControlNumber: c.denial.claim.payerClaimControlNumber } : {}),
        patientControlNumber: c.denial.claim.patientControlNumber,
        chargeCents: c.denial.claim.chargeCents,
        ...(c.denial.claim.serviceDateFrom ? { serviceDateFrom: c.denial.claim.serviceDateFrom } : {}),
        ...(c.denial.claim.serviceDateTo ? { serviceDateTo: c.denial.claim.serviceDateTo } : {}),
        ...(c.patient ? { patient: c.patient } : {}),
      },
    }),
  );
  if ('refused' in outcome) await fx.record('note', `No status inquiry (276) was sent: ${outcome.refused}`);
  else await fx.record('transition', `Status inquiry (276) sent to the clearinghouse as ${outcome.sent.fileName}, control number ${outcome.sent.controlNumber}`);
}
