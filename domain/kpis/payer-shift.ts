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
 * Which cells are tested must not depend on how their denials split between this week and before, or the
 * control is void: testing only cells with many denials this week picks the lucky ones (in a simulation of
 * stable payers with small procedure cells, a quarter of weeks raised a false alert that way). So a cell is
 * tested, and counted in the control, when it had at least `minDenials` over this week and its baseline
 * together (the total the conditional test is conditioned on: an independent filter), also when it had none
 * this week; and it raises an alert only with at least `minDenials` this week, so a single odd claim never does.
 *
 * Procedures. Where the volume allows, the same test runs for payer × CARC × procedure: k of the payer's
 * claims with the procedure this week against K of N before, the claims being those with a service line of
 * that procedure code. A shift confined to one procedure is diluted in the payer's whole volume (10% of one
 * procedure's claims may be 0.5% of all); its own cell finds it. The volume allows when the procedure had at
 * least `minProcedureClaims` claims this week and as many before, so a rate is a rate and not an anecdote.
 * Procedure cells join the same false discovery control as the payer-wide ones (more cells tested, a stricter
 * bar for each). A procedure's alert whose payer × CARC also alerted is not raised a second time: it is
 * named on the payer-wide finding (`procedures`), where the supervisor sees where the shift sits.
 */

export interface ShiftCell {
  payerId: string;
  carc: string;
  /** The procedure code the cell is confined to; none for the payer's whole volume. */
  procedure?: string;
  /** This week: denials with the CARC, of the payer's claims adjudicated (with the procedure, if any). */
  denials: number;
  claims: number;
  /** The payer's earlier weeks, summed. */
  baselineDenials: number;
  baselineClaims: number;
}

export interface ShiftTestOptions {
  /** False discovery rate held across the week's cells. */
  fdr: number;
  /** Fewest denials for a cell to be tested (this week and before together) and to alert (this week). */
  minDenials: number;
  /** Fewest claims with a procedure, this week and before, for its procedure cells to be tested. */
  minProcedureClaims: number;
}

export const DEFAULT_SHIFT_TEST: ShiftTestOptions = { fdr: 0.05, minDenials: 5, minProcedureClaims: 30 };

