/**
 * A report as it is produced: its head once the file is validated, each claim line in file order once its
 * delivery is settled, then the totals. Whoever needs the whole report (a saved file, `--json` on stdout)
 * writes it through a ReportSink, so no entry point holds every claim of a 200 MB remittance at once.
 */
import type { ClaimLine, IngestReport } from './report';

/** What is known after the validation pass. */
export type ReportHead = Omit<IngestReport, 'claims' | 'totals' | 'alreadyIngested' | 'finishedAt' | 'answers'>;
/** What is known only once every claim was delivered (and a status file's answers, few enough to hold). */
export type ReportTail = Pick<IngestReport, 'totals' | 'alreadyIngested' | 'finishedAt' | 'answers'>;

export interface ReportSink {
  begin(head: ReportHead): Promise<void> | void;
  claim(line: ClaimLine): Promise<void> | void;
  end(tail: ReportTail): Promise<void> | void;
}

/** Hands each part of the report to every sink, in turn. */
export function teeReport(...sinks: ReportSink[]): ReportSink {
  return {
    async begin(head) {
      for (const s of sinks) await s.begin(head);
    },
    async claim(line) {
      for (const s of sinks) await s.claim(line);
    },
    async end(tail) {
      for (const s of sinks) await s.end(tail);
    },
  };
}

/** A sink that keeps nothing: the caller needs only the summary (totals, findings, quarantined claims). */
export const summaryOnly: ReportSink = { begin: () => undefined, claim: () => undefined, end: () => undefined };

/** Keeps every claim line, for callers that want the whole report in memory (tests, small files). */
export function collectClaims(): ReportSink & { readonly claims: ClaimLine[] } {
  const claims: ClaimLine[] = [];
  return { claims, begin: () => undefined, claim: (line) => void claims.push(line), end: () => undefined };
}
