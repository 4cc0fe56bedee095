/**
 * Payer-behaviour change test (issue #16, item 5): has a payer started denying a code it used to pay?
 *
 * Method. For each payer × CARC (a "cell"), this week's denials with that CARC (k) out of the payer's
 * claims adjudicated this week (n) are compared with the same payer's previous weeks (K out of N). If
 * nothing changed, each of the k + K denials fell in this week with probability π = n / (n + N), so
 * k | k + K is Binomial(k + K, π): the conditional test for two rates, exact whatever the baseline, with
 * no rate assumed known. The one-sided p-value is P(X ≥ k). All cells tested in a week are then held to
 * a false discovery rate of q (Benjamini–Hochberg, 5% by default): among the alerts raised, at most q
 * are expected to be false, and when no payer changed, the chance of any alert in a week is at most q.
 * A cell needs at least `minDenials` this week to be tested at all, so a single odd claim never raises one.
 */

export interface ShiftCell {
  payerId: string;
  carc: string;
  /** This week: denials with the CARC, of the payer's claims adjudicated. */
  denials: number;
  claims: number;
  /** The payer's earlier weeks, summed. */
  baselineDenials: number;
  baselineClaims: number;
}

export interface ShiftTestOptions {
  /** False discovery rate held across the week's cells. */
  fdr: number;
  /** Fewest denials this week for a cell to be tested. */
  minDenials: number;
}

export const DEFAULT_SHIFT_TEST: ShiftTestOptions = { fdr: 0.05, minDenials: 5 };

export interface ShiftFinding {
  cell: ShiftCell;
  rate: number;
  baselineRate: number;
  pValue: number;
  /** Significant after the false discovery control. */
  alert: boolean;
  /** One sentence with the evidence: "18 of 240 claims (7.5%) denied CO-197 this week against 0.9% over 12 weeks (p = 1.2e-9)". */
  evidence: string;
}

/** log Γ(x) by Lanczos (g = 7, n = 9): accurate to about 15 digits for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space from k up. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logChoose = (i: number) => logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1);
  let logPmf = logChoose(k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(logPmf);
    sum += term;
    if (term < sum * 1e-16 && i > n * p) break;
    logPmf += Math.log(n - i) - Math.log(i + 1) + Math.log(p) - Math.log1p(-p);
  }
  return Math.min(1, sum);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Tests every cell with enough denials this week; alerts are those significant at the false discovery rate. */
export function testPayerShifts(cells: readonly ShiftCell[], opts: ShiftTestOptions = DEFAULT_SHIFT_TEST): ShiftFinding[] {
  const tested = cells
    .filter((c) => c.denials >= opts.minDenials && c.claims > 0)
    .map((cell) => {
      const baselineRate = cell.baselineClaims > 0 ? cell.baselineDenials / cell.baselineClaims : 0;
      const share = cell.claims / (cell.claims + cell.baselineClaims);
      return { cell, rate: cell.denials / cell.claims, baselineRate, pValue: binomialUpperTail(cell.denials, cell.denials + cell.baselineDenials, share) };
    });
  // Benjamini–Hochberg: the largest rank r with p(r) ≤ r/m × q; every cell up to it is an alert.
  const ranked = [...tested].sort((a, b) => a.pValue - b.pValue);
  const m = ranked.length;
  let cutoff = -1;
  ranked.forEach((t, i) => {
    if (t.pValue <= ((i + 1) / m) * opts.fdr) cutoff = i;
  });
  const alerts = new Set(ranked.slice(0, cutoff + 1));
  return ranked.map((t) => ({
    ...t,
    alert: alerts.has(t),
    evidence: `${t.cell.denials} of ${t.cell.claims} claims (${pct(t.rate)}) denied ${t.cell.carc} this week against ${pct(t.baselineRate)} before (${t.cell.baselineDenials} of ${t.cell.baselineClaims}; p = ${t.pValue.toPrecision(2)})`,
  }));
}

/** Denials of a payer with one adjustment code (group-CARC) in one week (its Monday), as the ledger counts them. */
export interface CodeWeek {
  week: string;
  payerId: string;
  code: string;
  denials: number;
}

/** Claims a payer adjudicated in one week (its Monday): the denominator. */
export interface ClaimWeek {
  week: string;
  payerId: string;
  claims: number;
}

/**
 * The cells of `week` against the payer's earlier weeks in `codeWeeks` and `claimWeeks` (the caller picks
 * how many): every payer × code denied this week, whose payer adjudicated claims this week and before.
 */
export function shiftCellsOfWeek(week: string, codeWeeks: readonly CodeWeek[], claimWeeks: readonly ClaimWeek[]): ShiftCell[] {
  // One pass over each list: the dashboard asks this of every payer and code of a quarter on each load.
  const claims = new Map<string, { now: number; before: number }>();
  for (const c of claimWeeks) {
    if (c.week > week) continue;
    const sums = claims.get(c.payerId) ?? { now: 0, before: 0 };
    if (c.week === week) sums.now += c.claims;
    else sums.before += c.claims;
    claims.set(c.payerId, sums);
  }
  const baseline = new Map<string, number>();
  for (const c of codeWeeks) if (c.week < week) baseline.set(`${c.payerId}\0${c.code}`, (baseline.get(`${c.payerId}\0${c.code}`) ?? 0) + c.denials);
  const cells: ShiftCell[] = [];
  for (const now of codeWeeks) {
    const payer = claims.get(now.payerId);
    if (now.week !== week || !payer?.now || !payer.before) continue;
    cells.push({ payerId: now.payerId, carc: now.code, denials: now.denials, claims: payer.now, baselineDenials: baseline.get(`${now.payerId}\0${now.code}`) ?? 0, baselineClaims: payer.before });
  }
  return cells;
}
