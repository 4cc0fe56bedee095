/**
 * Writes a large, balanced, made-up X12 835 for the intake benchmark, streaming: one transaction set's
 * claim amounts are computed first (BPR02 needs their sum), then its segments are written in pieces with
 * back-pressure, so memory holds one set's amounts and one write buffer, never the file.
 *
 * The claim mix repeats every 20 claims (so a reversal and its correction never straddle two sets):
 *   3 full denials   CLP02 4, every line CO-50 (MOA/LQ N115), CO-97 (M15), CO-16 (MA130/M51) or CO-29 (N211)
 *   1 partial denial  CLP02 1, paid, with one line denied CO-97 (M15)
 *   1 reversal pair   CLP02 22 with negated amounts, then the corrected claim (CLP02 1, CLP09 7), same CLP07
 *  14 paid claims     CO-45 contractual write-off, PR-1 deductible and PR-2 coinsurance
 * Everything balances: SVC02 − Σ line CAS = SVC03, CLP03 − Σ CAS = CLP04 (all CAS are line level),
 * CLP05 = Σ PR, BPR02 = Σ CLP04 of the set (no PLB). SE01, GE01 and IEA01 are counted, control numbers match.
 */
import fs from 'node:fs';

export interface GeneratorOptions {
  claims: number;
  linesPerClaim: number;
  claimsPerSet: number;
  /** PRNG seed: the same options give the same file. */
  seed?: number;
  /**
   * BPR16, YYYY-MM-DD (default 2026-03-02). Service dates fall 60 to 33 days before it and receipt dates 29
   * to 2 days before it, so a recent date gives denials whose deadlines still run.
   */
  remitDate?: string;
}

export interface GeneratedRemittance {
  file: string;
  bytes: number;
  claims: number;
  sets: number;
  segments: number;
  serviceLines: number;
  /** What detection should find: full + partial denials start workflows; reversals and corrections do not. */
  expected: { fullDenials: number; partialDenials: number; denials: number; reversals: number; corrections: number; paid: number };
}

const CYCLE = 20;
const FULL_DENIAL = new Set([2, 9, 15]);
const PARTIAL_DENIAL = 6;
const REVERSAL = 12; // followed by its correction at 13

const DENIALS: { reason: string; remark: string; claimRemark?: string }[] = [
  { reason: '50', remark: 'N115', claimRemark: 'N115' },
  { reason: '97', remark: 'M15' },
  { reason: '16', remark: 'M51', claimRemark: 'MA130' },
  { reason: '29', remark: 'N211' },
];

const PROCEDURES: { code: string; cents: number }[] = [
  { code: '99213', cents: 15000 },
  { code: '99214', cents: 22000 },
  { code: '99215', cents: 31000 },
  { code: '97110:GP', cents: 12500 },
  { code: '36415', cents: 2500 },
  { code: '80053', cents: 6800 },
  { code: '85025', cents: 4200 },
  { code: '93000', cents: 9500 },
  { code: '71046:26', cents: 18000 },
  { code: '99203:25', cents: 26000 },
];

const PAYERS: [name: string, id: string][] = [
  ['ACME HEALTH PLAN', 'ACME01'],
  ['MEDICARE PART B', '04412'],
  ['BLUE RIVER MUTUAL', 'BRM330'],
];
const LAST = ['DOE', 'ROE', 'POE', 'MOE', 'SMITH', 'JONES', 'GARCIA', 'NGUYEN', 'KOWALSKI', 'OKAFOR'];
const FIRST = ['JANE', 'JOHN', 'PAT', 'RITA', 'CASEY', 'ALEX', 'MARIA', 'WEI', 'ANNA', 'TUNDE'];

