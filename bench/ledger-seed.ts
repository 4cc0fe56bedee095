/**
 * Seeds a SQLite ledger for the benchmarks in seconds: every denial's entries and the facts the store's
 * own fold makes of them (with their share of the KPI rollup), the remittance volumes those denials came
 * on, and the prevention occurrences they feed, all written with the store's statements (ledger-sql.ts)
 * in one transaction. Appending them one by one through the store would commit 400k times.
 */
import { projectDenialFacts, type DenialFacts } from '../domain/kpis/denial-facts';
import type { RemittanceVolume } from '../domain/kpis/remittance-volume';
import { SystemActor, type LedgerEntry } from '../domain/lifecycle/ledger-entry';
import type { RootCause } from '../domain/policy/taxonomy';
import { controlForRootCause } from '../domain/prevention/controls';
import { projectPreventionTask, type PreventionEntry, type PreventionTaskFacts } from '../domain/prevention/prevention-entry';
import type { Statement as Prepared } from 'better-sqlite3';
import { denialStream, insertRemittanceVolume, preventionStream, type Statement } from '../runtime/store/ledger-sql';
import { sealBody } from '../runtime/store/sealed-body';
import type { CodecKeyring } from '../runtime/codec';
import type { Sqlite } from '../runtime/store/sqlite';
import { denialHistory, seededRandom } from './denial-mix';
import type { DenialSearchIndex } from '../runtime/at-rest/search-index';
import type { DenialSubject } from '../domain/lifecycle/denial-subject';

/** Common surnames and first names: a search for one matches hundreds of denials, as in a real practice. */
const SURNAMES = ['SMITH', 'JOHNSON', 'WILLIAMS', 'BROWN', 'JONES', 'GARCIA', 'MILLER', 'DAVIS', 'RODRIGUEZ', 'MARTINEZ', 'HERNANDEZ', 'LOPEZ', 'GONZALEZ', 'WILSON', 'ANDERSON', 'THOMAS', 'TAYLOR', 'MOORE', 'JACKSON', 'MARTIN', 'LEE', 'PEREZ', 'THOMPSON', 'WHITE', 'HARRIS', 'SANCHEZ', 'CLARK', 'RAMIREZ', 'LEWIS', 'ROBINSON', 'WALKER', 'YOUNG', 'ALLEN', 'KING', 'WRIGHT', 'SCOTT', 'TORRES', 'NGUYEN', 'HILL', 'FLORES'];
const FIRST_NAMES = ['JAMES', 'MARY', 'ROBERT', 'PATRICIA', 'JOHN', 'JENNIFER', 'MICHAEL', 'LINDA', 'DAVID', 'ELIZABETH', 'WILLIAM', 'BARBARA', 'RICHARD', 'SUSAN', 'JOSEPH', 'JESSICA', 'THOMAS', 'SARAH', 'CHARLES', 'KAREN', 'MARIA', 'DANIEL', 'NANCY', 'MATTHEW', 'LISA'];

/** The subject of the n-th seeded denial: a name from the lists above, account `ACCT-<n>`, claim `ICN-<n>`. */
export function seededSubject(n: number): DenialSubject {
  return {
    patientName: `${SURNAMES[n % SURNAMES.length]}, ${FIRST_NAMES[Math.floor(n / SURNAMES.length) % FIRST_NAMES.length]}`,
    accountNumber: `ACCT-${n}`,
    payerClaimNumber: `ICN-${n}`,
    procedures: [],
  };
}

export interface SeedSummary {
  denials: number;
  open: number;
  events: number;
  volumes: number;
  preventionEntries: number;
  seconds: number;
}

/** Claims adjudicated per denial: a 10% remittance denial rate. */
const CLAIMS_PER_DENIAL = 10;

/** The claims each payer's remittances of a day carried, denied or not. */
function volumes(facts: readonly DenialFacts[]): RemittanceVolume[] {
  const byDay = new Map<string, RemittanceVolume>();
  for (const f of facts) {
    const key = `${f.payerId}:${f.remitDate}`;
    const v = byDay.get(key) ?? { remittanceKey: key, payerId: f.payerId, remitDate: f.remitDate, claims: 0, chargeCents: 0, deniedClaims: 0, deniedChargeCents: 0, recordedAt: `${f.remitDate}T07:00:00.000Z` };
    v.claims += CLAIMS_PER_DENIAL;
    v.chargeCents += CLAIMS_PER_DENIAL * f.chargeCents;
    v.deniedClaims += 1;
    v.deniedChargeCents += f.chargeCents;
    byDay.set(key, v);
  }
  return [...byDay.values()];
}

