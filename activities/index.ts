/**
 * Activities are built by a factory that takes their dependencies, so the worker wires real ones and a
 * test can wire its own. Workflows see only the type (`import type`) through proxyActivities.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { AppealPacketRequest, AppealPacketResult } from '../domain/lifecycle/activity-contracts';
import type { NotifyInput } from '../services/notifications/notify-input';
import type { LedgerEntry } from '../domain/lifecycle/ledger-entry';
import type { Logger } from '../runtime/log';
import type { DenialSearchIndex } from '../runtime/at-rest/search-index';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { createPolicyActivities } from './policy';

/** The notify activity's input, for workflows (which see activities only by type). */
export type { NotifyInput };

export interface Notifier {
  notify(n: NotifyInput): Promise<unknown>;
}

export interface PacketBuilder {
  build(request: AppealPacketRequest): Promise<AppealPacketResult>;
}

export interface ActivityDeps {
  log: Logger;
  ledger: LedgerStore;
  notifier: Notifier;
  packets: PacketBuilder;
  /** The practice's state (USPS code): selects the state's Medicaid rules. */
  practiceState?: string | undefined;
  /** Makes the search terms of a denial's subject; without it, denials are found by reference and id only. */
  search?: DenialSearchIndex | undefined;
}

export function createActivities(deps: ActivityDeps) {
  /** Appends one entry; the reason when it is not valid (retrying cannot help), and a throw for anything else. */
  async function append(entry: LedgerEntry): Promise<string | null> {
    try {
      // Terms made here, where the key is, so the workflow's history never holds them.
      await deps.ledger.append(entry.subject && deps.search ? { ...entry, searchTerms: deps.search.termsOfSubject(entry.subject) } : entry);
      return null;
    } catch (err) {
      if ((err as Error).name === 'ZodError') return `Ledger entry ${entry.workflowId}#${entry.seq} is not valid: ${(err as Error).message}`;
      throw err;
    }
  }

  return {
    ...createPolicyActivities({ practiceState: deps.practiceState }),

    /** Appends a state change to the ledger; idempotent on (workflowId, seq). */
    async appendLedger(entry: LedgerEntry): Promise<void> {
      const invalid = await append(entry);
      if (invalid) throw ApplicationFailure.nonRetryable(invalid, 'InvalidLedgerEntry');
    },

    /**
     * Appends a denial's state changes in their order, in one activity: what a new denial records before it
     * first waits (received, classified, routed, task opened) costs one round trip, not one each. Each entry
     * is idempotent on (workflowId, seq), so a retry appends only what is missing; an entry that is not
     * valid is named, after every valid one was appended.
     */
    async appendLedgerEntries(entries: LedgerEntry[]): Promise<void> {
      const invalid: string[] = [];
      for (const entry of entries) {
        const refused = await append(entry);
        if (refused) invalid.push(refused);
      }
      if (invalid.length) throw ApplicationFailure.nonRetryable(invalid.join('; '), 'InvalidLedgerEntry');
    },

    /** Mails the team or person; no PHI in the message, only a link and the claim's workflow id. */
    async notify(n: NotifyInput): Promise<void> {
      await deps.notifier.notify(n);
      deps.log.debug('notification sent', { workflowId: n.workflowId, kind: n.kind, team: n.team });
    },

    /** Builds the appeal packet PDF outside history and returns its reference and sha256. */
    async assembleAppealPacket(request: AppealPacketRequest): Promise<AppealPacketResult> {
      return deps.packets.build(request);
    },
  };
}

export type DenialActivities = ReturnType<typeof createActivities>;
