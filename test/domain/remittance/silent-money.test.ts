// Silent money: reversals, negative payments and PLB adjustments, each accounted for (issue #16, item 4).
// The corpus part reads ../shared/corpus/835 next to the repository and is skipped where it is absent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RemittanceReadEvent } from '../../../domain/remittance/model';
import { accountSilentMoney } from '../../../domain/remittance/silent-money';
import { corpusDir, readBytes, sample } from './support';

describe('silent money in the samples', () => {
  it('interest added and a recoupment taken, each with its reason and the claim it names; the payment fully explained', async () => {
    const [account] = accountSilentMoney(await readBytes(sample('denials-5010.835'), 'denials-5010.835'));
    expect(account!.items.map(({ kind, reason, cents, claimReference }) => ({ kind, reason, cents, claimReference }))).toEqual([
      { kind: 'interest', reason: 'L6', cents: -250, claimReference: 'INTEREST' },
      { kind: 'recoupment', reason: 'WO', cents: 4000, claimReference: 'ICN2025009999' },
    ]);
    expect(account!.unexplainedCents).toBe(0);
  });

  it('reversals are money taken back, a forwarded balance is what the payer still owes; the zero payment balances', async () => {
    const accounts = accountSilentMoney(await readBytes(sample('reversal-correction.835'), 'reversal-correction.835'));
    const set = accounts.find((a) => a.items.some((i) => i.kind === 'reversal'))!;
    expect(set.byKind).toEqual({ reversal: 15_000 + 7_200, forwarding_balance: -10_200 });
    expect(set.items.filter((i) => i.kind === 'reversal').map((i) => i.claimReference)).toEqual(['ICN2026000007', 'ICN2025123456']);
    expect(set.items.find((i) => i.kind === 'forwarding_balance')).toMatchObject({ claimReference: 'ICN2025123456', meaning: 'forwarding balance' });
    expect(set).toMatchObject({ paymentCents: 0, unexplainedCents: 0 });
  });
});

/** The file's PLB04 and reversal CLP04 amounts in cents, read straight from its segments, independently of the reader. */
function rawSilentCents(text: string): { plb: number; reversals: number } {
  const isa = text.slice(text.indexOf('ISA'));
  const element = isa[3]!;
  // The segment terminator follows ISA16 (one character after the 16th element separator), whatever the padding.
  let at = 0;
  for (let n = 0; n < 16; n++) at = isa.indexOf(element, at + 1);
  const terminator = isa[at + 2]!;
  const cents = (s: string | undefined) => Math.round(Number(s) * 100);
  let plb = 0;
  let reversals = 0;
  for (const raw of text.split(terminator)) {
    const seg = raw.trim().split(element);
    if (seg[0] === 'PLB') for (let i = 4; i < seg.length; i += 2) plb += cents(seg[i]);
    if (seg[0] === 'CLP' && seg[2] === '22') reversals -= cents(seg[4]);
  }
  return { plb, reversals };
}

const corpusPresent = fs.existsSync(path.join(corpusDir, 'EXPECTED.md'));
const withSilentMoney = corpusPresent
  ? fs.readdirSync(corpusDir).filter((f) => !f.endsWith('.md') && /PLB|CLP[^~]{1,40}\*22\*/.test(fs.readFileSync(path.join(corpusDir, f), 'latin1')))
  : [];

describe.skipIf(!corpusPresent)(`silent money in the 835 corpus${corpusPresent ? '' : ' — SKIPPED: ../shared/corpus/835 not found next to the repository'}`, () => {
  it('finds corpus files with PLB segments or reversals', () => {
    expect(withSilentMoney.length).toBeGreaterThanOrEqual(5);
  });

  it.each(withSilentMoney)('%s: every PLB and reversal dollar is an item, and a set is unexplained only where the reader found it out of balance', async (file) => {
    const bytes = fs.readFileSync(path.join(corpusDir, file));
    const events: RemittanceReadEvent[] = await readBytes(bytes, file);
    const accounts = accountSilentMoney(events);
    const items = accounts.flatMap((a) => a.items);
    // Quarantined records never reach the accounting; the corpus files with silent money have none in PLB or reversals.
    const quarantinedSilent = events.some((e) => e.kind === 'quarantined' && (e.record === 'provider-adjustment' || e.segments.some((s) => /^CLP[^~]*\*22\*/.test(s))));
    const raw = rawSilentCents(bytes.toString('latin1'));
    if (!quarantinedSilent) {
      expect(items.filter((i) => i.source === 'PLB').reduce((n, i) => n + i.cents, 0)).toBe(raw.plb);
      expect(items.filter((i) => i.kind === 'reversal').reduce((n, i) => n + i.cents, 0)).toBe(raw.reversals);
    }
    const verdicts = events.flatMap((e) => (e.kind === 'set-end' ? [e.summary.balanced] : []));
    accounts.forEach((a, i) => {
      if (a.unexplainedCents !== undefined && a.unexplainedCents !== 0) expect(verdicts[i], `${file} set ${a.controlNumber}`).toBe(false);
      if (verdicts[i] === true) expect(a.unexplainedCents, `${file} set ${a.controlNumber}`).toBe(0);
    });
  });
});
