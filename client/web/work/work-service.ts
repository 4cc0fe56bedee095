/**
 * The AR and supervisor work behind both the HTTP API and the pages: the worklist within the person's
 * scope, a denial with its ledger timeline, acting on it through the workflow's Updates, documents and the
 * packet, KPIs and the prevention board. Scope is checked here, so no route can forget it.
 */
import type { Client } from '@temporalio/client';
import type { DocumentStore } from '../../../services/documents';
import type { DenialFacts } from '../../../domain/kpis/denial-facts';
import type { SilentMoneyWeek } from '../../../domain/kpis/silent-money-entry';
import { computeKpis, type KpiFilter, type KpiReport } from '../../../domain/kpis/kpis';
import { TREND_WEEKS, weeklyTrend, type TrendPoint } from '../../../domain/kpis/leakage-report';
import type { LedgerEntry } from '../../../domain/lifecycle/ledger-entry';
import { addDays, weekOf } from '../../../domain/policy/dates';
import { DEFAULT_POLICY_CONFIG } from '../../../domain/policy/policy-config';
import { denialReference, workflowIdPrefixOfReference } from '../../../domain/lifecycle/denial-subject';
import type { DenialSearchIndex } from '../../../runtime/at-rest/search-index';
import { payerShiftsOfWeek, type PayerShiftWeek } from '../../../runtime/store/payer-shift-inputs';
import { loadDashboardInputs } from '../../../runtime/store/dashboard-inputs';
import type { LedgerStore, ValueBand, Workload } from '../../../runtime/store/ledger-store';
import type { DenialView } from '../../../workflows/denial-messages';
import { recoveryEstimateFor } from '../../denials/recovery-estimate';
import { submittedClaimMatch, type SubmittedClaimMatch } from '../../../services/claims/claim-match';
import { claimUnderCorrectionFor, type ClaimUnderCorrectionOnFile } from '../../denials/claim-under-correction';
import type { SubmittedClaimStore } from '../../../runtime/store/submitted-claims';
import type { RecoveryEstimate } from '../../../domain/policy/recovery-likelihood';
import { actOnDenial, DenialNotFound, denialView, type ActionResult, type DenialActionName } from '../../denials/actions';
import { assignmentProblem, type StaffDirectory } from '../../denials/assignments';
import { actorOf, type Principal } from '../auth/principal';
import { workScope } from '../auth/permissions';
import { badRequest, forbidden, HttpError, notFound } from '../http/errors';
import { expectedDocumentRef, storeAccepted } from './document-ref';

export interface WorkDeps {
  client: Client;
  ledger: LedgerStore;
  documents: DocumentStore;
  /** Who exists: an assignment to anyone else is refused before it reaches the workflow. */
  staff: StaffDirectory;
  /** Finds denials by patient name, account or claim number; without it, by reference only. */
  search?: DenialSearchIndex;
  /** The practice's submitted claims: a denial shows the one it answers. */
  claims?: SubmittedClaimStore;
}

export interface WorklistRequest {
  scope: 'mine' | 'team' | 'all';
  /** A work team's queue; for team-bound people only their own. */
  team?: string;
  category?: string;
  payerId?: string;
  route?: string;
  stage?: string;
  assignee?: string;
  /** The denials remitted in this range (a dashboard week or aging bucket). */
  remittedFrom?: string;
  remittedTo?: string;
  /** Closed denials too (the list behind a rate), not only open work. */
  includeClosed?: boolean;
  sort: 'deadline' | 'dollars' | 'value';
  /** Search: a patient's name (or its beginning), an account or claim number, or a reference (D-XXXXX-XXXXX). */
  q?: string;
  limit: number;
  offset: number;
}

/** What a denial's page and GET /api/denials/<id> show. */
export interface DenialDetail {
  view: DenialView;
  history: LedgerEntry[];
  recovery: RecoveryEstimate | undefined;
  /** Absent when the server keeps no claims. */
  submittedClaim: SubmittedClaimMatch | undefined;
  /** Absent unless the denial has a matched claim. */
  claimUnderCorrection: ClaimUnderCorrectionOnFile | undefined;
}

/** A worklist row: the denial's facts (with its subject, opened from the sealed fields) and its short reference. */
export type WorklistRow = DenialFacts & { reference: string };

/** The team a principal's worklist is limited to; undefined = every team. */
function teamLimit(principal: Principal): string | undefined {
  const scope = workScope(principal);
  if (scope.kind === 'none') throw forbidden(`${principal.id} has no team: an admin sets one with \`npm run users\`.`);
  return scope.kind === 'team' ? scope.team : undefined;
}