export interface ShiftFinding {
  cell: ShiftCell;
  rate: number;
  baselineRate: number;
  pValue: number;
  /** Significant after the false discovery control (and, for a procedure cell, not already raised payer-wide). */
  alert: boolean;
  /** On a payer-wide alert: the procedures whose own cells were significant too, most significant first. */
  procedures?: string[];
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

/** How people read a cell: "AETNA CO-197", or "AETNA CO-197 on 97110" for a procedure's. */
export function cellName(c: { payerId: string; code: string; procedure?: string | undefined }): string {
  return `${c.payerId} ${c.code}${c.procedure ? ` on ${c.procedure}` : ''}`;
}

const cellKey = (c: Pick<ShiftCell, 'payerId' | 'carc'>) => `${c.payerId}\0${c.carc}`;

/** Whether a cell has the volume to be tested: enough denials, and for a procedure enough claims both now and before. */
function testable(c: ShiftCell, opts: ShiftTestOptions): boolean {
  if (c.denials + c.baselineDenials < opts.minDenials || c.claims <= 0) return false;
  return c.procedure === undefined || (c.claims >= opts.minProcedureClaims && c.baselineClaims >= opts.minProcedureClaims);
}

/** Tests every cell with the volume for it; alerts are those significant at the false discovery rate. */
export function testPayerShifts(cells: readonly ShiftCell[], opts: ShiftTestOptions = DEFAULT_SHIFT_TEST): ShiftFinding[] {
  const tested = cells
    .filter((c) => testable(c, opts))
    .map((cell) => {
      const baselineRate = cell.baselineClaims > 0 ? cell.baselineDenials / cell.baselineClaims : 0;
      const share = cell.claims / (cell.claims + cell.baselineClaims);
      return { cell, rate: cell.denials / cell.claims, baselineRate, pValue: binomialUpperTail(cell.denials, cell.denials + cell.baselineDenials, share) };
    });
  // Benjamini–Hochberg: the largest rank r with p(r) ≤ r/m × q; every cell up to it is significant.
  const ranked = [...tested].sort((a, b) => a.pValue - b.pValue);
  const m = ranked.length;
  let cutoff = -1;
  ranked.forEach((t, i) => {
    if (t.pValue <= ((i + 1) / m) * opts.fdr) cutoff = i;
  });
  const significant = new Set(ranked.slice(0, cutoff + 1).filter((t) => t.cell.denials >= opts.minDenials));
  // Each payer-wide alert, with the procedures significant beside it: named on it, not raised again.
  const named = new Map([...significant].filter((t) => t.cell.procedure === undefined).map((t) => [cellKey(t.cell), [] as string[]]));
  for (const t of ranked) if (t.cell.procedure !== undefined && significant.has(t)) named.get(cellKey(t.cell))?.push(t.cell.procedure);
  return ranked.map((t) => {
    const procedures = t.cell.procedure === undefined ? named.get(cellKey(t.cell)) : undefined;
    return {
      ...t,
      alert: significant.has(t) && (t.cell.procedure === undefined || !named.has(cellKey(t.cell))),
      ...(procedures?.length ? { procedures } : {}),
      evidence:
        `${t.cell.denials} of ${t.cell.claims} claims${t.cell.procedure ? ` with ${t.cell.procedure}` : ''} (${pct(t.rate)}) denied ${t.cell.carc} this week against ${pct(t.baselineRate)} before (${t.cell.baselineDenials} of ${t.cell.baselineClaims}; p = ${t.pValue.toPrecision(2)})` +
        (procedures?.length ? `; most marked on ${procedures.slice(0, 5).join(', ')}${procedures.length > 5 ? ` and ${procedures.length - 5} more` : ''}` : ''),
    };
  });
}

/** Denials of a payer with one adjustment code (group-CARC) in one week (its Monday), as the ledger counts them; with a procedure, those of its claims with that procedure. */
export interface CodeWeek {
  week: string;
  payerId: string;
  code: string;
  procedure?: string;
  denials: number;
}

/** Claims a payer adjudicated in one week (its Monday): the denominator; with a procedure, its claims with that procedure. */
export interface ClaimWeek {
  week: string;
  payerId: string;
  procedure?: string;
  claims: number;
}

/**
 * The cells of `week` against the payer's earlier weeks in `codeWeeks` and `claimWeeks` (the caller picks
 * how many): every payer × code (× procedure) denied this week or before, whose payer (procedure) had
 * claims adjudicated this week and before. Procedure counts match only the claim counts of the same procedure.
 */
export function shiftCellsOfWeek(week: string, codeWeeks: readonly CodeWeek[], claimWeeks: readonly ClaimWeek[]): ShiftCell[] {
  // One pass over each list: the dashboard asks this of every payer and code of a quarter on each load.
  const volume = (c: { payerId: string; procedure?: string }) => `${c.payerId}\0${c.procedure ?? ''}`;
  const claims = new Map<string, { now: number; before: number }>();
  for (const c of claimWeeks) {
    if (c.week > week) continue;
    const sums = claims.get(volume(c)) ?? { now: 0, before: 0 };
    if (c.week === week) sums.now += c.claims;
    else sums.before += c.claims;
    claims.set(volume(c), sums);
  }
  const cellOf = (c: CodeWeek) => `${volume(c)}\0${c.code}`;
  // Every cell denied this week or before: one denied only before is a test too (of a rate that fell).
  const cells = new Map<string, ShiftCell>();
  for (const c of codeWeeks) {
    const sums = claims.get(volume(c));
    if (c.week > week || !sums?.now || !sums.before) continue;
    const cell = cells.get(cellOf(c)) ?? { payerId: c.payerId, carc: c.code, ...(c.procedure === undefined ? {} : { procedure: c.procedure }), denials: 0, claims: sums.now, baselineDenials: 0, baselineClaims: sums.before };
    if (c.week === week) cell.denials += c.denials;
    else cell.baselineDenials += c.denials;
    cells.set(cellOf(c), cell);
  }
  return [...cells.values()];
}
