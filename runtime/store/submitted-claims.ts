/**
 * The practice's submitted claims (837P/837I), as the intake stores them, and the denials' references to
 * the claim each answers. One class over SqlDatabase serves the SQLite file and PostgreSQL. The patient
 * control number, the payer's claim number of a replacement and the claim's original X12 segments are
 * sealed in `body`, bound to the row; ids and keys are keyed hashes computed by the caller.
 */
import { z } from 'zod';
import { OriginalSegments } from '../../domain/claims/model';
import type { CodecKeyring } from '../codec';
import { needsSealing, openText, sealText } from '../at-rest/sealed-text';
import { openPostgres } from './postgres-database';
import { openDenialsStore } from './schema';
import { sqliteDatabase, type SqlDatabase, type SqlRow } from './sql-database';
import { insert } from './sql-statement';
import { postgresSubmittedClaimMigrations } from './submitted-claim-schema';

export const StoredClaim = z.object({
  claimId: z.string(),
  matchKey: z.string(),
  payerId: z.string(),
  kind: z.enum(['professional', 'institutional']),
  frequency: z.string(),
  serviceFrom: z.string().optional(),
  serviceTo: z.string().optional(),
  chargeCents: z.number().int(),
  /** sha256 of the 837 file the claim came in. */
  sourceFile: z.string(),
  reportId: z.string(),
  receivedAt: z.string(),
  /** CLM01. PHI. */
  patientControlNumber: z.string(),
  /** REF*F8 of a replacement or void. */
  payerClaimControlNumber: z.string().optional(),
});
export type StoredClaim = z.infer<typeof StoredClaim>;
export type StoredClaimWithSegments = StoredClaim & { original: OriginalSegments };

/** A denial's reference to its claim, recorded by the 835 intake when it delivers the denial. */
export const DenialClaimRef = z.object({
  workflowId: z.string(),
  matchKey: z.string(),
  payerId: z.string(),
  serviceFrom: z.string().optional(),
  serviceTo: z.string().optional(),
  /** CLP01. PHI. */
  patientControlNumber: z.string(),
});
export type DenialClaimRef = z.infer<typeof DenialClaimRef>;

/** A claim file (837 or 276) the product sent to the clearinghouse for a denial. PHI-free: ids and numbers only. */
export const SentClaimFile = z.object({
  fileName: z.string().min(1),
  workflowId: z.string().min(1),
  kind: z.enum(['837', '276']),
  /** ISA13, GS06 and ST02 of the file (the writers use one number for all three). */
  controlNumber: z.number().int().positive(),
  sha256: z.string(),
  sentAt: z.string(),
});
export type SentClaimFile = z.infer<typeof SentClaimFile>;

const Sealed = z.object({ patientControlNumber: z.string(), payerClaimControlNumber: z.string().optional(), original: OriginalSegments.optional() });

