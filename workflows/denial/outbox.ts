/**
 * What a denial tells the world, sent when the case next waits instead of at every step (since the
 * `ledger-batches` patch): the ledger entries of a step go out as one activity, the search attributes as
 * one upsert per workflow task, and mail and the prevention report run beside the case instead of
 * holding it up. A denial used to spend a workflow task and an activity on each ledger entry, most of
 * its cost (issue 15); the entries are numbered as they happen, so their order and idempotency are
 * those of the one-at-a-time path.
 */
import { condition, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { DenialActivities } from '../../activities';
import type { LedgerEntry } from '../../domain/lifecycle/ledger-entry';

const { appendLedgerBatch } = proxyActivities<DenialActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});

/** Enough for any burst of steps; a longer queue leaves in several activities. */
const MAX_BATCH = 50;
/** After a batch the activity refused for good (a programming error), before it is tried again. */
const RETRY_REFUSED_BATCH = '5 minutes';

export class EffectOutbox {
  private readonly entries: LedgerEntry[] = [];
  private appendedThrough = 0;
  private attributesDue = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly workflowId: string,
    private readonly upsertAttributes: () => void,
  ) {
    void this.sendEntries();
    void this.sendAttributes();
  }

  record(entry: LedgerEntry): void {
    this.entries.push(entry);
  }

  /** The attributes are upserted once, with their latest values, when this workflow task's code has run. */
  publish(): void {
    this.attributesDue = true;
  }

  /** Runs beside the case; `settled` waits for it. */
  inBackground(work: Promise<void>): void {
    const p = work.finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Resolves once every entry recorded so far is in the ledger: an Update that returns has its entries there. */
  async flushed(upToSeq: number): Promise<void> {
    await condition(() => this.appendedThrough >= upToSeq);
  }

  /** Nothing left to send and nothing running beside the case: the workflow may end. */
  async settled(upToSeq: () => number): Promise<void> {
    await condition(() => this.running.size === 0 && !this.attributesDue && this.entries.length === 0 && this.appendedThrough >= upToSeq());
  }

  private async sendEntries(): Promise<void> {
    for (;;) {
      await condition(() => this.entries.length > 0);
      const batch = this.entries.slice(0, MAX_BATCH);
      try {
        await appendLedgerBatch(batch);
      } catch (err) {
        // Only a refused entry gets here (appends are retried without limit): keep it, say so, try later.
        log.error('ledger batch refused', { workflowId: this.workflowId, fromSeq: batch[0]?.seq, error: (err as Error).message });
        await sleep(RETRY_REFUSED_BATCH);
        continue;
      }
      this.entries.splice(0, batch.length);
      this.appendedThrough = batch[batch.length - 1]?.seq ?? this.appendedThrough;
    }
  }

  private async sendAttributes(): Promise<void> {
    for (;;) {
      await condition(() => this.attributesDue);
      this.attributesDue = false;
      this.upsertAttributes();
    }
  }
}