/** mulberry32: small, fast, deterministic (also the fuzzer's source of mutations, test/fuzz). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cents as an X12 decimal: 12345 → "123.45", 12300 → "123", -50 → "-0.50". */
function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const rest = abs % 100;
  return rest === 0 ? `${sign}${whole}` : `${sign}${whole}.${rest < 10 ? '0' : ''}${rest}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface Line {
  procedure: string;
  charge: number;
  paid: number;
  co: { reason: string; cents: number } | undefined;
  deductible: number;
  coinsurance: number;
  allowed: number;
  remark: string | undefined;
}

type Kind = 'denied' | 'partial' | 'reversal' | 'correction' | 'paid';

interface Claim {
  index: number;
  kind: Kind;
  /** Position in the CYCLE: reversal and correction share their CLP07. */
  icn: string;
  lines: Line[];
  charge: number;
  paid: number;
  patient: number;
  claimRemark: string | undefined;
  serviceDate: string;
  receivedDate: string;
}

function kindAt(i: number): Kind {
  const k = i % CYCLE;
  if (FULL_DENIAL.has(k)) return 'denied';
  if (k === PARTIAL_DENIAL) return 'partial';
  if (k === REVERSAL) return 'reversal';
  if (k === REVERSAL + 1) return 'correction';
  return 'paid';
}

function paidLine(procedure: { code: string; cents: number }, rand: () => number, deductible: boolean): Line {
  const charge = Math.round(procedure.cents * (0.9 + rand() * 0.3));
  const allowed = Math.round(charge * (0.55 + rand() * 0.3));
  const ded = deductible ? Math.min(allowed, 5000) : 0;
  const coinsurance = Math.round((allowed - ded) * 0.2);
  return {
    procedure: procedure.code,
    charge,
    allowed,
    paid: allowed - ded - coinsurance,
    co: charge - allowed > 0 ? { reason: '45', cents: charge - allowed } : undefined,
    deductible: ded,
    coinsurance,
    remark: undefined,
  };
}

function deniedLine(procedure: { code: string; cents: number }, rand: () => number, reason: string, remark: string): Line {
  const charge = Math.round(procedure.cents * (0.9 + rand() * 0.3));
  return { procedure: procedure.code, charge, allowed: 0, paid: 0, co: { reason, cents: charge }, deductible: 0, coinsurance: 0, remark };
}

const DEFAULT_REMIT_DATE = '2026-03-02';

/** YYYY-MM-DD plus `days` as the YYYYMMDD of X12. */
function x12Date(iso: string, days: number): string {
  const d = new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000);
  if (Number.isNaN(d.getTime())) throw new Error(`remitDate must be YYYY-MM-DD (got "${iso}")`);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

function claimAt(i: number, linesPerClaim: number, seed: number, remitDate: string): Claim {
  // A PRNG per claim (seeded by its index) so a reversal's correction can re-create the same lines.
  const kind = kindAt(i);
  const basis = kind === 'correction' ? i - 1 : i;
  const rand = prng(seed * 7919 + basis * 104729);
  const denial = DENIALS[Math.floor(basis / CYCLE + basis) % DENIALS.length] as (typeof DENIALS)[number];
  const lines: Line[] = [];
  const deductibleClaim = basis % 7 === 0;
  for (let n = 0; n < linesPerClaim; n++) {
    const procedure = PROCEDURES[Math.floor(rand() * PROCEDURES.length)] as (typeof PROCEDURES)[number];
    if (kind === 'denied') lines.push(deniedLine(procedure, rand, denial.reason, denial.remark));
    else if (kind === 'partial' && n === 2) lines.push(deniedLine(procedure, rand, '97', 'M15'));
    else lines.push(paidLine(procedure, rand, deductibleClaim && n === 0));
  }
  if (kind === 'reversal') {
    for (const l of lines) {
      l.charge = -l.charge;
      l.paid = -l.paid;
      l.allowed = -l.allowed;
      l.deductible = -l.deductible;
      l.coinsurance = -l.coinsurance;
      if (l.co) l.co = { reason: l.co.reason, cents: -l.co.cents };
    }
  }
  let charge = 0;
  let paid = 0;
  let patient = 0;
  for (const l of lines) {
    charge += l.charge;
    paid += l.paid;
    patient += l.deductible + l.coinsurance;
  }
  const day = basis % 28;
  return {
    index: i,
    kind,
    icn: kind === 'reversal' || kind === 'correction' ? `R${pad(basis, 12)}` : `${pad(2026_000_000_000 + i, 13)}`,
    lines,
    charge,
    paid,
    patient,
    claimRemark: kind === 'denied' ? denial.claimRemark : undefined,
    serviceDate: x12Date(remitDate, day - 60),
    receivedDate: x12Date(remitDate, day - 29),
  };
}

/** Appends a claim's segments to `out`; returns the number of segments. */
function renderClaim(c: Claim, out: string[]): number {
  const start = out.length;
  const status = c.kind === 'denied' ? '4' : c.kind === 'reversal' ? '22' : '1';
  const frequency = c.kind === 'correction' ? '7' : '1';
  const who = c.kind === 'correction' ? c.index - 1 : c.index;
  const last = LAST[who % LAST.length] as string;
  const first = FIRST[Math.floor(who / LAST.length) % FIRST.length] as string;
  const pcn = `PCN${pad(who, 7)}`;
  out.push(`CLP*${pcn}*${status}*${money(c.charge)}*${money(c.paid)}*${c.patient === 0 ? '' : money(c.patient)}*12*${c.icn}*11*${frequency}~\n`);
  out.push(`NM1*QC*1*${last}*${first}****MI*XJ${pad(who, 8)}~\n`);
  out.push(`NM1*82*1*CARE*CASEY****XX*1234567893~\n`);
  if (c.claimRemark !== undefined) out.push(`MOA***${c.claimRemark}~\n`);
  out.push(`REF*EA*MRN${pad(who, 8)}~\n`);
  out.push(`DTM*232*${c.serviceDate}~\n`, `DTM*233*${c.serviceDate}~\n`, `DTM*050*${c.receivedDate}~\n`);
  if (c.kind !== 'reversal') out.push(`AMT*AU*${money(c.charge)}~\n`);
  c.lines.forEach((l, n) => {
    const units = c.kind === 'reversal' ? '-1' : '1';
    out.push(`SVC*HC:${l.procedure}*${money(l.charge)}*${money(l.paid)}**${units}~\n`);
    out.push(`DTM*472*${c.serviceDate}~\n`);
    if (l.co) out.push(`CAS*CO*${l.co.reason}*${money(l.co.cents)}~\n`);
    if (l.deductible !== 0 && l.coinsurance !== 0) out.push(`CAS*PR*1*${money(l.deductible)}**2*${money(l.coinsurance)}~\n`);
    else if (l.deductible !== 0) out.push(`CAS*PR*1*${money(l.deductible)}~\n`);
    else if (l.coinsurance !== 0) out.push(`CAS*PR*2*${money(l.coinsurance)}~\n`);
    out.push(`REF*6R*${pad(who, 7)}-${n + 1}~\n`, `REF*LU*11~\n`);
    if (l.allowed !== 0) out.push(`AMT*B6*${money(l.allowed)}~\n`);
    if (l.remark !== undefined) out.push(`LQ*HE*${l.remark}~\n`);
  });
  return out.length - start;
}

interface Envelope {
  /** ISA13 (nine digits) and GS06. */
  interchange: string;
  group: string;
  /** YYYYMMDD: BPR16, DTM*405, the trace number and the envelope dates. */
  remitDate: string;
}

/** One transaction set: its payer and its claims. */
interface SetOf {
  payer: [name: string, id: string];
  claims: Claim[];
}

/**
 * Streams an interchange of `sets` to `file` with back-pressure; `sets` is consumed one set at a time, so
 * memory holds one set's claims and one write buffer. Resolves with the segment count once the file is closed.
 */
async function writeInterchange(file: string, envelope: Envelope, sets: Iterable<SetOf>): Promise<{ sets: number; segments: number }> {
  const stream = fs.createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => {
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  let pending: string[] = [];
  let pendingChars = 0;
  const write = async (force = false) => {
    if (pendingChars < 256 * 1024 && !force) return;
    const text = pending.join('');
    pending = [];
    pendingChars = 0;
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  const push = async (...segments: string[]) => {
    for (const s of segments) {
      pending.push(s);
      pendingChars += s.length;
    }
    await write();
  };

  const { interchange, group, remitDate } = envelope;
  let segments = 0;
  let count = 0;
  await push(
    `ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*SUNRISECLINIC  *${remitDate.slice(2)}*0930*^*00501*${interchange}*0*P*:~\n`,
    `GS*HP*CLEARINGHOUSE*SUNRISECLINIC*${remitDate}*0930*${group}*X*005010X221A1~\n`,
  );
  segments += 2;
  for (const { payer, claims } of sets) {
    const control = pad(++count, 4);
    const [payerName, payerId] = payer;
    const total = claims.reduce((n, c) => n + c.paid, 0);
    const header = [
      `ST*835*${control}*005010X221A1~\n`,
      total > 0
        ? `BPR*I*${money(total)}*C*ACH*CCP*01*011000015*DA*000123456789*1512345678**01*021000021*DA*000987654321*${remitDate}~\n`
        : `BPR*H*${money(total)}*C*NON************${remitDate}~\n`,
      `TRN*1*EFT${remitDate}${control}*1512345678~\n`,
      `REF*EV*SUNRISECLINIC~\n`,
      `DTM*405*${remitDate}~\n`,
      `N1*PR*${payerName}*XV*${payerId}~\n`,
      `N3*PO BOX 1000~\n`,
      `N4*SPRINGFIELD*IL*62701~\n`,
      `REF*2U*${payerId}~\n`,
      `PER*CX*PROVIDER SERVICES*TE*8005550100~\n`,
      `PER*BL*EDI SUPPORT*TE*8005550101*EM*EDI@PAYER.EXAMPLE~\n`,
      `N1*PE*SUNRISE FAMILY CLINIC*XX*1234567893~\n`,
      `N3*200 MAIN ST~\n`,
      `N4*SPRINGFIELD*IL*62704~\n`,
      `REF*TJ*371234567~\n`,
      `LX*1~\n`,
    ];
    let inSet = header.length;
    await push(...header);
    for (const c of claims) {
      const out: string[] = [];
      inSet += renderClaim(c, out);
      await push(...out);
    }
    inSet += 1;
    await push(`SE*${inSet}*${control}~\n`);
    segments += inSet;
  }
  await push(`GE*${count}*${group}~\n`, `IEA*1*${interchange}~\n`);
  segments += 2;
  await write(true);
  stream.end();
  await closed;
  return { sets: count, segments };
}

/** The payer of claim `i`: the sets take the payers in turn. */
const payerOf = (i: number, claimsPerSet: number) => PAYERS[Math.floor(i / claimsPerSet) % PAYERS.length] as [string, string];

/** Writes the file; resolves when it is flushed and closed. */
export async function generateRemittance(file: string, opts: GeneratorOptions): Promise<GeneratedRemittance> {
  const seed = opts.seed ?? 835;
  const remitDate = opts.remitDate ?? DEFAULT_REMIT_DATE;
  const expected = { fullDenials: 0, partialDenials: 0, denials: 0, reversals: 0, corrections: 0, paid: 0 };
  let serviceLines = 0;
  function* sets(): Generator<SetOf> {
    for (let from = 0; from < opts.claims; from += opts.claimsPerSet) {
      const claims: Claim[] = [];
      for (let i = from; i < Math.min(opts.claims, from + opts.claimsPerSet); i++) {
        const c = claimAt(i, opts.linesPerClaim, seed, remitDate);
        claims.push(c);
        serviceLines += c.lines.length;
        if (c.kind === 'denied') expected.fullDenials++;
        else if (c.kind === 'partial') expected.partialDenials++;
        else if (c.kind === 'reversal') expected.reversals++;
        else if (c.kind === 'correction') expected.corrections++;
        else expected.paid++;
      }
      yield { payer: payerOf(from, opts.claimsPerSet), claims };
    }
  }
  const written = await writeInterchange(file, { interchange: '000083501', group: '83501', remitDate: x12Date(remitDate, 0) }, sets());
  expected.denials = expected.fullDenials + expected.partialDenials;
  return { file, bytes: fs.statSync(file).size, claims: opts.claims, serviceLines, ...written, expected };
}

/** What the file of `generateRemittance` holds at claim `i`, for picking claims to act on or answer. */
export interface GeneratedClaim {
  index: number;
  kind: Kind;
  /** CLP07, the payer's claim number (with the payer, the claim's identity). */
  payerClaimNumber: string;
  payerId: string;
  /** The CARC of the denied lines (full denials; a partial denial's line is always CO-97). */
  reason?: string;
}

export function generatedClaim(i: number, opts: Pick<GeneratorOptions, 'linesPerClaim' | 'claimsPerSet' | 'seed' | 'remitDate'>): GeneratedClaim {
  const c = claimAt(i, opts.linesPerClaim, opts.seed ?? 835, opts.remitDate ?? DEFAULT_REMIT_DATE);
  const reason = c.kind === 'denied' ? c.lines[0]?.co?.reason : c.kind === 'partial' ? '97' : undefined;
  return { index: i, kind: c.kind, payerClaimNumber: c.icn, payerId: payerOf(i, opts.claimsPerSet)[1], ...(reason ? { reason } : {}) };
}

/**
 * A later remittance from the same payers that pays the claims at `indexes` of the file `opts` made, in
 * full: same payer and CLP07 (so each reaches its denial's workflow), CLP02 1, every line paid as billed.
 * One transaction set per payer, dated `answerDate` (YYYY-MM-DD).
 */
export async function generateAnswers(file: string, opts: GeneratorOptions, indexes: readonly number[], answerDate: string): Promise<{ file: string; claims: number }> {
  const byPayer = new Map<string, SetOf>();
  for (const i of indexes) {
    const billed = claimAt(i, opts.linesPerClaim, opts.seed ?? 835, opts.remitDate ?? DEFAULT_REMIT_DATE);
    const lines = billed.lines.map((l): Line => ({ procedure: l.procedure, charge: l.charge, paid: l.charge, allowed: l.charge, co: undefined, deductible: 0, coinsurance: 0, remark: undefined }));
    const paid: Claim = { ...billed, kind: 'paid', lines, paid: billed.charge, patient: 0, claimRemark: undefined };
    const payer = payerOf(i, opts.claimsPerSet);
    const set = byPayer.get(payer[1]) ?? { payer, claims: [] };
    set.claims.push(paid);
    byPayer.set(payer[1], set);
  }
  await writeInterchange(file, { interchange: '000083502', group: '83502', remitDate: x12Date(answerDate, 0) }, byPayer.values());
  return { file, claims: indexes.length };
}
