/**
 * A made-up but plausible year of denials for the worklist benchmark: payers and categories in the
 * proportions a mid-size practice sees, routes and tasks that follow from the category, open work that
 * thins out with age (most denials close within a few months), amounts with a long tail, and deadlines
 * from each payer's appeal window. Each denial is the ledger entries the denial workflow would append.
 */
import { addDays } from '../domain/policy/dates';
import { CATEGORY_PROFILE, type DenialCategory } from '../domain/policy/taxonomy';
import { SystemActor, type LedgerEntry, type Resolution, type Stage } from '../domain/lifecycle/ledger-entry';
import type { TaskKind } from '../domain/lifecycle/tasks';

export type Random = () => number;

/** xorshift32: the same seed gives the same ledger, run after run. */
export function seededRandom(seed: number): Random {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

function weighted<T extends { weight: number }>(rand: Random, items: readonly T[]): T {
  let r = rand() * items.reduce((n, i) => n + i.weight, 0);
  for (const item of items) if ((r -= item.weight) < 0) return item;
  return items[items.length - 1]!;
}

const between = (rand: Random, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

/** AR queues split by payer family, as AR departments usually are; write-off approvals go to supervisors. */
const GOVERNMENT = 'ar_government';
const COMMERCIAL = 'ar_commercial';
const SPECIALTY = 'ar_specialty';
const SUPERVISORS = 'supervisors';

/** Payers by AR queue: [share of denials, appeal window in days]. */
function family(workTeam: string, payers: Record<string, [number, number]>) {
  return Object.entries(payers).map(([id, [weight, appealDays]]) => ({ id, weight, appealDays, workTeam }));
}

export const PAYERS = [
  ...family(GOVERNMENT, { 'MEDICARE-A': [22, 120], 'MEDICAID-TX': [14, 90], 'HUMANA-MA': [7, 60], TRICARE: [4, 90] }),
  ...family(COMMERCIAL, { 'BCBS-TX': [14, 180], UHC: [12, 180], AETNA: [9, 180], CIGNA: [7, 180], AMBETTER: [4, 90], MOLINA: [3, 90] }),
  ...family(SPECIALTY, { 'WORKERS-COMP': [2, 60], 'AUTO-PIP': [2, 60] }),
];

/** The task a person does on each route; none where the payer acts or nothing is owed. */
const TASK_OF_ROUTE: Readonly<Record<string, TaskKind>> = {
  appeal: 'prepare_appeal',
  reconsideration: 'prepare_appeal',
  corrected_claim: 'supply_corrections',
  bill_next_payer: 'record_submission',
  bill_patient: 'record_submission',
  write_off: 'approve_write_off',
};

/** Categories in the proportions a practice sees them, with the route the policy would pick: [share, route]. */
const CATEGORY_MIX: Record<DenialCategory, [number, string]> = {
  eligibility: [18, 'bill_next_payer'], coordination_of_benefits: [5, 'bill_next_payer'], authorization: [12, 'appeal'],
  medical_necessity: [10, 'appeal'], timely_filing: [3, 'appeal'], bundling: [6, 'reconsideration'], pricing: [3, 'reconsideration'],
  coding: [12, 'corrected_claim'], missing_information: [10, 'corrected_claim'], credentialing: [3, 'corrected_claim'],
  place_of_service: [2, 'corrected_claim'], duplicate: [6, 'post_only'], non_covered: [5, 'bill_patient'],
  patient_responsibility: [2, 'bill_patient'], contractual: [2, 'write_off'], other: [1, 'await_payer'],
};

const CATEGORIES = Object.entries(CATEGORY_MIX).map(([category, [weight, route]]) => ({ category: category as DenialCategory, weight, route, task: TASK_OF_ROUTE[route] }));

const PEOPLE = ['alex', 'blake', 'casey', 'dana'];

/** Four AR specialists per queue, e.g. `ar_commercial.alex`. */
export const assigneeOf = (workTeam: string, person: string) => `${workTeam}.${person}`;

const APPEALS = new Set(['appeal', 'reconsideration']);
/** How long denials stay open: about half close within 6 weeks of the remittance, 1 in 40 are open after 7 months. */
const OPEN_DAYS = 60;

interface Outcome {
  stage: Stage;
  resolution?: Resolution;
}

function closedOutcome(rand: Random, route: string): Outcome {
  const r = rand();
  if (r < 0.02) return { stage: 'timely_filing_loss', resolution: 'timely_filing_loss' };
  if (r < 0.12 || route === 'write_off') return { stage: 'written_off', resolution: 'written_off' };
  if (route === 'bill_next_payer' || route === 'bill_patient') return { stage: 'resolved', resolution: 'transferred' };
  if (route === 'post_only') return { stage: 'resolved', resolution: 'posted' };
  if (APPEALS.has(route)) return { stage: 'resolved', resolution: r < 0.55 ? 'recovered' : r < 0.65 ? 'partially_recovered' : 'upheld' };
  return { stage: 'resolved', resolution: r < 0.85 ? 'recovered' : 'upheld' };
}

function openStage(rand: Random, age: number, task: TaskKind | undefined, appeal: boolean): Stage {
  if (age < 3) return 'routed';
  if (!task) return 'awaiting_payer';
  const r = rand();
  return r < 0.6 ? 'in_work' : r < 0.65 && appeal ? 'packet_ready' : r < 0.72 ? 'submitted' : 'awaiting_payer';
}

/** The stages a denial passes through on its way to `to`, in order. */
function path(to: Stage, task: TaskKind | undefined, appeal: boolean): Stage[] {
  const work: Stage[] = ['intake', 'routed', ...(task ? (['in_work'] as Stage[]) : []), ...(appeal ? (['packet_ready'] as Stage[]) : []), 'submitted', 'awaiting_payer'];
  if (to === 'written_off' || to === 'timely_filing_loss') return ['intake', 'routed', ...(task ? (['in_work'] as Stage[]) : []), to];
  if (to === 'resolved') return [...work, to];
  return work.slice(0, work.indexOf(to) + 1);
}

/** Charges from $25 to $50,000, most of them a few hundred dollars. */
function chargeCents(rand: Random): number {
  const normal = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Math.round(Math.min(50_000, Math.max(25, 400 * Math.exp(1.1 * normal))) * 100);
}

/**
 * The ledger entries of denial `n` of `total`, which arrive in remittance order over the year before
 * `asOf` (as a ledger fills up: its rows lie roughly in date order).
 */
export function denialHistory(rand: Random, n: number, total: number, asOf: string): LedgerEntry[] {
  const payer = weighted(rand, PAYERS);
  const kind = weighted(rand, CATEGORIES);
  const profile = CATEGORY_PROFILE[kind.category];
  const age = Math.floor(((total - n) * 365) / total);
  const remitDate = addDays(asOf, -age);
  const closed = rand() < 1 - Math.exp(-age / OPEN_DAYS);
  const appeal = APPEALS.has(kind.route);
  const outcome: Outcome = closed ? closedOutcome(rand, kind.route) : { stage: openStage(rand, age, kind.task, appeal) };
  const stages = path(outcome.stage, kind.task, appeal);
  const charge = chargeCents(rand);
  const atRisk = Math.round(charge * (0.6 + 0.4 * rand()));
  const workTeam = kind.task === 'approve_write_off' ? SUPERVISORS : payer.workTeam;
  const person = assigneeOf(workTeam, PEOPLE[between(rand, 0, PEOPLE.length - 1)]!);
  const assignee = rand() < 0.8 ? person : undefined;
  // A running deadline is never past: a denial still open after its window got an extension or a later level.
  const window = addDays(remitDate, appeal ? payer.appealDays : 90);
  const dueDate = closed || window > asOf ? window : addDays(asOf, between(rand, 1, 45));
  const lastDay = closed ? Math.min(age, between(rand, 5, 20) + Math.round(-40 * Math.log(1 - rand()))) : age;
  const facts = {
    payerId: payer.id,
    remitDate,
    category: kind.category,
    rootCause: kind.category === 'coding' && rand() < 0.3 ? 'wrong_modifier' : profile.rootCause,
    ownerTeam: profile.ownerTeam,
    preventable: profile.preventable,
    route: kind.route,
    appealLevel: appeal ? 1 : 0,
    codes: ['CO-50'],
    ruleIds: [],
    workTeam,
  };
  const workflowId = `denial-${String(n).padStart(6, '0')}`;
  const deadline = { dueDate, kind: 'appeal', limitId: `${payer.id}-appeal`, payerRuleVersion: '2026-01', rulesetVersion: '1', anchor: remitDate };
  return stages.map((stage, i) => {
    const day = Math.round((lastDay * i) / Math.max(1, stages.length - 1));
    const last = i === stages.length - 1;
    const recovered = last && outcome.resolution === 'recovered' ? atRisk : last && outcome.resolution === 'partially_recovered' ? Math.round(atRisk / 2) : 0;
    const lost = last && (outcome.resolution === 'written_off' || outcome.resolution === 'timely_filing_loss' || outcome.resolution === 'upheld') ? atRisk : 0;
    const followUp = !closed && stage === 'awaiting_payer' && kind.task && age > 45;
    const taskKind = stage === 'in_work' ? kind.task : stage === 'routed' && age < 3 && rand() < 0.3 ? 'confirm_route' : followUp ? 'follow_up' : undefined;
    // Leaving in_work is the specialist completing the task: a touch.
    const completed = stages[i - 1] === 'in_work';
    return {
      workflowId,
      seq: i + 1,
      at: `${addDays(remitDate, day)}T${String(8 + (n % 10)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00.000Z`,
      type: completed ? 'task_completed' : taskKind ? 'task_opened' : 'transition',
      stage,
      actor: completed ? { id: person, role: 'ar_specialist' } : SystemActor,
      summary: stage,
      rationale: [],
      facts: { ...facts, ...(taskKind ? { taskKind, assignee } : {}), ...(last && outcome.resolution ? { resolution: outcome.resolution } : {}) },
      amounts: {
        chargeCents: charge,
        atRiskCents: last && closed ? 0 : atRisk,
        recoveredCents: recovered,
        lostCents: lost,
        underpaidCents: kind.category === 'pricing' ? atRisk : 0,
      },
      ...(stage === 'intake' ? {} : { deadline }),
    };
  });
}
