// The corrections a person supplied on a denial (the supply-corrections task: field, line, corrected
// value) as the corrected-claim writer takes them. Fields the writer cannot put into the claim's own
// segments (place of service, rendering provider, payer, member data, free text) are returned apart, so
// the caller can say they were not applied instead of dropping them silently.
import { type Correction } from '../lifecycle/tasks';
import { type ClaimCorrections, type LineCorrection } from './corrections';

export interface MappedCorrections {
  corrections: ClaimCorrections;
  notApplied: Correction[];
}

const list = (text: string) => text.split(/[\s,:-]+/).filter(Boolean);

export function claimCorrectionsFrom(supplied: readonly Correction[]): MappedCorrections {
  const lines = new Map<number, LineCorrection>();
  const onLine = (line: number) => lines.get(line) ?? lines.set(line, { line }).get(line)!;
  const out: ClaimCorrections = {};
  const notApplied: Correction[] = [];
  for (const c of supplied) {
    const to = c.to.trim().toUpperCase();
    if (c.field === 'authorization_number') out.identifiers = { ...out.identifiers, priorAuthorization: c.to.trim() };
    else if (c.field === 'diagnosis_code') out.diagnoses = list(to).map((code) => ({ code: code.replace('.', '') }));
    else if (c.line === undefined) notApplied.push(c);
    else if (c.field === 'modifier') onLine(c.line).modifiers = list(to);
    else if (c.field === 'procedure_code') onLine(c.line).procedureCode = to;
    else if (c.field === 'units' && Number(to) > 0) onLine(c.line).units = Number(to);
    else if (c.field === 'diagnosis_pointer') onLine(c.line).diagnosisPointers = list(to).map(Number);
    else notApplied.push(c);
  }
  if (lines.size) out.lines = [...lines.values()];
  return { corrections: out, notApplied };
}
