/**
 * The intake as the entry points use it: one object holding the journal, the claim-id key and the
 * Temporal delivery, so the CLI, the inbox folder and the HTTP API run exactly the same pipeline.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { SilentMoneyEntry } from '../../domain/kpis/silent-money-entry';
import type { RemittanceVolume } from '../../domain/kpis/remittance-volume';
import type { Config } from '../../runtime/config';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { loadClaimIdKey } from '../../runtime/at-rest/claim-id-key';
import { IntakeJournal } from './journal';
import { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { reopeningOf } from '../../domain/lifecycle/reopening';
import { ingestFile, type IngestDeps, type IngestOptions } from './pipeline';
import type { IngestReport } from './report';
import { collectClaims, teeReport, type ReportSink } from './report-stream';
import { reportsFolder, savedReportName, savedReportWriter } from './saved-report';
import { admissionOf, temporalDeliverer } from './temporal-delivery';
import { temporalStatusDeliverer } from './status-delivery';
import { loadFeeSchedule } from './fee-schedule-file';
import { keptFiles, type KeptFiles } from './kept-files';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { countIngest } from '../../runtime/metrics/product-metrics';

export interface Intake {
  /**
   * Ingests one 835, 837, 277, 277CA or 999; unless it is a dry run, its report is saved as it is produced (sealed, under
   * DATA_DIR/reports/). With `sink` the claim lines go there too and the returned report lists only the
   * quarantined claims (bounded memory); without it the returned report lists every claim.
   */
  ingest(file: string, opts: IngestOptions, onProgress?: IngestDeps['onProgress'], sink?: ReportSink): Promise<IngestReport>;
  /** Where a report is saved, sealed (for the inbox's copy beside the 835); undefined when none was. */
  savedReport(reportId: string): string | undefined;
  /** How the entry points keep what they were given (taken inbox files, uploads, reports): sealed. */
  files: KeptFiles;
  report(reportId: string): Promise<IngestReport | undefined>;
  /** The report without reading its saved file: totals, findings and only the quarantined claims. */
  reportSummary(reportId: string): Promise<IngestReport | undefined>;
  /** Deletes the reports received before `before` (ISO time); returns how many. */
  forgetReportsBefore(before: string): Promise<number>;
  close(): Promise<void>;
}

/** `shared`: the process's ledger store, owned (and closed) by the caller; without one the intake opens its own. */
export function createIntake(config: Config, client: Client | undefined, warn: (m: string) => void, shared?: LedgerStore): Intake {
  const keyring = deploymentKeyring(config, warn);
  const reportsDir = reportsFolder(config.dataDir);
  const journal = IntakeJournal.open({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring, reportsDir });
  // The practice's own claims (837s), kept to match them to denials and to correct them.
  const claims = SubmittedClaimStore.open({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring });
  const claimIdKey = loadClaimIdKey({ configured: config.DENIAL_ID_KEY, dataDir: config.dataDir, embedded: config.embedded, warn });
  const deliverer = client ? temporalDeliverer(client, config.TEMPORAL_TASK_QUEUE, admissionOf(config)) : undefined;
  // Claim status answers (277, 277CA, 999) go to the denials they are about, found through the claim store.
  const statusDeliverer = client ? temporalStatusDeliverer(client) : undefined;
  const feeSchedule = config.FEE_SCHEDULE ? loadFeeSchedule(config.FEE_SCHEDULE) : undefined;
  // Each remittance's totals go to the ledger: the denominators of the denial rates.
  const ledger = shared ?? openConfiguredLedger(config);
  const recordVolumes = async (volumes: RemittanceVolume[]) => {
    for (const v of volumes) await ledger.recordRemittanceVolume(v);
  };
  // And the money each takes back or adds without a denial: the dashboard's and the weekly report's silent money.
  const recordSilentMoney = async (entries: SilentMoneyEntry[]) => void (await ledger.recordSilentMoney(entries));
  // A recoupment of a closed denial reopens it where its ledger says it recovered money.
  const reopeningOfDenial = async (workflowId: string) => reopeningOf((await ledger.denialFacts({ workflowId }))[0]);
  return {
    async ingest(file, opts, onProgress, sink) {
      const reportId = opts.reportId ?? `rpt-${crypto.randomUUID()}`;
      const collected = sink ? undefined : collectClaims();
      const saved = opts.dryRun ? undefined : savedReportWriter(reportsDir, reportId, keyring);
      const report = teeReport(...[saved, sink ?? collected].filter((s): s is ReportSink => s !== undefined));
      let result: IngestReport;
      try {
        result = await ingestFile(file, { ...opts, reportId }, { claimIdKey, deliverer, journal, claims, recordDenialRefs: (refs) => claims.recordDenialRefs(refs), statusDeliverer, statusLookup: claims, onProgress, recordVolumes, recordSilentMoney, reopeningOf: reopeningOfDenial, keyring, report, ...(feeSchedule ? { feeSchedule } : {}) });
      } catch (err) {
        await saved?.discard();
        throw err;
      }
      if (saved) await journal.saveReport(result, savedReportName(reportId));
      countIngest(result);
      return collected ? { ...result, claims: collected.claims } : result;
    },
    savedReport(reportId) {
      const file = path.join(reportsDir, savedReportName(reportId));
      return fs.existsSync(file) ? file : undefined;
    },
    files: keptFiles(keyring),
    report: (id) => journal.getReport(id),
    reportSummary: (id) => journal.getReportSummary(id),
    forgetReportsBefore: (before) => journal.forgetReportsBefore(before),
    async close() {
      await journal.close();
      await claims.close();
      if (!shared) await ledger.close();
    },
  };
}