const claimContext = (claimId: string) => `submitted_claims:${claimId}`;
const refContext = (workflowId: string) => `denial_claim_refs:${workflowId}`;
const optional = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export class SubmittedClaimStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly keyring: CodecKeyring,
  ) {}

  /** PostgreSQL when `databaseUrl` is given, else the SQLite file in `dataDir`. */
  static open(opts: { dataDir: string; databaseUrl?: string | undefined; keyring: CodecKeyring }): SubmittedClaimStore {
    const db = opts.databaseUrl ? openPostgres(opts.databaseUrl, postgresSubmittedClaimMigrations, 'the submitted claim store') : sqliteDatabase(openDenialsStore(opts.dataDir));
    return new SubmittedClaimStore(db, opts.keyring);
  }

  /**
   * Stores the claims in one transaction; returns the ids that were already known (stored before, or
   * twice in this batch), which are left as they were. The unique claim id keeps a duplicate out even
   * when two intakes race; only the "already known" count could then be off by the claim they shared.
   */
  async add(claims: readonly StoredClaimWithSegments[]): Promise<Set<string>> {
    const known = new Set<string>();
    if (claims.length === 0) return known;
    const ids = claims.map((c) => c.claimId);
    const rows = (await this.db.query(`SELECT claim_id FROM submitted_claims WHERE claim_id IN (${ids.map(() => '?').join(', ')})`, ids)).rows;
    for (const r of rows) known.add(r.claim_id as string);
    const fresh = new Map<string, StoredClaimWithSegments>();
    for (const c of claims) {
      if (known.has(c.claimId) || fresh.has(c.claimId)) known.add(c.claimId);
      else fresh.set(c.claimId, c);
    }
    await this.db.batch([...fresh.values()].map((c) => insert('submitted_claims', this.claimRow(c), 'ON CONFLICT (claim_id) DO NOTHING')));
    return known;
  }

  /** The claims sharing a match key (payer + patient control number), oldest first. */
  async claimsByMatchKey(matchKey: string): Promise<StoredClaim[]> {
    const rows = (await this.db.query('SELECT * FROM submitted_claims WHERE match_key = ? ORDER BY received_at, claim_id', [matchKey])).rows;
    return rows.map((r) => this.claimOf(r).claim);
  }

  /** One claim with its original segments (for a corrected claim); undefined when unknown. */
  async claim(claimId: string): Promise<StoredClaimWithSegments | undefined> {
    const [row] = (await this.db.query('SELECT * FROM submitted_claims WHERE claim_id = ?', [claimId])).rows;
    if (!row) return undefined;
    const { claim, original } = this.claimOf(row);
    if (!original) throw new Error(`submitted claim ${claimId} has no original segments`);
    return { ...claim, original };
  }

  /** Records (once; a later delivery of the same denial changes nothing) what a denial's claim is. */
  async recordDenialRefs(refs: readonly DenialClaimRef[]): Promise<void> {
    await this.db.batch(
      refs.map((r) =>
        insert(
          'denial_claim_refs',
          {
            workflow_id: r.workflowId,
            match_key: r.matchKey,
            payer_id: r.payerId,
            service_from: r.serviceFrom ?? null,
            service_to: r.serviceTo ?? null,
            body: sealText(this.keyring, JSON.stringify({ patientControlNumber: r.patientControlNumber }), refContext(r.workflowId)),
          },
          'ON CONFLICT (workflow_id) DO NOTHING',
        ),
      ),
    );
  }

  async denialRef(workflowId: string): Promise<DenialClaimRef | undefined> {
    const [row] = (await this.db.query('SELECT * FROM denial_claim_refs WHERE workflow_id = ?', [workflowId])).rows;
    if (!row) return undefined;
    const sealed = Sealed.parse(JSON.parse(openText(this.keyring, row.body as string, refContext(workflowId))));
    return {
      workflowId,
      matchKey: row.match_key as string,
      payerId: row.payer_id as string,
      ...dates(row),
      patientControlNumber: sealed.patientControlNumber,
    };
  }

  /** The denials whose claim has this match key (payer + patient control number), oldest first. */
  async denialsByMatchKey(matchKey: string): Promise<string[]> {
    const rows = (await this.db.query('SELECT workflow_id FROM denial_claim_refs WHERE match_key = ? ORDER BY workflow_id', [matchKey])).rows;
    return rows.map((r) => r.workflow_id as string);
  }

  /**
   * Records a file sent for a denial, and returns the record in force: this one, or the one already under
   * its name (a retried activity, or two racing attempts, of which the first wins).
   */
  async recordSentFile(file: SentClaimFile): Promise<SentClaimFile> {
    const f = SentClaimFile.parse(file);
    await this.db.batch([
      insert(
        'sent_claim_files',
        { file_name: f.fileName, workflow_id: f.workflowId, kind: f.kind, control_number: f.controlNumber, sha256: f.sha256, sent_at: f.sentAt },
        'ON CONFLICT (file_name) DO NOTHING',
      ),
    ]);
    return (await this.sentFile(f.fileName)) ?? f;
  }

  /** The file sent under this name, if any. */
  async sentFile(fileName: string): Promise<SentClaimFile | undefined> {
    const [row] = (await this.db.query('SELECT * FROM sent_claim_files WHERE file_name = ?', [fileName])).rows;
    return row ? sentFileOf(row) : undefined;
  }

  /** The file of this kind sent under this control number (what a 999 or 277CA answers), if any. */
  async sentFileByControlNumber(kind: SentClaimFile['kind'], controlNumber: number): Promise<SentClaimFile | undefined> {
    const [row] = (await this.db.query('SELECT * FROM sent_claim_files WHERE kind = ? AND control_number = ?', [kind, controlNumber])).rows;
    return row ? sentFileOf(row) : undefined;
  }

  /** The files sent for a denial, oldest first. */
  async sentFiles(workflowId: string): Promise<SentClaimFile[]> {
    return (await this.db.query('SELECT * FROM sent_claim_files WHERE workflow_id = ? ORDER BY sent_at, file_name', [workflowId])).rows.map(sentFileOf);
  }

  /**
   * Seals again, with the ring's first key, every body sealed under another (`rotate`), so an old key can
   * leave CODEC_KEYS; rows are always written sealed, so without `rotate` there is nothing to do. Returns
   * how many rows were sealed again.
   */
  async sealStoredText(opts: { rotate: boolean }): Promise<number> {
    if (!opts.rotate) return 0;
    let sealed = 0;
    for (const [table, key, context] of [
      ['submitted_claims', 'claim_id', claimContext],
      ['denial_claim_refs', 'workflow_id', refContext],
    ] as const) {
      for (const row of (await this.db.query(`SELECT ${key} AS id, body FROM ${table}`)).rows) {
        const id = row.id as string;
        const body = row.body as string;
        if (!needsSealing(this.keyring, body, true)) continue;
        const resealed = sealText(this.keyring, openText(this.keyring, body, context(id)), context(id));
        sealed += (await this.db.query(`UPDATE ${table} SET body = ? WHERE ${key} = ? AND body = ?`, [resealed, id, body])).rowCount;
      }
    }
    return sealed;
  }

  /** The next control number of an outbound interchange (corrected claim, status inquiry): 1, 2, … and never the same twice. */
  async nextControlNumber(): Promise<number> {
    const { rows } = await this.db.query(
      "INSERT INTO claim_control_numbers (name, value) VALUES ('corrected-claims', 1) ON CONFLICT (name) DO UPDATE SET value = claim_control_numbers.value + 1 RETURNING value",
    );
    return Number(rows[0]!.value);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private claimRow(c: StoredClaimWithSegments) {
    const sealed = { patientControlNumber: c.patientControlNumber, payerClaimControlNumber: c.payerClaimControlNumber, original: c.original };
    return {
      claim_id: c.claimId,
      match_key: c.matchKey,
      payer_id: c.payerId,
      kind: c.kind,
      frequency: c.frequency,
      service_from: c.serviceFrom ?? null,
      service_to: c.serviceTo ?? null,
      charge_cents: c.chargeCents,
      source_file: c.sourceFile,
      report_id: c.reportId,
      received_at: c.receivedAt,
      body: sealText(this.keyring, JSON.stringify(sealed), claimContext(c.claimId)),
    };
  }

  private claimOf(row: SqlRow): { claim: StoredClaim; original: OriginalSegments | undefined } {
    const claimId = row.claim_id as string;
    const sealed = Sealed.parse(JSON.parse(openText(this.keyring, row.body as string, claimContext(claimId))));
    const claim = StoredClaim.parse({
      claimId,
      matchKey: row.match_key,
      payerId: row.payer_id,
      kind: row.kind,
      frequency: row.frequency,
      ...dates(row),
      chargeCents: Number(row.charge_cents),
      sourceFile: row.source_file,
      reportId: row.report_id,
      receivedAt: row.received_at,
      patientControlNumber: sealed.patientControlNumber,
      ...(sealed.payerClaimControlNumber ? { payerClaimControlNumber: sealed.payerClaimControlNumber } : {}),
    });
    return { claim, original: sealed.original };
  }
}

function dates(row: SqlRow): { serviceFrom?: string; serviceTo?: string } {
  const from = optional(row.service_from);
  const to = optional(row.service_to);
  return { ...(from ? { serviceFrom: from } : {}), ...(to ? { serviceTo: to } : {}) };
}

function sentFileOf(row: SqlRow): SentClaimFile {
  return SentClaimFile.parse({
    fileName: row.file_name,
    workflowId: row.workflow_id,
    kind: row.kind,
    controlNumber: Number(row.control_number),
    sha256: row.sha256,
    sentAt: row.sent_at,
  });
}
