/**
 * The denial workflow's patches. Each patch a run asks costs it two history events (its marker and the
 * TemporalChangeVersion search attribute the SDK upserts beside it), and a patch first met after a local
 * activity in the same workflow task does not replay (test/histories/known-defects.test.ts). So a run
 * asks the newest patch at its start, `opening-in-one-task`, and, only when that is not in force, the
 * ones before it (`clearinghouse-files`, `prevention-alongside`, then `opening-ledger-batch`): a run that
 * has any of them began after every earlier patch existed, so each of those is in force for it. Runs from
 * before ask each patch where they always did, as their histories expect.
 */
import { patched } from '@temporalio/workflow';

/** Patches from before `opening-ledger-batch`, each asked where its change is. */
export type EarlierPatch = 'first-route-reuses-assessment' | 'pinned-rules' | 'prevention-loop' | 'clear-next-deadline' | 'reopening-refused';

// Per run: every workflow evaluates its own copy of this module.
let sinceOpeningBatch = false;
let sincePreventionAlongside = false;
let sinceClearinghouseFiles = false;
let sinceOpeningInOneTask = false;

/** Asked once, first thing in the run: whether it started since `opening-ledger-batch` (or a newer patch). */
export function startedSinceOpeningBatch(): boolean {
  sinceOpeningInOneTask = patched('opening-in-one-task');
  sinceClearinghouseFiles = sinceOpeningInOneTask || patched('clearinghouse-files');
  sincePreventionAlongside = sinceClearinghouseFiles || patched('prevention-alongside');
  sinceOpeningBatch = sincePreventionAlongside || patched('opening-ledger-batch');
  return sinceOpeningBatch;
}

/** Since `prevention-alongside`: a prevention report goes out beside the opening's entries and mail, not in a workflow task before them. */
export function reportsPreventionAlongside(): boolean {
  return sincePreventionAlongside;
}

/**
 * Since `clearinghouse-files`: the corrected claim goes to the clearinghouse as an 837, a 276 asks the
 * payer when its response window passes, and claim status answers (277, 277CA, 999) reach the ledger.
 */
export function sendsClaimFiles(): boolean {
  return sinceClearinghouseFiles;
}

/**
 * Since `opening-in-one-task`: the opening's effects (its ledger entries, the first task's mail and the
 * prevention report) go out as local activities, so a new denial reaches its first wait in the workflow
 * task that classified it, instead of three more activities and two more workflow tasks.
 */
export function opensInOneTask(): boolean {
  return sinceOpeningInOneTask;
}

/** Whether an earlier patch's change is in force for this run. */
export function hasPatch(id: EarlierPatch): boolean {
  return sinceOpeningBatch || patched(id);
}
