/**
 * A denial's effects of one step in one activity: its ledger entries, the prevention report and the mail,
 * in the order the workflow recorded them. A denial used to spend an activity and a workflow task on each
 * (about eight before its first task was open, most of its cost: issue 15).
 *
 * The ledger must take every entry, so a failed append fails the activity and it is retried as a whole
 * (appends are idempotent on (workflowId, seq), mail on its key, and the prevention task counts a denial
 * once); an entry it refuses for good is left out and named, and the workflow parks the case on it. Mail and the prevention report are tried once here and never fail the step: the workflow retries
 * those that failed on their own activities, with their own retry policies, as it always did.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { LedgerEntry } from '../domain/lifecycle/ledger-entry';
import type { DefectReport } from '../domain/prevention/prevention-state';
import type { NotifyInput } from '../services/notifications/notify-input';

export type CaseEffect = { kind: 'ledger'; entry: LedgerEntry } | { kind: 'mail'; mail: NotifyInput } | { kind: 'defect'; report: DefectReport };

export interface CaseEffectsOutcome {
  /** The mail and defect reports that could not be delivered, by their index in the step (why is for their own activity to say). */
  undelivered: number[];
  /** Entries the ledger refused for good (invalid: a programming error), and why; the others are in. */
  refused: string[];
}

export interface CaseEffectDeps {
  appendLedger(entry: LedgerEntry): Promise<void>;
  notify(mail: NotifyInput): Promise<void>;
  reportDefect(report: DefectReport): Promise<unknown>;
}

export function createCaseEffectActivities(deps: CaseEffectDeps) {
  return {
    async applyCaseEffects(effects: CaseEffect[]): Promise<CaseEffectsOutcome> {
      const undelivered: number[] = [];
      const refused: string[] = [];
      for (const [index, effect] of effects.entries()) {
        if (effect.kind === 'ledger') {
          try {
            await deps.appendLedger(effect.entry);
          } catch (err) {
            if (!(err instanceof ApplicationFailure && err.nonRetryable)) throw err;
            refused.push(err.message);
          }
          continue;
        }
        try {
          if (effect.kind === 'mail') await deps.notify(effect.mail);
          else await deps.reportDefect(effect.report);
        } catch {
          undelivered.push(index);
        }
      }
      return { undelivered, refused };
    },
  };
}

export type CaseEffectActivities = ReturnType<typeof createCaseEffectActivities>;

/** The denial's and the prevention loop's activities, with the step activity built from the same ones. */
export function withCaseEffects<A extends CaseEffectDeps>(activities: A): A & CaseEffectActivities {
  return { ...activities, ...createCaseEffectActivities(activities) };
}