export function createWorkService(deps: WorkDeps) {
  async function viewOf(workflowId: string): Promise<DenialView> {
    try {
      return await denialView(deps.client.workflow.getHandle(workflowId));
    } catch (err) {
      if (err instanceof DenialNotFound) throw notFound(err.message);
      throw err;
    }
  }

  /** An AR specialist reaches only the denials their team works. */
  function checkAccess(principal: Principal, view: DenialView): void {
    const limit = teamLimit(principal);
    if (limit && view.team !== limit) throw forbidden(`This denial is worked by team ${view.team}; ${principal.id} works for ${limit}.`);
  }

  /** What a search asks the ledger for: the ids a reference names, or the keyed terms of its words. */
  function searchOf(text: string): { workflowIdPrefix: string } | { matchTerms: string[] } {
    const prefix = workflowIdPrefixOfReference(text);
    if (prefix) return { workflowIdPrefix: prefix };
    if (!deps.search) throw badRequest('Search by name or number needs DENIAL_ID_KEY on this server; search by reference (D-XXXXX-XXXXX) works without it.');
    const terms = deps.search.termsOfQuery(text).slice(0, 8);
    if (!terms.length) throw badRequest('Search for a name, an account or claim number, or a reference: at least two letters or digits.');
    return { matchTerms: terms };
  }

  return {
    async worklist(principal: Principal, q: WorklistRequest): Promise<{ rows: WorklistRow[]; total: number }> {
      const limit = teamLimit(principal);
      if (q.team && limit && q.team !== limit) throw forbidden(`${principal.id} works for team ${limit}, not ${q.team}.`);
      const scopeTeam = q.team ?? (q.scope === 'all' ? limit : (limit ?? principal.team));
      const page = await deps.ledger.worklist({
        ...(scopeTeam ? { workTeam: scopeTeam } : {}),
        ...(q.scope === 'mine' ? { assignee: principal.id } : q.assignee ? { assignee: q.assignee } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.payerId ? { payerId: q.payerId } : {}),
        ...(q.route ? { route: q.route } : {}),
        ...(q.stage ? { stage: q.stage } : {}),
        ...(q.remittedFrom ? { remittedFrom: q.remittedFrom } : {}),
        ...(q.remittedTo ? { remittedTo: q.remittedTo } : {}),
        ...(q.q?.trim() ? searchOf(q.q) : {}),
        openOnly: !q.includeClosed,
        sort: q.sort,
        // The value sort's floor: nothing due within the policy's urgent days falls below the fold.
        ...(q.sort === 'value' ? { urgentBy: addDays(new Date().toISOString().slice(0, 10), DEFAULT_POLICY_CONFIG.urgentDaysLeft) } : {}),
        limit: q.limit,
        offset: q.offset,
      });
      return { total: page.total, rows: page.rows.map((f) => ({ ...f, reference: denialReference(f.workflowId) })) };
    },

    /**
     * A denial with its ledger timeline, on a route that asks the payer to pay the learned recovery
     * likelihood, the submitted claim it answers and, when one is matched, that claim with the corrections
     * supplied on the denial.
     */
    async denial(principal: Principal, workflowId: string): Promise<DenialDetail> {
      const view = await viewOf(workflowId);
      checkAccess(principal, view);
      const claims = deps.claims;
      const [history, recovery, onFile] = await Promise.all([
        deps.ledger.history(workflowId),
        recoveryEstimateFor(deps.ledger, { payerId: view.payerId, category: view.classification.category, route: view.route, atRiskCents: view.amounts.atRiskCents }),
        claims
          ? submittedClaimMatch(claims, workflowId).then(async (match) => ({ match, underCorrection: await claimUnderCorrectionFor(claims, match, view) }))
          : undefined,
      ]);
      return { view, history, recovery, submittedClaim: onFile?.match, claimUnderCorrection: onFile?.underCorrection };
    },

    async act(
      principal: Principal,
      workflowId: string,
      action: DenialActionName,
      data: Parameters<typeof actOnDenial>[3],
      seen: { taskId?: string; version?: number },
    ): Promise<ActionResult> {
      const view = await viewOf(workflowId);
      checkAccess(principal, view);
      if (action === 'reassign') {
        const problem = await assignmentProblem(deps.staff, typeof data === 'function' ? data(view) : data);
        if (problem) return { ok: false, rejection: problem, view };
      }
      return actOnDenial(deps.client, workflowId, action, data, actorOf(principal), seen, view);
    },

    /** Assigns each denial in turn; one refused (another team's, closed) does not stop the rest. */
    async assign(principal: Principal, workflowIds: readonly string[], to: string, reason: string): Promise<{ assigned: string[]; rejected: { workflowId: string; reason: string }[] }> {
      const assigned: string[] = [];
      const rejected: { workflowId: string; reason: string }[] = [];
      // One check for the whole batch: a made-up assignee is refused for every denial, before any Update.
      const problem = await assignmentProblem(deps.staff, { to });
      if (problem) return { assigned, rejected: workflowIds.map((workflowId) => ({ workflowId, reason: problem })) };
      for (const id of workflowIds) {
        try {
          const r = await this.act(principal, id, 'reassign', { to, reason }, {});
          if (r.ok) assigned.push(id);
          else rejected.push({ workflowId: id, reason: r.rejection });
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          rejected.push({ workflowId: id, reason: err.message });
        }
      }
      return { assigned, rejected };
    },

    async attach(principal: Principal, workflowId: string, pdf: Uint8Array, meta: { name: string; description?: string; version?: number }): Promise<ActionResult> {
      const view = await viewOf(workflowId);
      checkAccess(principal, view);
      // Stored only once the Update has accepted it: a refused attach (stale page, submitted filing) leaves
      // no orphan holding PHI. Should the store fail after that, attaching the same file again stores it.
      const ref = expectedDocumentRef(pdf, { name: meta.name, contentType: 'application/pdf' });
      const documents = [{ ...ref, ...(meta.description ? { description: meta.description } : {}) }];
      const r = await actOnDenial(deps.client, workflowId, 'attach-documents', { documents }, actorOf(principal), meta.version !== undefined ? { version: meta.version } : {}, view);
      if (r.ok) await storeAccepted(deps.documents, pdf, ref);
      return r;
    },

    async packet(principal: Principal, workflowId: string): Promise<{ bytes: Uint8Array; name: string }> {
      const { view } = await this.denial(principal, workflowId);
      if (!view.packet) throw notFound(`Denial ${workflowId} has no appeal packet yet: approve it on the task page first.`);
      return { bytes: await deps.documents.get(view.packet.ref), name: view.packet.ref.name };
    },

    /** The KPIs the fast way (open work and prevention as database totals): what the API answers. */
    async kpis(filter: KpiFilter): Promise<KpiReport> {
      return computeKpis(await loadDashboardInputs(deps.ledger, filter), filter);
    },

    /**
     * The dashboard: the period's KPIs the fast way, the weekly trend from the denials remitted in those
     * weeks (rates need no open work), and the workload and the open work's value bands counted by the database.
     */
    async dashboard(filter: KpiFilter): Promise<{ kpis: KpiReport; trend: TrendPoint[]; workload: Workload[]; valueBands: ValueBand[]; silentMoney: SilentMoneyWeek[]; payerShifts: PayerShiftWeek }> {
      const since = addDays(filter.to, -7 * TREND_WEEKS + 1);
      const scope = { ...(filter.payerId ? { payerId: filter.payerId } : {}), ...(filter.ownerTeam ? { ownerTeam: filter.ownerTeam } : {}) };
      const [kpis, facts, volumes, prevention, workload, valueBands, silentMoney, payerShifts] = await Promise.all([
        this.kpis(filter),
        deps.ledger.denialFacts({ ...scope, from: since, to: filter.to }),
        deps.ledger.remittanceVolumes({ from: since, to: filter.to, ...(filter.payerId ? { payerId: filter.payerId } : {}) }),
        deps.ledger.preventionEntries({ from: since, to: filter.to, ...(filter.ownerTeam ? { ownerTeam: filter.ownerTeam } : {}) }),
        deps.ledger.workload(scope),
        deps.ledger.valueBands(scope),
        // The weeks of the trend, by payer: money taken back without a denial showing it.
        deps.ledger.silentMoneyByWeek({ from: weekOf(since), to: filter.to, ...(filter.payerId ? { payerId: filter.payerId } : {}) }),
        // The payer-behaviour test of the period's last week (every payer: a shift is news whatever the filter).
        payerShiftsOfWeek(deps.ledger, filter.to),
      ]);
      return { kpis, trend: weeklyTrend({ facts, volumes, prevention }, filter), workload, valueBands, silentMoney, payerShifts };
    },

    /** Prevention tasks of every owning team, or for an AR specialist their own team's only. */
    async preventionBoard(principal: Principal, team?: string) {
      const limit = teamLimit(principal);
      if (team && limit && team !== limit) throw forbidden(`${principal.id} works for team ${limit}, not ${team}.`);
      const scope = team ?? limit;
      return deps.ledger.preventionTasks(scope ? { ownerTeam: scope } : {});
    },
  };
}

export type WorkService = ReturnType<typeof createWorkService>;
