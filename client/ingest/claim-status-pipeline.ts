/**
 * The intake of claim status answers (277, 277CA, 999) behind the same entry points and report as the
 * 835s and 837s: the file is read whole (status files are small; a larger one is refused), an envelope
 * finding rejects it and nothing is signaled, and otherwise each answer goes to its denial as the
 * claimStatus signal, once: its event key is journaled, so a file delivered twice signals nothing new.
 * Answers that reach no denial, or more than one, are reported with their positions and a reason.
 */
import crypto from 'node:crypto';
import { ClaimStatusReportSchema, type ClaimStatusReport } from '../../domain/lifecycle/claim-status-report';
import { findingFor } from '../../domain/remittance/findings';
import { claimStatusEventKey } from './claim-keys';
import type { ClaimRunFile } from './claims-pipeline';
import type { IngestDeps, IngestOptions } from './pipeline';
import { emptyTotals, type IngestReport, type StatusAnswerLine, type Totals } from './report';
import { beginReport, chunksOf, validationPass } from './report-run';
import { readStatusFile, type StatusAnswer, type StatusSource } from './status-answers';
import { findDenial } from './status-match';

/** Larger than any status file a clearinghouse sends; the readers hold the whole text. */
export const STATUS_FILE_MAX_BYTES = 64 * 1024 * 1024;

const tooLarge = findingFor<'file-too-large'>({ 'file-too-large': 'envelope' });

async function wholeText(f: ClaimRunFile, deps: IngestDeps, hash: crypto.Hash): Promise<string | undefined> {
  if (f.plainBytes > STATUS_FILE_MAX_BYTES) return undefined;
  const parts: Buffer[] = [];
  let bytesRead = 0;
  const progress = () => deps.onProgress?.({ file: f.name, pass: 'validate', bytesRead, bytesTotal: f.plainBytes, claims: 0 });
  for await (const chunk of chunksOf(f.file, deps.keyring, (n) => ((bytesRead += n), progress()), hash)) parts.push(chunk);
  return new TextDecoder().decode(Buffer.concat(parts));
}

function lineOf(answer: StatusAnswer, delivery: StatusAnswerLine['delivery'], more: Partial<StatusAnswerLine> = {}): StatusAnswerLine {
  const line: StatusAnswerLine = {
    source: answer.source,
    classification: answer.classification,
    categoryCode: answer.categoryCode,
    explanation: answer.explanation,
    delivery,
    position: { set: answer.position.set, segment: answer.position.segment },
    ...more,
  };
  if (answer.statusCode !== undefined) line.statusCode = answer.statusCode;
  return line;
}

/** The total each delivery counts in (a dry run counts only as an answer). */
const TOTAL_OF: Record<StatusAnswerLine['delivery'], keyof Totals | undefined> = {
  signaled: 'signaled',
  duplicate: 'duplicates',
  closed: 'closed',
  unmatched: 'unmatched',
  ambiguous: 'ambiguous',
  refused: 'errors',
  'dry-run': undefined,
};

function count(totals: Totals, delivery: StatusAnswerLine['delivery']): void {
  const key = TOTAL_OF[delivery];
  if (key) totals[key]++;
}

export async function ingestStatusFile(f: ClaimRunFile, source: StatusSource, opts: IngestOptions, deps: IngestDeps): Promise<IngestReport> {
  const totals = emptyTotals();
  const pass = validationPass(totals);
  const hash = crypto.createHash('sha256');
  const text = await wholeText(f, deps, hash);
  const read = text === undefined ? undefined : readStatusFile(source, text, f.name);
  if (read === undefined) {
    const limit = `${STATUS_FILE_MAX_BYTES / 1024 / 1024} MiB`;
    pass.observe({ kind: 'finding', finding: tooLarge('file-too-large', `The ${source} file is ${f.plainBytes} bytes, over the ${limit} a claim status file may be; it is not read.`, { file: f.name, segment: 0, segmentId: '' }) });
  }
  for (const finding of read?.findings ?? []) pass.observe({ kind: 'finding', finding });
  const envelopeDamaged = pass.findings.some((x) => x.severity === 'envelope');
  pass.observe({ kind: 'end', verdict: read && !envelopeDamaged ? 'accepted' : 'rejected' });
  const verdict = pass.verdict;
  const run = await beginReport(
    { reportId: f.reportId, file: f.name, sha256: hash.digest('hex'), bytes: f.plainBytes, receivedAt: f.receivedAt, via: opts.via, transaction: source, dryRun: opts.dryRun, verdict, findings: pass.findings, findingsOmitted: pass.omitted },
    deps.report,
  );
  const answers: StatusAnswerLine[] = [];
  if (verdict === 'accepted') {
    for (const answer of read!.answers) {
      totals.answers++;
      const line = await deliver(answer, f.reportId, opts, deps);
      count(totals, line.delivery);
      answers.push(line);
    }
    await deps.journal?.flush();
  }
  const nothingNew = verdict === 'accepted' && !opts.dryRun && totals.duplicates > 0 && totals.signaled === 0;
  return run.finish({ totals, alreadyIngested: nothingNew, answers });
}

async function deliver(answer: StatusAnswer, reportId: string, opts: IngestOptions, deps: IngestDeps): Promise<StatusAnswerLine> {
  const deliverer = deps.statusDeliverer;
  const lookup = deps.statusLookup;
  if (opts.dryRun || !deliverer || !lookup) return lineOf(answer, 'dry-run');
  const match = await findDenial(answer.route, { lookup, workflowExists: (id) => deliverer.exists(id), claimIdKey: deps.claimIdKey });
  if (match.kind === 'unmatched') return lineOf(answer, 'unmatched', { reason: match.reason });
  if (match.kind === 'ambiguous') return lineOf(answer, 'ambiguous', { reason: match.reason, candidates: match.candidates });
  const { workflowId, matchedBy } = match;
  const eventKey = claimStatusEventKey(workflowId, answer.identity, deps.claimIdKey);
  if (await deps.journal?.hasEvent(eventKey)) return lineOf(answer, 'duplicate', { workflowId, matchedBy });
  const report: ClaimStatusReport = { eventKey, source: answer.source, classification: answer.classification, categoryCode: answer.categoryCode, explanation: answer.explanation };
  if (answer.statusCode !== undefined) report.statusCode = answer.statusCode;
  if (answer.effectiveDate !== undefined) report.effectiveDate = answer.effectiveDate;
  if (match.answersFile !== undefined) report.answersFile = match.answersFile;
  // The payload crosses into the workflow's history: what the schema refuses is reported, not sent.
  const checked = ClaimStatusReportSchema.safeParse(report);
  if (!checked.success) {
    const why = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return lineOf(answer, 'refused', { workflowId, matchedBy, reason: `not a valid claim status report (${why}); nothing was sent` });
  }
  if ((await deliverer.signal(workflowId, checked.data)) === 'closed') return lineOf(answer, 'closed', { workflowId, matchedBy });
  deps.journal?.recordDelivery({ eventKey, workflowId, kind: `claim-status-${answer.source}`, payerId: '', reportId, newWorkflow: false });
  return lineOf(answer, 'signaled', { workflowId, matchedBy });
}
