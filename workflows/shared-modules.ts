/**
 * What every cached workflow shares (worker/workflow-bundle.ts preloads this module): zod, and the pure
 * domain modules the workflows import. With the reused V8 context the SDK evaluates every other module once
 * per cached workflow; building these modules' zod schemas was a third of a denial's first task (#15).
 *
 * Only stateless modules belong here: the SDK deep-freezes them, and one workflow must never see another's
 * state. The domain has no I/O, clock or Temporal import, and its module-level values are built once at
 * load (test/workflows/shared-modules.test.ts checks both).
 */
import * as zod from 'zod';
import { settleLazySchemas } from './settle-lazy-schemas';
import * as bookkeeping from '../domain/remittance/bookkeeping';
import * as detect from '../domain/remittance/detect';
import * as identity from '../domain/remittance/identity';
import * as money from '../domain/remittance/money';
import * as remittance from '../domain/remittance/model';
import * as procedures from '../domain/remittance/procedures';
import * as denialCase from '../domain/denial-case';
import * as taxonomy from '../domain/policy/taxonomy';
import * as policyConfig from '../domain/policy/policy-config';
import * as dates from '../domain/policy/dates';
import * as routes from '../domain/policy/routes';
import * as reminders from '../domain/policy/reminders';
import * as unassessed from '../domain/lifecycle/unassessed';
import * as denialSubject from '../domain/lifecycle/denial-subject';
import * as tasks from '../domain/lifecycle/tasks';
import * as ledgerEntry from '../domain/lifecycle/ledger-entry';
import * as refusedPayload from '../domain/lifecycle/refused-payload';
import * as reopening from '../domain/lifecycle/reopening';
import * as statusClassification from '../domain/claim-status/classification';
import * as claimStatusReport from '../domain/lifecycle/claim-status-report';
import * as preventionEntry from '../domain/prevention/prevention-entry';
import * as preventionState from '../domain/prevention/prevention-state';
import * as payerIssue from '../domain/kpis/payer-issue';

/** The shared domain modules, for the test that checks they hold no state. */
export const SHARED_DOMAIN_MODULES = {
  bookkeeping,
  detect,
  identity,
  money,
  remittance,
  procedures,
  denialCase,
  taxonomy,
  policyConfig,
  dates,
  routes,
  reminders,
  unassessed,
  denialSubject,
  tasks,
  ledgerEntry,
  refusedPayload,
  reopening,
  statusClassification,
  claimStatusReport,
  preventionEntry,
  preventionState,
  payerIssue,
};

// zod fills in its global config (the default locale and memoizer) when the first schemas are built; built
// here, before the SDK freezes the shared modules and globals.
zod.object({ shared: zod.string() }).keyof();
// Likewise the fields zod computes on first use of each schema: once frozen, a schema cannot take them.
settleLazySchemas(SHARED_DOMAIN_MODULES);
