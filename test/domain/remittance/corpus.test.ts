// The reader against the real 835 corpus in ../shared/corpus/835 (next to the repository).
// EXPECTED.md is parsed here, at test time, so its tables are the single source of the expected facts.
// Without ../shared only this file's tests are skipped; the sample-based tests still run.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClaimPayment, detectDenial, type ProviderAdjustment, type RemittanceReadEvent } from '../../../domain/remittance';
import { asyncChunksOf, claimsOf, corpusDir, endOf, findingCodes, readBytes } from './support';

const corpusPresent = fs.existsSync(path.join(corpusDir, 'EXPECTED.md'));
const skipReason = corpusPresent ? '' : ' — SKIPPED: ../shared/corpus/835 (EXPECTED.md) not found next to the repository';

interface ExpectedClaim {
  row: number;
  st02: string;
  clp: [string, string, string, string];
  cas: string;
}
interface ExpectedFile {
  file: string;
  claims: ExpectedClaim[];
  plb: string[];
}

/** `## <file>` sections, `| # | ST02 | CLP01 | CLP02 | CLP03 | CLP04 | CAS |` rows, `- PLB: ...` lines. */
function parseExpected(markdown: string): ExpectedFile[] {
  const files: ExpectedFile[] = [];
  let current: ExpectedFile | undefined;
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^## (\S+)$/.exec(line);
    if (heading?.[1]) {
      current = { file: heading[1], claims: [], plb: [] };
      files.push(current);
      continue;
    }
    if (current === undefined) continue;
    if (line.startsWith('|')) {
      const cells = line.slice(1, -1).split('|').map((c) => c.trim());
      if (cells.length !== 7 || !/^\d+$/.test(cells[0] ?? '')) continue; // header and separator rows
      const [row, st02, clp01, clp02, clp03, clp04, cas] = cells as [string, string, string, string, string, string, string];
      current.claims.push({ row: Number(row), st02, clp: [clp01, clp02, clp03, clp04], cas });
    } else if (line.startsWith('- PLB: ')) {
      current.plb.push(line.slice('- PLB: '.length));
    }
  }
  return files;
}

/** Our claim in EXPECTED.md's CAS notation: `C:` claim level, `S<n>:` n-th service line, one entry per triple. */
function casNotation(claim: ClaimPayment): string {
  const entries = claim.adjustments.map((a) => `C:${a.group}-${a.reason}-${a.amount.text}`);
  for (const line of claim.serviceLines) for (const a of line.adjustments) entries.push(`S${line.number}:${a.group}-${a.reason}-${a.amount.text}`);
  return entries.length === 0 ? '-' : entries.join('; ');
}

function plbNotation(plb: ProviderAdjustment): string[] {
  return plb.adjustments.map((a) => `${plb.providerId} | ${plb.fiscalPeriodDate} | ${a.reason}${a.reference === undefined ? '' : `:${a.reference}`} | ${a.amount.text}`);
}

const corpusFiles = corpusPresent ? fs.readdirSync(corpusDir).filter((f) => !f.endsWith('.md')).sort() : [];
const expectedFiles = corpusPresent ? parseExpected(fs.readFileSync(path.join(corpusDir, 'EXPECTED.md'), 'utf8')) : [];
const readCorpus = (file: string, chunkSize?: number) => readBytes(fs.readFileSync(path.join(corpusDir, file)), file, chunkSize);

