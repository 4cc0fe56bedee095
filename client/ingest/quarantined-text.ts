/**
 * The quarantined claims of a report as lines for a person: CLP01, charge, where in the file, and why.
 * Built only from the report's claim lines (CLP01, CLP03, finding codes and messages), never from the
 * raw segments, so no patient name or member id can reach a terminal or an error file.
 */
import type { IngestReport } from './report';

export function quarantinedClaimLines(r: IngestReport): string[] {
  const quarantined = r.claims.filter((c) => c.delivery === 'quarantined');
  if (quarantined.length === 0) return [];
  return [
    `Quarantined claims (not ${r.transaction === '837' ? 'stored' : 'delivered'}):`,
    ...quarantined.map((c) => {
      const where = [c.position.set && `set ${c.position.set}`, `segment ${c.position.segment}`].filter(Boolean).join(', ');
      const why = c.why.map((w) => `${w.code}: ${w.message}`).join('; ');
      return `  ${c.clp01 || '(no CLP01)'}, charge ${c.charge || 'unreadable'}, ${where}: ${why}`;
    }),
  ];
}
