/**
 * "Every rejection a positioned finding": what a person reads about a rejected file or a quarantined
 * record must say where — the file, the segment (its number and id) and, in the message, the field.
 * Returns what is wrong, one sentence each; empty when every rejection is positioned.
 */
import { IngestReport, type ReportFinding } from '../../client/ingest/report';

/** Findings about the file as a whole, raised before any segment could be read: segment 0 is their place. */
const BEFORE_ANY_SEGMENT = new Set(['empty-input', 'not-x12', 'binary-content', 'isa-malformed', 'no-835-set']);

function unpositioned(f: ReportFinding, file: string): string | undefined {
  const p = f.position;
  if (p.file !== file) return `${f.code} names file '${p.file}', not '${file}'`;
  if (!Number.isInteger(p.segment) || p.segment < 0) return `${f.code} has segment ${p.segment}`;
  if (p.segment === 0 && !BEFORE_ANY_SEGMENT.has(f.code)) return `${f.code} is at segment 0 but is about a segment`;
  if (f.message.trim().length === 0) return `${f.code} has no message`;
  return undefined;
}

export function positionProblems(report: IngestReport, file: string): string[] {
  const problems: string[] = [];
  // The report is stored and served as JSON and read back with its schema: it must survive both.
  const parsed = IngestReport.safeParse(JSON.parse(JSON.stringify(report)));
  if (!parsed.success) problems.push(`the report does not match its schema: ${parsed.error.issues[0]?.message ?? ''}`);
  for (const f of report.findings) {
    if (f.severity === 'warning') continue;
    const problem = unpositioned(f, file);
    if (problem !== undefined) problems.push(problem);
  }
  if (report.verdict === 'rejected' && !report.findings.some((f) => f.severity === 'envelope')) {
    problems.push('the file was rejected without an envelope finding saying why');
  }
  for (const c of report.claims) {
    if (c.delivery !== 'quarantined') continue;
    if (c.why.length === 0) problems.push(`quarantined claim '${c.clp01}' has no reason`);
    if (c.position.segment <= 0) problems.push(`quarantined claim '${c.clp01}' has no segment`);
  }
  return problems;
}