describe.skipIf(!corpusPresent)(`835 corpus${skipReason}`, () => {
  it('has files and an EXPECTED.md with tables for six of them', () => {
    expect(corpusFiles.length).toBeGreaterThanOrEqual(20);
    expect(expectedFiles.map((f) => f.file)).toHaveLength(6);
    for (const f of expectedFiles) {
      expect(f.claims.length, f.file).toBeGreaterThan(0);
      expect(f.claims.map((c) => c.row)).toEqual(f.claims.map((_, i) => i + 1));
    }
  });

  it.each(corpusFiles)('%s reads without throwing and is accepted', async (file) => {
    const events = await readCorpus(file);
    const end = endOf(events);
    expect(end.verdict, JSON.stringify(end.rejection)).toBe('accepted');
    expect(end.counts.sets835).toBeGreaterThan(0);
    for (const c of claimsOf(events)) expect(detectDenial(c.claim, c.context).reasons.length).toBeGreaterThan(0);
  });

  it.each(corpusFiles)('%s reads the same in 7-byte chunks', async (file) => {
    const bytes = fs.readFileSync(path.join(corpusDir, file));
    expect(await readBytes(bytes, file, 7)).toEqual(await readBytes(bytes, file));
  });

  it.each(corpusFiles.filter((f) => fs.statSync(path.join(corpusDir, f)).size < 40_000))('%s reads the same in 1-byte chunks', async (file) => {
    const bytes = fs.readFileSync(path.join(corpusDir, file));
    expect(await readBytes(bytes, file, 1)).toEqual(await readBytes(bytes, file));
  });

  describe('EXPECTED.md', () => {
    it.each(expectedFiles.map((f) => [f.file, f] as const))('%s: every row (ST02, CLP01..CLP04 verbatim, CAS) and every PLB line', async (_name, expected) => {
      const events = await readCorpus(expected.file);
      const claims = claimsOf(events);
      const actual = claims.map((c, i) => ({
        row: i + 1,
        st02: c.context.transaction.controlNumber,
        clp: [c.claim.patientControlNumber, c.claim.status, c.claim.charge.text, c.claim.payment.text],
        cas: casNotation(c.claim),
      }));
      expect(actual).toEqual(expected.claims);
      const plb = events.flatMap((e) => (e.kind === 'provider-adjustment' ? plbNotation(e.adjustment) : []));
      expect(plb).toEqual(expected.plb);
    });
  });

  describe('facts stated in EXPECTED.md notes', () => {
    const outcomes = (events: RemittanceReadEvent[]) => claimsOf(events).map((c) => [c.claim.patientControlNumber, detectDenial(c.claim, c.context).outcome]);

    it('Nevada Medicaid: padding-free ISA, IEA02 ≠ ISA13 is a warning, a set with only a PLB balances', async () => {
      const events = await readCorpus('affect-edi835__nevada_medicaid.txt');
      expect(findingCodes(events)).toEqual(['interchange-control-mismatch']);
      expect(events.filter((e) => e.kind === 'set-end').map((e) => e.kind === 'set-end' && e.summary.balanced)).toEqual([true, true, true]);
      // 77777778 is zero-paid under status 2 with OA-176: a de-facto denial, as the notes warn.
      expect(outcomes(events)).toEqual([
        ['77777777', 'denial'],
        ['77777778', 'denial'],
        ['77777779', 'denial'],
      ]);
    });

    it('pyx12 835_simple: reversal + correction, and BPR02 out of balance', async () => {
      const events = await readCorpus('pyx12__835_simple.txt');
      expect(findingCodes(events)).toEqual(['payment-out-of-balance']);
      expect(outcomes(events)).toEqual([
        ['123839-24635', 'reversal'],
        ['123839-24635', 'payment'],
        ['134158-27488', 'reversal'],
      ]);
    });

    it('Example1 (BOM, CRLF, indentation, 4010): out of balance by the PLB; status 25 is not final', async () => {
      const events = await readCorpus('oopfactory__Example1_GripElements.txt', 5);
      expect(findingCodes(events)).toEqual(['payment-out-of-balance']);
      expect(outcomes(events)).toEqual([
        ['444444', 'payment'],
        ['999999', 'denial'],
        ['888888', 'denial'],
        ['111111', 'payment'],
        ['121212', 'denial'],
        ['333333', 'payment'],
        ['777777', 'not-final'],
        ['123456', 'reversal'],
        ['090909', 'reversal'],
      ]);
    });

    it('eMedNY: CLP01 is not unique; a zero-paid status-2 claim with CO-29 is a denial; CO-251 lines make a partial one', async () => {
      const events = await readCorpus('edi835parser__emedny_sample.txt');
      expect(findingCodes(events)).toEqual([]);
      expect(new Set(claimsOf(events).map((c) => c.claim.payerClaimControlNumber)).size).toBe(3);
      expect(outcomes(events).map(([, o]) => o)).toEqual(['payment', 'denial', 'denial']);
    });

    it('TigerShark example 1: component separator | from ISA16; EDI DENIED is a denial despite status 1', async () => {
      const events = await readCorpus('tigershark__5010-835-example-1.txt');
      const first = claimsOf(events)[0];
      expect(first?.context.interchange?.delimiters.component).toBe('|');
      expect(first?.claim.serviceLines[0]?.procedure.qualifier).toBe('AD');
      expect(outcomes(events)).toEqual([
        ['PRECERTIFICATION', 'not-final'],
        ['EDI PAID', 'payment'],
        ['EDI DENIED', 'denial'],
      ]);
    });

    it('headless files infer the component separator (affect exhaustive sample uses >)', async () => {
      const events = await readCorpus('affect-edi835__exhaustive_sample.txt');
      const plb = events.find((e) => e.kind === 'provider-adjustment');
      expect(plb?.kind === 'provider-adjustment' && plb.adjustment.adjustments[0]).toMatchObject({ reason: 'GO', reference: 'XXXX' });
      expect(claimsOf(events)[0]?.claim.serviceLines[0]?.originalProcedure).toMatchObject({ qualifier: 'HC', code: 'XXXX', modifiers: ['XX', 'XX', 'XX', 'XX'], description: 'XXXXX' });
    });

    it('several interchanges in one file (oopfactory) and mixed set types (pyx12 mult_isa)', async () => {
      expect(endOf(await readCorpus('oopfactory__835_WithMultipleInterchanges.txt'))).toMatchObject({ counts: { interchanges: 3, sets835: 3, claims: 56 } });
      const mixed = await readCorpus('pyx12__mult_isa.txt');
      expect(endOf(mixed)).toMatchObject({ verdict: 'accepted', counts: { interchanges: 2, sets835: 2, setsSkipped: 8 } });
    });

    it('a big file streams in small chunks with the same result', async () => {
      const file = 'tastypackets__profee-multiple.edi';
      const bytes = fs.readFileSync(path.join(corpusDir, file));
      const events: RemittanceReadEvent[] = [];
      const { readRemittance } = await import('../../../domain/remittance');
      for await (const e of readRemittance(asyncChunksOf(bytes, 333), file)) events.push(e);
      expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { interchanges: 156, claims: 468 } });
    });
  });
});
