/**
 * One fuzz case through the real path from bytes to a classified denial, without Temporal: the intake
 * pipeline (ingestFile: validate pass, detect pass, DenialCase and RemittanceEvent building, the journal)
 * with a deliverer that does what the denial workflow does first with its input, assessDenial
 * (classification, route, deadlines). An exception anywhere in that path is a failure: in production it
 * is an intake error or a workflow task failing forever.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Deliverer, ingestFile } from '../../client/ingest/pipeline';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { type IngestReport } from '../../client/ingest/report';
import { DenialCase, type RemittanceEvent } from '../../domain/denial-case';
import { assessDenial } from '../../domain/lifecycle/assess';
import { migrate } from '../../runtime/store/sqlite';
import { keyringWith, randomKey } from '../support/codec-keys';
import { denialsMigrations } from '../../runtime/store/schema';

/** The workflow's clock, fixed so a case replays exactly. */
const TODAY = '2026-06-01';

/**
 * Starts assess the case; a denial signalled to a started workflow is assessed again with the new
 * adjustments, as the workflow does when the payer upholds a denial (hence appeal level 1).
 */
class AssessingDeliverer implements Deliverer {
  private readonly cases = new Map<string, DenialCase>();

  async start(workflowId: string, denial: DenialCase): Promise<'started'> {
    assessDenial(denial, { today: TODAY, appealLevel: 0 });
    this.cases.set(workflowId, denial);
    return 'started';
  }

  async signal(workflowId: string, _eventKey: string, event: RemittanceEvent): Promise<'delivered'> {
    const denial = this.cases.get(workflowId);
    if (denial !== undefined && event.kind === 'denial') {
      assessDenial({ ...denial, adjustments: event.adjustments, remarks: event.remarks, remittance: event.remittance }, { today: TODAY, appealLevel: 1 });
    }
    return 'delivered';
  }

  /** A reopened run assesses nothing (it keeps its first run's classification): only the case is checked. */
  async reopen(workflowId: string, recoupment: DenialCase): Promise<'reopened'> {
    DenialCase.parse(recoupment);
    return 'reopened';
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // A ZodError's message is pretty-printed JSON: one line of it is unreadable, so it is flattened.
  const headline = `${err.name}: ${err.message.replace(/\s+/g, ' ').slice(0, 400)}`;
  const stack = err.stack ?? '';
  const frames = stack.indexOf('\n    at ');
  return frames < 0 ? headline : headline + stack.slice(frames);
}

export interface PipelineCase {
  report?: IngestReport;
  /** What the path threw: one line, then its stack (the fuzzer's own output, for the developer). */
  error?: string;
  ms: number;
}

/** A scratch folder for the case file and one journal for the run (each case keys its claims apart). */
export class PipelineRig {
  private readonly journal: IntakeJournal;
  private readonly db: Database.Database;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.db = new Database(':memory:');
    migrate(this.db, denialsMigrations);
    this.journal = new IntakeJournal(sqliteDatabase(this.db), keyringWith(randomKey('fuzz-journal')));
  }

  /**
   * Ingests `bytes` as the file `name`. The claim id key comes from the seed: workflow ids differ from
   * case to case, so every case starts its own workflows instead of signalling an earlier case's.
   */
  async run(name: string, bytes: Uint8Array, seed: number): Promise<PipelineCase> {
    const file = path.join(this.dir, 'case.835');
    fs.writeFileSync(file, bytes);
    const claimIdKey = crypto.createHash('sha256').update(`fuzz:${seed}`).digest();
    const started = performance.now();
    try {
      const report = await ingestFile(file, { via: 'cli', dryRun: false, displayName: name }, { claimIdKey, deliverer: new AssessingDeliverer(), journal: this.journal });
      return { report, ms: performance.now() - started };
    } catch (err) {
      return { error: describeError(err), ms: performance.now() - started };
    }
  }

  close(): void {
    this.db.close();
  }
}