/** Each preventable denial is an occurrence of its root cause's prevention task; a defect after the team recorded its control (half the tasks, mid-year) is a repeat. */
function preventionEntries(facts: readonly DenialFacts[], controlFrom: string): PreventionEntry[] {
  const tasks = new Map<string, DenialFacts[]>();
  for (const f of facts) {
    if (!f.preventable || !controlForRootCause(f.rootCause as RootCause)) continue;
    const id = `prevention-${f.rootCause}-${f.ownerTeam}`;
    const occurrences = tasks.get(id) ?? [];
    occurrences.push(f);
    tasks.set(id, occurrences);
  }
  const entries: PreventionEntry[] = [];
  let controlled = false;
  for (const [preventionId, denials] of tasks) {
    controlled = !controlled;
    const control = controlForRootCause(denials[0]!.rootCause as RootCause)!;
    const first = denials.sort((a, b) => a.remitDate.localeCompare(b.remitDate))[0]!;
    const task = { preventionId, rootCause: first.rootCause, ownerTeam: first.ownerTeam, leakPoint: control.leakPoint, control: control.control, actor: SystemActor };
    let totals = { occurrences: 0, totalCents: 0, repeats: 0 };
    const base = entries.length;
    const push = (type: PreventionEntry['type'], at: string, status: PreventionEntry['status'], extra: Partial<PreventionEntry> = {}) =>
      entries.push({ ...task, ...totals, seq: entries.length - base + 1, at, type, status, summary: type, amountCents: 0, ...extra });
    push('opened', `${first.remitDate}T06:00:00.000Z`, 'open');
    let recorded = false;
    for (const d of denials) {
      if (controlled && !recorded && d.remitDate >= controlFrom) {
        push('control_recorded', `${controlFrom}T06:00:00.000Z`, 'control_in_place');
        recorded = true;
      }
      const repeat = recorded;
      totals = { occurrences: totals.occurrences + 1, totalCents: totals.totalCents + d.initialAtRiskCents, repeats: totals.repeats + (repeat ? 1 : 0) };
      push(repeat ? 'repeat' : 'occurrence', `${d.remitDate}T06:30:00.000Z`, recorded ? 'control_in_place' : 'open', {
        ...totals,
        denialWorkflowId: d.workflowId,
        denialPayerId: d.payerId,
        category: d.category,
        amountCents: d.initialAtRiskCents,
        remitDate: d.remitDate,
      });
    }
  }
  return entries;
}

/** Writes rows as the store does, their free text sealed with `opts.keyring` (the store that reads them needs the same ring). */
/** With `search`, each denial's first entry names its subject (`seededSubject`) with the search terms the activity would add. */
export function seedLedger(db: Sqlite, opts: { denials: number; asOf: string; controlFrom: string; seed: number; keyring: CodecKeyring; search?: DenialSearchIndex }): SeedSummary {
  const started = process.hrtime.bigint();
  const prepared = new Map<string, Prepared>();
  const run = (s: Statement) => {
    let p = prepared.get(s.sql);
    if (!p) prepared.set(s.sql, (p = db.prepare(s.sql)));
    p.run(...s.params);
  };
  const rand = seededRandom(opts.seed);
  const facts: DenialFacts[] = [];
  let events = 0;
  let prevention: PreventionEntry[] = [];
  let remittances: RemittanceVolume[] = [];
  db.transaction(() => {
    for (let n = 1; n <= opts.denials; n++) {
      const history: LedgerEntry[] = denialHistory(rand, n, opts.denials, opts.asOf);
      if (opts.search) {
        const subject = seededSubject(n);
        history[0] = { ...history[0]!, subject, searchTerms: opts.search.termsOfSubject(subject) };
      }
      const logged = denialStream.logged ?? ((e: LedgerEntry) => e);
      for (const e of history) run(denialStream.insertEvent(e, sealBody(opts.keyring, logged(e), denialStream.eventText)));
      const folded = history.reduce<DenialFacts | undefined>(projectDenialFacts, undefined)!;
      run(denialStream.save(folded, sealBody(opts.keyring, folded, denialStream.factsText)));
      // The rollups from the folded facts at once, and the first entry's search terms.
      for (const s of denialStream.alsoSave?.(undefined, folded, history[0]!) ?? []) run(s);
      facts.push(folded);
      events += history.length;
    }
    remittances = volumes(facts);
    for (const v of remittances) run(insertRemittanceVolume(v));
    prevention = preventionEntries(facts, opts.controlFrom);
    const board = new Map<string, PreventionTaskFacts>();
    for (const e of prevention) {
      run(preventionStream.insertEvent(e, sealBody(opts.keyring, e, preventionStream.eventText)));
      board.set(e.preventionId, projectPreventionTask(board.get(e.preventionId), e));
    }
    for (const t of board.values()) run(preventionStream.save(t, sealBody(opts.keyring, t, preventionStream.factsText)));
  })();
  return {
    denials: facts.length,
    open: facts.filter((f) => !f.closedAt).length,
    events,
    volumes: remittances.length,
    preventionEntries: prevention.length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
