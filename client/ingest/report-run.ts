/**
 * What every intake run shares, whatever the file holds (835 remittances or 837 claims): the file's
 * plaintext in chunks, its findings counted and listed within bounds, and the report handed to its sink
 * as it is produced (head after the validation pass, claim lines in file order, totals last).
 */
import type crypto from 'node:crypto';
import path from 'node:path';
import type { Finding } from '../../domain/remittance';
import type { CodecKeyring } from '../../runtime/codec';
import { openedChunks } from '../../runtime/at-rest/sealed-stream';
import { ClaimOrder } from './claim-order';
import type { ClaimLine, IngestReport, ReportFinding, Totals } from './report';
import type { ReportHead, ReportSink, ReportTail } from './report-stream';

/**
 * Findings listed in a report; the rest are counted in findingsOmitted. Envelope findings are always
 * listed: they say why a file was rejected, there are at most a few (reading stops at the first), and a
 * file with hundreds of warnings before its damage used to be reported rejected with no reason shown.
 */
const MAX_FINDINGS = 200;

/**
 * The file's plaintext, in 256 KiB chunks: a file the intake kept is sealed (kept-files.ts) and read a
 * record of that size at a time, one dropped into the inbox is plain. Each chunk's Buffer lives while the
 * reader works through it, long enough to be promoted and freed only by a full GC: with 1 MiB chunks a
 * reader-only process peaked around 140-170 MiB on a 54 MB file, with 256 KiB about 115-120 MiB, and read
 * faster (bench/intake.ts).
 */
export async function* chunksOf(file: string, keyring: CodecKeyring | undefined, onBytes: (n: number) => void, hash?: crypto.Hash): AsyncGenerator<Buffer> {
  for await (const buf of openedChunks(file, keyring, path.basename(file))) {
    hash?.update(buf);
    onBytes(buf.length);
    yield buf;
  }
}

function toReportFinding(f: Finding): ReportFinding {
  const { file, interchange, set, segment, segmentId } = f.position;
  return { severity: f.severity, code: f.code, message: f.message, position: { file, interchange, set, segment, segmentId } };
}

/** What both readers' events share, as the validation pass reads them. */
interface PassEvent {
  kind: string;
  finding?: Finding;
  verdict?: 'accepted' | 'rejected';
  rejection?: readonly Finding[];
}

export interface ValidationPass {
  readonly findings: ReportFinding[];
  readonly omitted: number;
  readonly verdict: 'accepted' | 'rejected';
  readonly claims: number;
  /** Counts a claim, lists a finding, counts a skipped set, takes the verdict and its reasons from the end. */
  observe(event: PassEvent): void;
}

/** The first pass over a file: its findings counted into `totals` and listed within bounds, and its verdict. */
export function validationPass(totals: Totals): ValidationPass {
  const findings: ReportFinding[] = [];
  let omitted = 0;
  let verdict: 'accepted' | 'rejected' = 'rejected';
  let claims = 0;
  const add = (f: Finding) => {
    if (f.severity === 'warning') totals.warnings++;
    else totals.errors++;
    if (findings.length < MAX_FINDINGS || f.severity === 'envelope') findings.push(toReportFinding(f));
    else omitted++;
  };
  return {
    findings,
    get omitted() {
      return omitted;
    },
    get verdict() {
      return verdict;
    },
    get claims() {
      return claims;
    },
    observe(event) {
      if (event.kind === 'claim') claims++;
      // A quarantined record's reasons were each emitted as a finding already: counted once, here.
      else if (event.kind === 'finding' && event.finding) add(event.finding);
      else if (event.kind === 'set-skipped') totals.skippedSets++;
      else if (event.kind === 'end') {
        verdict = event.verdict ?? 'rejected';
        for (const f of event.rejection ?? []) if (!findings.some((x) => x.code === f.code && x.position.segment === f.position.segment)) add(f);
      }
    },
  };
}

export interface ReportRun {
  /** Claim lines, in file order once each one's delivery is settled. */
  readonly order: ClaimOrder;
  /** Hands the totals to the sink and returns the report. */
  finish(tail: Omit<ReportTail, 'finishedAt'>): Promise<IngestReport>;
}

/** Without a sink every line is kept; with one, only the quarantined claims (a person must read those). */
export async function beginReport(head: ReportHead, sink: ReportSink | undefined): Promise<ReportRun> {
  const claims: ClaimLine[] = [];
  const order = new ClaimOrder((line) => {
    if (!sink || line.delivery === 'quarantined') claims.push(line);
    return sink?.claim(line);
  });
  await sink?.begin(head);
  return {
    order,
    async finish(tail) {
      const full = { ...tail, finishedAt: new Date().toISOString() };
      await sink?.end(full);
      return { ...head, ...full, claims };
    },
  };
}

/** The line of a claim the reader quarantined: what could be read of it, and why it was set aside. */
export function quarantinedLine(
  outcome: ClaimLine['outcome'],
  q: { patientControlNumber?: string | undefined; payerClaimControlNumber?: string | undefined; charge?: string | undefined; findings: readonly Finding[]; position: { set?: string | undefined; segment: number } },
): ClaimLine {
  return {
    clp01: q.patientControlNumber ?? '',
    payerClaimControlNumber: q.payerClaimControlNumber,
    status: '',
    charge: q.charge ?? '',
    paid: '',
    outcome,
    denial: false,
    why: q.findings.map((f) => ({ code: f.code, message: f.message })),
    amountAtRisk: '0.00',
    adjustments: [],
    delivery: 'quarantined',
    position: { set: q.position.set, segment: q.position.segment },
  };
}
