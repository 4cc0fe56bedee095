/**
 * Files the clearinghouse sends back (835, 277, 277CA, 999), taken from its connector's inbound folder on
 * the inbox's cadence into the same intake as a file dropped in the inbox: each is fetched, staged sealed,
 * ingested and kept in processed/ or rejected/ with its report, and only then acknowledged (archived on the
 * clearinghouse side). A file that could not be fetched, or failed for a transient reason, is left where it
 * is for the next poll; a file acknowledged twice (an acknowledgement that failed) is ingested again, which
 * the intake's event keys make a no-op.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClearinghouseConnector } from '../../runtime/clearinghouse/connector';
import type { Logger } from '../../runtime/log';
import type { KeptFiles } from './kept-files';
import type { IngestReport } from './report';

/** What the poll needs of the inbox: taking one file into the intake and keeping it (InboxWatcher.take). */
export interface FileTaker {
  take(name: string, file: string, via: 'clearinghouse'): Promise<{ report?: IngestReport; settled: boolean }>;
}

export class ClearinghouseInbound {
  private polling: Promise<IngestReport[]> | undefined;

  constructor(
    private readonly connector: ClearinghouseConnector,
    /** Where a fetched file waits, sealed, while it is ingested (a private folder under DATA_DIR). */
    private readonly stagingDir: string,
    private readonly files: KeptFiles,
    private readonly taker: FileTaker,
    private readonly log: Logger,
  ) {
    files.folder(stagingDir);
  }

  /** One pass over the inbound files; a poll already running is joined, not doubled. */
  poll(): Promise<IngestReport[]> {
    this.polling ??= this.pass().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pass(): Promise<IngestReport[]> {
    let inbound;
    try {
      inbound = await this.connector.listInbound();
    } catch (err) {
      this.log.warn(`clearinghouse: cannot list inbound files, will retry: ${(err as Error).message}`);
      return [];
    }
    const reports: IngestReport[] = [];
    for (const { name } of inbound) {
      const report = await this.takeOne(name);
      if (report) reports.push(report);
    }
    return reports;
  }

  private async takeOne(name: string): Promise<IngestReport | undefined> {
    // The connector refuses names with a path in them; the staging name is its own all the same.
    const staged = path.join(this.stagingDir, path.basename(name));
    try {
      this.files.write(staged, await this.connector.fetchInbound(name));
    } catch (err) {
      this.log.warn(`clearinghouse: ${name} not fetched, will retry: ${(err as Error).message}`);
      return undefined;
    }
    const taken = await this.taker.take(name, staged, 'clearinghouse');
    if (!taken.settled) {
      fs.rmSync(staged, { force: true });
      return undefined;
    }
    try {
      await this.connector.acknowledgeInbound(name);
    } catch (err) {
      this.log.warn(`clearinghouse: ${name} was ingested but not archived; the next poll takes it again (a no-op): ${(err as Error).message}`);
    }
    return taken.report;
  }
}
