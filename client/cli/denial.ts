/**
 * `npm run denial -- <command>`: work denials from a terminal until the web worklist arrives.
 *
 *   list [--stage S] [--json]                       running denials from Temporal's visibility
 *   show <workflowId> [--json]                      state, current task, deadline, rationale, timeline
 *   act <workflowId> <action> --as <id:role> [--data JSON] [--json]
 *                                                   complete the current task through the workflow's Update
 *   history <workflowId> [--json]                   the ledger: every state change, who and why
 *   packet <workflowId> --out <file.pdf>            the appeal packet PDF
 *   claim <workflowId> --out <file.837>             the corrected (7) or void (8) claim
 *   status-inquiry <workflowId> --out <file.276>    the 276 that asks the payer where the claim stands
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { openDocumentStore } from '../../services/documents';
import { ActorSchema, type Actor } from '../../domain/lifecycle/tasks';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { loadConfig, type Config } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import {
  attachDocumentsUpdate,
  type DenialView,
} from '../../workflows/denial-messages';
import { actOnDenial, DENIAL_ACTIONS, denialView, isDenialAction } from '../denials/actions';
import { assignmentProblem, type StaffDirectory } from '../denials/assignments';
import { Accounts } from '../web/auth/accounts';
import { openIdentityStore } from '../web/auth/identity';
import { withClient } from './temporal-session';
import { submittedClaimLine, submittedClaimMatch } from '../../services/claims/claim-match';
import { claimUnderCorrectionFor } from '../denials/claim-under-correction';
import { claimUnderCorrectionText } from '../denials/claim-under-correction-text';
import { correctedClaimFor, CorrectedClaimRefused } from '../../services/claims/corrected-claim';
import { statusInquiryFor, StatusInquiryRefused } from '../../services/claims/status-inquiry';
import { interchangeIds } from '../../services/claims/interchange-ids';
import { payerClaimControlNumberOf, statusInquirySubjectOf } from '../denials/view-claim';
import { loadConfiguredOrganization } from '../../services/packets/organization';
import { ClaimCorrectionError } from '../../domain/claims/corrections';
import { writePrivateFileSync } from '../../runtime/at-rest/private-files';
import { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { EXIT, UsageError, runMain } from './output';

const USAGE = `Usage: npm run denial -- <command> [options]

  list [--stage STAGE] [--json]                      running denial workflows
  show <workflowId> [--json]                         state, current task, deadline, rationale, timeline, the submitted claim it answers and that claim with the corrections
  act <workflowId> <action> --as <id:role> [--data JSON] [--json]
                                                     act on the denial (taskId and version default to the current ones)
  attach <workflowId> <file.pdf> --as <id:role> [--description TEXT]
                                                     store a supporting document and attach it to the denial
  history <workflowId> [--json]                      its ledger: every state change, who and why
  packet <workflowId> --out <file.pdf>               save its appeal packet
  claim <workflowId> --out <file.837> [--void] [--json]
                                                     write the frequency-7 replacement (--void: 8) of the submitted
                                                     claim it answers, with the corrections supplied on it
  status-inquiry <workflowId> --out <file.276> [--json]
                                                     write the 276 claim status inquiry about the claim it
                                                     answers (sender CLEARINGHOUSE_TRADING_PARTNER, receiver
                                                     CLEARINGHOUSE_RECEIVER_ID or the payer id)

Actions: confirm-route, supply-corrections, attach-documents, approve-packet, record-submission,
         record-payer-decision, approve-write-off, reassign, note
Roles:   ar_specialist, supervisor, automation, admin

Examples:
  npm run denial -- act denial-3f… approve-packet --as ar.alex:ar_specialist --data '{"argument":"…"}'
  npm run denial -- act denial-3f… record-submission --as ar.alex:ar_specialist \\
      --data '{"date":"2026-11-26","channel":"portal","reference":"CONF-123"}'`;


const documentStore = (config: Config) => openDocumentStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring: deploymentKeyring(config) });

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

function renderView(v: DenialView): string {
  const lines = [
    `Denial ${v.workflowId}  (claim ${v.claimReference}, payer ${v.payerId})`,
    `Stage          ${v.stage}${v.resolution ? ` — ${v.resolution}` : ''}   (version ${v.version})`,
    `Classification ${v.classification.code}: ${v.classification.category}, root cause ${v.classification.rootCause}, owner ${v.classification.ownerTeam} [${v.classification.ruleId}]`,
    `Route          ${v.routeDescription}${v.requiresConfirmation ? '  (policy asks a person to confirm)' : ''}`,
    `Amounts        at risk ${money(v.amounts.atRiskCents)}, recovered ${money(v.amounts.recoveredCents)}, lost ${money(v.amounts.lostCents)}`,
    `Deadline       ${v.deadline ? `${v.deadline.dueDate}: ${v.deadline.description}` : 'none'}${v.escalated ? '  ESCALATED' : ''}`,
    `Task           ${v.task ? `${v.task.id}: ${v.task.title} (team ${v.task.team}${v.task.assignee ? `, ${v.task.assignee}` : ''}; roles ${v.task.requiredRoles.join('/')})` : 'none'}`,
  ];
  if (v.packet) lines.push(`Packet         ${v.packet.pages} pages, sha256 ${v.packet.ref.sha256}`);
  if (v.submission) lines.push(`Submitted      ${v.submission.date} by ${v.submission.channel}, ref ${v.submission.reference} (${v.submission.by})`);
  for (const f of v.claimFiles ?? []) lines.push(`Sent           ${f.sentOn} ${f.kind === '837' ? `837 frequency ${f.frequency ?? '7'}` : '276'} ${f.fileName} (control number ${f.controlNumber})`);
  for (const s of v.claimStatuses ?? []) lines.push(`Claim status   ${s.receivedOn} ${s.source} ${s.categoryCode}${s.statusCode ? `:${s.statusCode}` : ''} ${s.classification}: ${s.explanation}`);
  lines.push('Why');
  for (const r of v.rationale) lines.push(`  - ${r}`);
  for (const a of v.assumptions) lines.push(`  ! ${a}`);
  lines.push('Timeline');
  for (const t of v.timeline) lines.push(`  ${t.at.slice(0, 16).replace('T', ' ')}  #${t.seq} ${t.stage.padEnd(14)} ${t.actor.padEnd(12)} ${t.summary}`);
  return lines.join('\n');
}

function parseActor(spec: string | undefined): Actor {
  if (!spec) throw new UsageError('Say who acts: --as <id:role>, e.g. --as ar.alex:ar_specialist');
  const [id, role] = spec.split(':');
  const r = ActorSchema.safeParse({ id, role });
  if (!r.success) throw new UsageError(`--as ${spec}: expected <id:role> with role ar_specialist, supervisor, automation or admin`);
  return r.data;
}

async function view(handle: WorkflowHandle): Promise<DenialView> {
  return denialView(handle);
}

/** The practice's submitted claims, to show the one a denial answers. */
async function withClaimStore<T>(config: Config, fn: (store: SubmittedClaimStore) => Promise<T>): Promise<T> {
  const store = SubmittedClaimStore.open({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring: deploymentKeyring(config) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The web app's user directory, for checking who a denial is assigned to. */
async function withStaff<T>(config: Config, fn: (staff: StaffDirectory) => Promise<T>): Promise<T> {
  const store = openIdentityStore(config);
  try {
    return await fn(new Accounts(store));
  } finally {
    await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      as: { type: 'string' },
      data: { type: 'string' },
      stage: { type: 'string' },
      out: { type: 'string' },
      void: { type: 'boolean' },
      description: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  const [command, workflowId, action] = positionals;
  const json = values.json ?? false;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const config = loadConfig();
  const print = (human: string, machine: unknown) => console.log(json ? JSON.stringify(machine, null, 2) : human);

  switch (command) {
    case 'list':
      return withClient(config, async (client) => {
        const query = `WorkflowType = 'denialWorkflow' AND ExecutionStatus = 'Running'${values.stage ? ` AND DenialStage = '${values.stage.replace(/'/g, '')}'` : ''}`;
        const rows: { workflowId: string; stage?: unknown; category?: unknown; route?: unknown; amountAtRisk?: unknown; nextDeadline?: unknown; assignedTo?: unknown }[] = [];
        for await (const wf of client.workflow.list({ query })) {
          const sa = wf.searchAttributes as Record<string, unknown[] | undefined>;
          rows.push({
            workflowId: wf.workflowId,
            stage: sa.DenialStage?.[0],
            category: sa.DenialCategory?.[0],
            route: sa.Route?.[0],
            amountAtRisk: sa.AmountAtRisk?.[0],
            nextDeadline: sa.NextDeadline?.[0],
            assignedTo: sa.AssignedTo?.[0],
          });
        }
        rows.sort((a, b) => String(a.nextDeadline ?? '9999').localeCompare(String(b.nextDeadline ?? '9999')));
        const human = rows.length
          ? rows
              .map((r) => `${r.workflowId}  ${String(r.stage ?? '').padEnd(14)} ${String(r.category ?? '').padEnd(20)} ${String(r.route ?? '').padEnd(16)} $${Number(r.amountAtRisk ?? 0).toFixed(2).padStart(9)}  due ${r.nextDeadline ? new Date(String(r.nextDeadline)).toISOString().slice(0, 10) : '—'}  ${r.assignedTo ?? ''}`)
              .join('\n')
          : 'No running denials.';
        print(human, rows);
        return EXIT.ok;
      });
    case 'show':
      if (!workflowId) throw new UsageError('show needs a workflow id');
      return withClient(config, async (client) => {
        const v = await view(client.workflow.getHandle(workflowId));
        const { submittedClaim, claimUnderCorrection } = await withClaimStore(config, async (store) => {
          const match = await submittedClaimMatch(store, workflowId);
          return { submittedClaim: match, claimUnderCorrection: await claimUnderCorrectionFor(store, match, v) };
        });
        // The claim with its corrections: whenever one is matched, and its absence on the corrected-claim route.
        const claimText = claimUnderCorrection || v.route.kind === 'corrected_claim' ? `\n${claimUnderCorrectionText(claimUnderCorrection)}` : '';
        print(`${renderView(v)}\n${submittedClaimLine(submittedClaim)}${claimText}`, { ...v, submittedClaim, claimUnderCorrection: claimUnderCorrection ?? null });
        return EXIT.ok;
      });
    case 'act': {
      if (!workflowId || !action) throw new UsageError('act needs a workflow id and an action');
      if (!isDenialAction(action)) throw new UsageError(`Unknown action ${action}: one of ${Object.keys(DENIAL_ACTIONS).join(', ')}`);
      const actor = parseActor(values.as);
      let data: Record<string, unknown> = {};
      if (values.data) {
        try {
          data = JSON.parse(values.data) as Record<string, unknown>;
        } catch (err) {
          throw new UsageError(`--data is not JSON: ${(err as Error).message}`);
        }
      }
      if (action === 'reassign') {
        const problem = await withStaff(config, (staff) => assignmentProblem(staff, data));
        if (problem) {
          if (json) console.log(JSON.stringify({ ok: false, error: problem }));
          else console.error(`Rejected: ${problem}`);
          return EXIT.failed;
        }
      }
      return withClient(config, async (client) => {
        const result = await actOnDenial(client, workflowId, action, data, actor);
        if (result.ok) {
          print(renderView(result.view), result.view);
          return EXIT.ok;
        }
        if (json) console.log(JSON.stringify({ ok: false, error: result.rejection }));
        else console.error(`Rejected: ${result.rejection}`);
        return EXIT.failed;
      });
    }
    case 'attach': {
      const file = action;
      if (!workflowId || !file) throw new UsageError('attach needs a workflow id and a file');
      const actor = parseActor(values.as);
      if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
      const bytes = fs.readFileSync(file);
      const contentType = bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? 'application/pdf' : 'application/octet-stream';
      if (contentType !== 'application/pdf') throw new UsageError(`${file}: not a PDF; appeal packets merge PDF attachments only.`);
      const ref = await documentStore(config).put(bytes, { name: path.basename(file), contentType });
      return withClient(config, async (client) => {
        const handle = client.workflow.getHandle(workflowId);
        const current = await view(handle);
        try {
          await handle.executeUpdate(attachDocumentsUpdate, {
            args: [{ version: current.version, actor, documents: [{ ...ref, ...(values.description ? { description: values.description } : {}) }] }],
          });
          const after = await view(handle);
          print(`Attached ${ref.name} (${ref.size} bytes, sha256 ${ref.sha256.slice(0, 12)}…); ${after.documents.length} document(s) on the denial.`, after);
          return EXIT.ok;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            console.error(`Rejected: ${err.cause?.message ?? err.message}`);
            return EXIT.failed;
          }
          throw err;
        }
      });
    }
    case 'history': {
      if (!workflowId) throw new UsageError('history needs a workflow id');
      const store = openConfiguredLedger(config);
      try {
        const entries = await store.history(workflowId);
        const where = store.kind === 'postgres' ? 'at DATABASE_URL' : `in ${config.dataDir}`;
        if (!entries.length) throw new Error(`The ledger ${where} has nothing for ${workflowId}.`);
        print(entries.map((e) => `${e.at.slice(0, 16).replace('T', ' ')}  #${e.seq} ${e.type.padEnd(15)} ${e.stage.padEnd(18)} ${e.actor.id.padEnd(12)} ${e.summary}`).join('\n'), entries);
        return EXIT.ok;
      } finally {
        await store.close();
      }
    }
    case 'packet': {
      if (!workflowId || !values.out) throw new UsageError('packet needs a workflow id and --out <file.pdf>');
      return withClient(config, async (client) => {
        const v = await view(client.workflow.getHandle(workflowId));
        if (!v.packet) throw new Error(`Denial ${workflowId} has no packet yet (stage ${v.stage}).`);
        // The stored packet is encrypted: what is saved is the PDF, through the store that checks its sha256.
        fs.writeFileSync(values.out!, await documentStore(config).get(v.packet.ref));
        print(`Saved ${v.packet.pages}-page packet to ${values.out}`, { ok: true, file: values.out, pages: v.packet.pages, sha256: v.packet.ref.sha256 });
        return EXIT.ok;
      });
    }
    case 'claim': {
      if (!workflowId || !values.out) throw new UsageError('claim needs a workflow id and --out <file.837>');
      return withClient(config, async (client) => {
        const v = await view(client.workflow.getHandle(workflowId));
        const denial = { workflowId, payerClaimControlNumber: payerClaimControlNumberOf(v), corrections: v.corrections };
        try {
          const written = await withClaimStore(config, (store) => correctedClaimFor(store, denial, { void: values.void ?? false, now: new Date() }));
          writePrivateFileSync(values.out!, written.text);
          const { text: _text, ...summary } = written;
          const skipped = written.notApplied.length ? `; not applied (the claim's segments cannot carry them): ${written.notApplied.map((c) => c.field).join(', ')}` : '';
          print(`Wrote the frequency-${written.frequency} claim for ${written.claimId} to ${values.out} (control number ${written.controlNumber})${skipped}`, { ok: true, file: values.out, ...summary });
          return EXIT.ok;
        } catch (err) {
          if (!(err instanceof CorrectedClaimRefused || err instanceof ClaimCorrectionError)) throw err;
          if (json) console.log(JSON.stringify({ ok: false, error: err.message }));
          else console.error(`Not written: ${err.message}`);
          return EXIT.failed;
        }
      });
    }
    case 'status-inquiry': {
      if (!workflowId || !values.out) throw new UsageError('status-inquiry needs a workflow id and --out <file.276>');
      const organization = loadConfiguredOrganization(config);
      return withClient(config, async (client) => {
        const v = await view(client.workflow.getHandle(workflowId));
        const refuse = (reason: string) => {
          if (json) console.log(JSON.stringify({ ok: false, error: reason }));
          else console.error(`Not written: ${reason}`);
          return EXIT.failed;
        };
        const ids = interchangeIds(config.clearinghouse, v.payerId);
        if ('problem' in ids) return refuse(ids.problem);
        try {
          const opts = { now: new Date(), ...ids, provider: organization.provider };
          const written = await withClaimStore(config, (store) => statusInquiryFor(store, statusInquirySubjectOf(v), opts));
          writePrivateFileSync(values.out!, written.text);
          const { text: _text, ...summary } = written;
          const about = written.claimId ? `the submitted claim ${written.claimId}` : "the denial's own fields (no matched submitted claim)";
          print(`Wrote the status inquiry (276) about ${about} to ${values.out} (control number ${written.controlNumber}, trace number ${written.traceNumber}, from ${ids.senderId} to ${ids.receiverId})`, { ok: true, file: values.out, ...summary, senderId: ids.senderId, receiverId: ids.receiverId });
          return EXIT.ok;
        } catch (err) {
          if (!(err instanceof StatusInquiryRefused)) throw err;
          return refuse(err.message);
        }
      });
    }
    default:
      throw new UsageError(`Unknown command ${command}.`);
  }
}

if (require.main === module) runMain(main, USAGE);
