import { describe, expect, it } from 'vitest';
import { prng as seeded } from '../../../bench/remittance-generator';
import { binomialUpperTail, shiftCellsOfWeek, testPayerShifts, type ClaimWeek, type CodeWeek, type ShiftCell } from '../../../domain/kpis/payer-shift';

/** A Binomial(n, p) draw by geometric skips between successes: O(np) draws, so thousands of cells per week stay fast. */
const binomial = (n: number, p: number, random: () => number) => {
  if (p <= 0) return 0;
  const logQ = Math.log1p(-p);
  let k = 0;
  for (let i = Math.floor(Math.log(1 - random()) / logQ) + 1; i <= n; i += Math.floor(Math.log(1 - random()) / logQ) + 1) k++;
  return k;
};

describe('binomial upper tail', () => {
  it('matches exact values', () => {
    // P(X ≥ 3 | 10, 0.5) = 1 − (1 + 10 + 45) / 1024
    expect(binomialUpperTail(3, 10, 0.5)).toBeCloseTo(1 - 56 / 1024, 12);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    // P(X ≥ 10 | 10, 0.1) = 1e-10
    expect(binomialUpperTail(10, 10, 0.1)).toBeCloseTo(1e-10, 20);
    // Large n stays finite and sensible: 60 of 1,000 against 5% is unusual but not absurd.
    const p = binomialUpperTail(60, 1000, 0.05);
    expect(p).toBeGreaterThan(0.05);
    expect(p).toBeLessThan(0.1);
  });
});

