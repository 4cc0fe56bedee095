/**
 * A claim status report (277, 277CA, 999) as lines for a person: what the file came to, then each answer
 * with where it sits, what it says and which denial got it, or why none did. Built only from the report's
 * answer lines (codes, meanings, workflow ids, positions), so no patient identifier can reach a terminal
 * or an error file.
 */
import type { IngestReport, StatusAnswerLine } from './report';

export function statusSummaryLine(r: IngestReport): string {
  const t = r.totals;
  const parts = [`${r.transaction}: ${t.answers} answers`];
  if (r.dryRun) parts.push('dry run: nothing signaled');
  else parts.push(`${t.signaled} signaled`, `${t.duplicates} duplicates`);
  if (t.closed) parts.push(`${t.closed} for closed denials (not delivered)`);
  if (t.unmatched) parts.push(`${t.unmatched} matched no denial`);
  if (t.ambiguous) parts.push(`${t.ambiguous} matched more than one denial`);
  if (t.warnings) parts.push(`${t.warnings} warnings`);
  if (t.errors) parts.push(`${t.errors} errors`);
  return `${r.file}: ${parts.join(', ')}.${r.alreadyIngested ? ' Already ingested: nothing new.' : ''}`;
}

const OUTCOME: Record<StatusAnswerLine['delivery'], string> = {
  signaled: 'signaled',
  duplicate: 'already delivered',
  closed: 'its denial is closed, not delivered',
  unmatched: 'matched no denial',
  ambiguous: 'matched more than one denial, not delivered',
  refused: 'not delivered',
  'dry-run': 'dry run, not looked up',
};

export function statusAnswerLine(a: StatusAnswerLine): string {
  const where = [a.position.set && `set ${a.position.set}`, `segment ${a.position.segment}`].filter(Boolean).join(', ');
  const codes = a.statusCode === undefined ? a.categoryCode : `${a.categoryCode}:${a.statusCode}`;
  const denial = a.workflowId ? ` → ${a.workflowId}${a.matchedBy ? ` (by ${a.matchedBy.replaceAll('-', ' ')})` : ''}` : '';
  const reason = a.reason ? `: ${a.reason}` : '';
  return `${a.source} ${where}: ${a.classification} (${codes})${denial}, ${OUTCOME[a.delivery]}${reason}. ${a.explanation}`;
}

/** Every answer, or with `needsPerson` only those no denial got (unmatched, ambiguous, refused). */
export function statusAnswerLines(r: IngestReport, needsPerson = false): string[] {
  const answers = (r.answers ?? []).filter((a) => !needsPerson || a.delivery === 'unmatched' || a.delivery === 'ambiguous' || a.delivery === 'refused');
  if (answers.length === 0) return [];
  return [needsPerson ? 'Answers that reached no denial:' : 'Answers:', ...answers.map((a) => `  ${statusAnswerLine(a)}`)];
}
