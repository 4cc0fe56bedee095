/**
 * The intake of the practice's own claims (837P/837I), behind the same entry points and report as the
 * 835s: a first pass validates the whole file (an envelope error rejects it, nothing is stored), the
 * second stores each accepted claim once (a claim the store has is reported already known) and reports
 * each quarantined one with its positioned findings.
 */
import crypto from 'node:crypto';
import { read837, type SubmittedClaim } from '../../domain/claims';
import { formatCents } from '../../domain/remittance';
import type { StoredClaimWithSegments } from '../../runtime/store/submitted-claims';
import type { IngestDeps, IngestOptions } from './pipeline';
import { emptyTotals, type ClaimLine, type IngestReport } from './report';
import { beginReport, chunksOf, quarantinedLine, validationPass } from './report-run';
import { storedClaimOf } from './submitted-claim-record';

/** Claims stored per transaction: one commit per claim would be the run's largest cost. */
const STORE_BATCH = 256;

/** What the claims intake needs of the submitted claim store. */
export interface ClaimKeeper {
  /** Stores the claims; returns the ids the store already had. */
  add(claims: readonly StoredClaimWithSegments[]): Promise<Set<string>>;
}

export interface ClaimRunFile {
  file: string;
  name: string;
  plainBytes: number;
  reportId: string;
  receivedAt: string;
}

function submittedLine(claim: SubmittedClaim, claimId: string | undefined): ClaimLine {
  return {
    clp01: claim.patientControlNumber,
    payerClaimControlNumber: claim.payerClaimControlNumber,
    status: claim.facility.frequency,
    charge: claim.charge.text,
    paid: '',
    outcome: 'submitted',
    denial: false,
    why: [],
    amountAtRisk: '0.00',
    adjustments: [],
    claimId,
    delivery: 'dry-run',
    position: { set: claim.position.set, segment: claim.position.segment },
  };
}

export async function ingestClaimFile(f: ClaimRunFile, opts: IngestOptions, deps: IngestDeps): Promise<IngestReport> {
  const totals = emptyTotals();
  const pass = validationPass(totals);
  const hash = crypto.createHash('sha256');
  let bytesRead = 0;
  let claimsSeen = 0;
  const progress = (pass: 'validate' | 'store') => deps.onProgress?.({ file: f.name, pass, bytesRead, bytesTotal: f.plainBytes, claims: claimsSeen });
  const read = (pass: 'validate' | 'store', h?: crypto.Hash) => read837(chunksOf(f.file, deps.keyring, (n) => ((bytesRead += n), progress(pass)), h), f.name);

  // Pass 1: validate everything, store nothing.
  for await (const event of read('validate', hash)) {
    pass.observe(event);
    claimsSeen = pass.claims;
  }
  const sha256 = hash.digest('hex');
  const verdict = pass.verdict;
  const run = await beginReport(
    { reportId: f.reportId, file: f.name, sha256, bytes: f.plainBytes, receivedAt: f.receivedAt, via: opts.via, transaction: '837', dryRun: opts.dryRun, verdict, findings: pass.findings, findingsOmitted: pass.omitted },
    deps.report,
  );
  const report = () => run.finish({ totals, alreadyIngested: verdict === 'accepted' && !opts.dryRun && totals.alreadyKnown > 0 && totals.stored === 0 });
  if (verdict === 'rejected') return report();

  // Pass 2: store the accepted claims, a batch at a time, and report every claim in file order.
  const store = opts.dryRun ? undefined : deps.claims;
  const source = { sourceFile: sha256, reportId: f.reportId, receivedAt: f.receivedAt };
  let pending: { line: ClaimLine; stored?: StoredClaimWithSegments }[] = [];
  let charge = 0;
  const flush = async () => {
    const batch = pending;
    pending = [];
    const known = store ? await store.add(batch.flatMap((p) => (p.stored ? [p.stored] : []))) : new Set<string>();
    for (const { line, stored } of batch) {
      if (stored && store) {
        line.delivery = known.has(stored.claimId) ? 'already-known' : 'stored';
        if (line.delivery === 'stored') totals.stored++;
        else totals.alreadyKnown++;
      }
      await run.order.add(line);
    }
  };
  bytesRead = 0;
  claimsSeen = 0;
  for await (const event of read('store')) {
    if (event.kind === 'quarantined') {
      totals.quarantined++;
      pending.push({ line: quarantinedLine('submitted', event) });
    } else if (event.kind === 'claim') {
      claimsSeen++;
      totals.claims++;
      charge += event.claim.charge.cents;
      const stored = storedClaimOf(event.claim, deps.claimIdKey, source);
      pending.push({ line: submittedLine(event.claim, stored.claimId), stored });
    }
    if (pending.length >= STORE_BATCH) await flush();
  }
  await flush();
  await run.order.finish();
  totals.claimsTotalCharge = formatCents(charge);
  return report();
}