describe('payer-behaviour change test (binomial, Benjamini–Hochberg at 5%)', () => {
  const payers = 20;
  const carcs = ['CO-16', 'CO-50', 'CO-97', 'CO-197', 'CO-4', 'CO-18', 'CO-29', 'CO-109', 'CO-151', 'CO-236'];
  const claimsPerWeek = 400;
  const baselineWeeks = 12;
  const rateOf = (payer: number, carc: number) => 0.01 + ((payer * 7 + carc * 3) % 10) / 200; // 1%–5.5%

  function week(random: () => number, planted?: { payer: number; carc: number; rate: number }): ShiftCell[] {
    const cells: ShiftCell[] = [];
    for (let p = 0; p < payers; p++) {
      for (let c = 0; c < carcs.length; c++) {
        const base = rateOf(p, c);
        const now = planted && planted.payer === p && planted.carc === c ? planted.rate : base;
        cells.push({
          payerId: `P${p}`,
          carc: carcs[c]!,
          denials: binomial(claimsPerWeek, now, random),
          claims: claimsPerWeek,
          baselineDenials: binomial(claimsPerWeek * baselineWeeks, base, random),
          baselineClaims: claimsPerWeek * baselineWeeks,
        });
      }
    }
    return cells;
  }

  it('finds a planted shift: a payer that starts denying a code at six times its rate (1% to 6%)', () => {
    const random = seeded(16);
    let found = 0;
    for (let w = 0; w < 20; w++) {
      const findings = testPayerShifts(week(random, { payer: 3, carc: 3, rate: 6 * rateOf(3, 3) }));
      const planted = findings.find((f) => f.cell.payerId === 'P3' && f.cell.carc === 'CO-197');
      if (planted?.alert) found++;
    }
    expect(found).toBeGreaterThanOrEqual(18); // 20 of 20 with this seed
    const [top] = testPayerShifts(week(seeded(1), { payer: 3, carc: 3, rate: 6 * rateOf(3, 3) })).filter((f) => f.alert);
    expect(top!.evidence).toMatch(/^\d+ of 400 claims \([\d.]+%\) denied CO-197 this week against [\d.]+% before \(\d+ of 4800; p = /);
  });

  it('raises nothing for stable payers more often than the stated rate: under 5% of weeks with any alert', () => {
    const random = seeded(2026);
    const weeks = 300;
    let weeksWithAlert = 0;
    for (let w = 0; w < weeks; w++) if (testPayerShifts(week(random)).some((f) => f.alert)) weeksWithAlert++;
    expect(weeksWithAlert / weeks).toBeLessThanOrEqual(0.05);
  });

  it('does not test a cell with fewer denials this week than the minimum', () => {
    const cells: ShiftCell[] = [{ payerId: 'P', carc: 'CO-999', denials: 4, claims: 10, baselineDenials: 0, baselineClaims: 10_000 }];
    expect(testPayerShifts(cells)).toEqual([]);
  });
});

describe('the change test × procedure, where the volume allows', () => {
  const carcs = ['CO-16', 'CO-50', 'CO-97', 'CO-197'];
  const procedures = Array.from({ length: 20 }, (_, i) => String(99201 + i));
  const perProcedure = 60; // claims a week: 1,200 for the payer
  const baselineWeeks = 12;
  const rateOf = (payer: number, carc: number) => 0.01 + ((payer * 7 + carc * 3) % 10) / 400; // 1%–3.25%

  /** Payer-wide cells are the sums of their procedure cells, as the ledger's two rollups are. */
  function week(random: () => number, payers: number, planted?: { payer: number; carc: number; procedure: string; rate: number }): ShiftCell[] {
    const cells: ShiftCell[] = [];
    for (let p = 0; p < payers; p++) {
      for (let c = 0; c < carcs.length; c++) {
        const wide: ShiftCell = { payerId: `P${p}`, carc: carcs[c]!, denials: 0, claims: 0, baselineDenials: 0, baselineClaims: 0 };
        for (const procedure of procedures) {
          const base = rateOf(p, c);
          const now = planted && planted.payer === p && planted.carc === c && planted.procedure === procedure ? planted.rate : base;
          const cell: ShiftCell = { ...wide, procedure, denials: binomial(perProcedure, now, random), claims: perProcedure, baselineDenials: binomial(perProcedure * baselineWeeks, base, random), baselineClaims: perProcedure * baselineWeeks };
          cells.push(cell);
          wide.denials += cell.denials;
          wide.claims += cell.claims;
          wide.baselineDenials += cell.baselineDenials;
          wide.baselineClaims += cell.baselineClaims;
        }
        cells.push(wide);
      }
    }
    return cells;
  }

  it('finds a shift confined to one procedure that the payer-wide rate dilutes (1% to 20% of one procedure in twenty)', () => {
    const random = seeded(97);
    let byProcedure = 0;
    let payerWide = 0;
    for (let w = 0; w < 20; w++) {
      const findings = testPayerShifts(week(random, 10, { payer: 0, carc: 0, procedure: '99210', rate: 0.2 }));
      const wide = findings.find((f) => f.cell.payerId === 'P0' && f.cell.carc === 'CO-16' && f.cell.procedure === undefined);
      const confined = findings.find((f) => f.cell.payerId === 'P0' && f.cell.carc === 'CO-16' && f.cell.procedure === '99210');
      if (confined?.alert || wide?.procedures?.includes('99210')) byProcedure++;
      if (wide?.alert) payerWide++;
    }
    expect(byProcedure).toBeGreaterThanOrEqual(18); // 20 of 20 with this seed
    // The payer-wide cell alone would have missed it in most weeks: that is what the procedure cells are for.
    expect(payerWide).toBeLessThanOrEqual(5); // 1 of 20 with this seed
  });

  it('raises nothing for stable payers more often than the stated rate, with the procedure cells in the same control', () => {
    const random = seeded(4242);
    const weeks = 200;
    let weeksWithAlert = 0;
    let procedureCellsTested = 0;
    for (let w = 0; w < weeks; w++) {
      const findings = testPayerShifts(week(random, 10));
      procedureCellsTested += findings.filter((f) => f.cell.procedure !== undefined).length;
      if (findings.some((f) => f.alert)) weeksWithAlert++;
    }
    expect(procedureCellsTested / weeks).toBeGreaterThan(5); // the procedure cells did take part
    expect(weeksWithAlert / weeks).toBeLessThanOrEqual(0.05);
  });

  it('tests a procedure only with the volume for a rate, and names significant procedures on the payer-wide alert instead of raising them twice', () => {
    const thin: ShiftCell = { payerId: 'P', carc: 'CO-197', procedure: '97110', denials: 6, claims: 20, baselineDenials: 0, baselineClaims: 500 };
    expect(testPayerShifts([thin])).toEqual([]);
    expect(testPayerShifts([{ ...thin, claims: 30, baselineClaims: 29 }])).toEqual([]);
    const procedureCell: ShiftCell = { ...thin, claims: 40, baselineDenials: 2, baselineClaims: 480 };
    const [alone] = testPayerShifts([procedureCell]);
    expect(alone).toMatchObject({ alert: true });
    expect(alone!.evidence).toMatch(/^6 of 40 claims with 97110 \(15\.0%\) denied CO-197 this week against 0\.4% before \(2 of 480; p = /);
    const wide: ShiftCell = { payerId: 'P', carc: 'CO-197', denials: 30, claims: 400, baselineDenials: 40, baselineClaims: 4800 };
    const findings = testPayerShifts([wide, procedureCell]);
    expect(findings.find((f) => f.cell.procedure === undefined)).toMatchObject({ alert: true, procedures: ['97110'] });
    expect(findings.find((f) => f.cell.procedure === '97110')).toMatchObject({ alert: false });
  });
});

describe('the cells of a week from the ledger\'s counts', () => {
  it('compares each payer × code of the week with the same payer\'s earlier weeks, skipping payers without both', () => {
    const codes: CodeWeek[] = [
      { week: '2026-02-23', payerId: 'AETNA', code: 'CO-197', denials: 4 },
      { week: '2026-03-02', payerId: 'AETNA', code: 'CO-197', denials: 9 },
      { week: '2026-03-02', payerId: 'AETNA', code: 'CO-16', denials: 2 },
      { week: '2026-03-02', payerId: 'NEWCO', code: 'CO-4', denials: 7 },
      { week: '2026-03-09', payerId: 'AETNA', code: 'CO-197', denials: 30 },
    ];
    const claims: ClaimWeek[] = [
      { week: '2026-02-16', payerId: 'AETNA', claims: 100 },
      { week: '2026-02-23', payerId: 'AETNA', claims: 120 },
      { week: '2026-03-02', payerId: 'AETNA', claims: 150 },
      { week: '2026-03-02', payerId: 'NEWCO', claims: 70 },
    ];
    expect(shiftCellsOfWeek('2026-03-02', codes, claims)).toEqual([
      { payerId: 'AETNA', carc: 'CO-197', denials: 9, claims: 150, baselineDenials: 4, baselineClaims: 220 },
      { payerId: 'AETNA', carc: 'CO-16', denials: 2, claims: 150, baselineDenials: 0, baselineClaims: 220 },
    ]);
  });

  it('matches procedure counts only with the claims of the same procedure, and tests a code denied only before too', () => {
    const codes: CodeWeek[] = [
      { week: '2026-02-23', payerId: 'AETNA', code: 'CO-197', procedure: '97110', denials: 1 },
      { week: '2026-03-02', payerId: 'AETNA', code: 'CO-197', procedure: '97110', denials: 8 },
      { week: '2026-03-02', payerId: 'AETNA', code: 'CO-197', procedure: '99213', denials: 1 },
      { week: '2026-03-02', payerId: 'AETNA', code: 'CO-197', denials: 9 },
      { week: '2026-02-23', payerId: 'AETNA', code: 'CO-4', denials: 3 },
    ];
    const claims: ClaimWeek[] = [
      { week: '2026-02-23', payerId: 'AETNA', claims: 120 },
      { week: '2026-02-23', payerId: 'AETNA', procedure: '97110', claims: 40 },
      { week: '2026-03-02', payerId: 'AETNA', claims: 150 },
      { week: '2026-03-02', payerId: 'AETNA', procedure: '97110', claims: 45 },
      { week: '2026-03-02', payerId: 'AETNA', procedure: '99213', claims: 90 },
    ];
    expect(shiftCellsOfWeek('2026-03-02', codes, claims)).toEqual([
      { payerId: 'AETNA', carc: 'CO-197', procedure: '97110', denials: 8, claims: 45, baselineDenials: 1, baselineClaims: 40 },
      { payerId: 'AETNA', carc: 'CO-197', denials: 9, claims: 150, baselineDenials: 0, baselineClaims: 120 },
      // Counted in the false discovery control: leaving out the cells quiet this week would pick the lucky ones.
      { payerId: 'AETNA', carc: 'CO-4', denials: 0, claims: 150, baselineDenials: 3, baselineClaims: 120 },
    ]);
  });
});
