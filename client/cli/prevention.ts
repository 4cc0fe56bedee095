/**
 * `npm run prevention`: the prevention board and its tasks. `list` reads the ledger's board; `show` asks
 * the task's workflow; `record-control` is the owning team's "control in place" (the workflow's Update,
 * validated there: a stale version or a closed round is refused with the reason).
 */
import { parseArgs } from 'node:util';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ActorSchema, type Actor } from '../../domain/lifecycle/tasks';
import { ControlKindSchema } from '../../domain/prevention/prevention-entry';
import { loadConfig } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { preventionViewQuery, recordControlUpdate, type PreventionView } from '../../workflows/prevention-messages';
import { withClient } from './temporal-session';
import { EXIT, UsageError, runMain } from './output';

const USAGE = `Usage: npm run prevention -- list [--team TEAM] [--json]
       npm run prevention -- show <prevention-id> [--json]
       npm run prevention -- record-control <prevention-id> --as <id:role> --kind KIND --what "what was changed"
                             [--effective-from YYYY-MM-DD] [--json]

  list             prevention tasks: what recurs, how often, what it costs, whether a control is in place
  show             one task: its control, occurrences, repeats, recorded controls and recent examples
  record-control   the owning team records the control it put in place; a later recurrence reopens the task
  --kind           ${ControlKindSchema.options.join(', ')}
  --effective-from claims serviced from this day on are covered (default today): older ones are not repeats`;

const usd = (cents: number) => `$${(cents / 100).toFixed(2)}`;

function parseActor(spec: string | undefined): Actor {
  if (!spec) throw new UsageError('Say who records the control: --as <id:role>, e.g. --as cody:ar_specialist');
  const [id, role] = spec.split(':');
  const r = ActorSchema.safeParse({ id, role });
  if (!r.success) throw new UsageError(`--as ${spec}: expected <id:role> with role ar_specialist, supervisor or admin`);
  return r.data;
}

async function view(client: Client, id: string): Promise<PreventionView> {
  try {
    return await client.workflow.getHandle(id).query(preventionViewQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new Error(`No prevention task ${id}. \`npm run prevention -- list\` shows them.`);
    throw err;
  }
}

function renderView(v: PreventionView): string {
  const lines = [
    `${v.preventionId}  (task ${v.taskId}, version ${v.version})`,
    `  Status       ${v.status}`,
    `  Root cause   ${v.rootCause}, owned by ${v.ownerTeam}${v.payerId ? `, payer ${v.payerId}` : ''}`,
    `  Leak point   #${v.control.leakPoint} ${v.control.leakPointName}; control: ${v.control.control}; KPI: ${v.control.kpi}`,
    `  Seen         ${v.occurrences} denial(s), ${usd(v.totalCents)}, ${v.repeats} repeat defect(s) after a control`,
  ];
  for (const c of v.controls) lines.push(`  Control      ${c.at.slice(0, 10)} by ${c.by} (${c.kind}, effective ${c.effectiveFrom}): ${c.what}`);
  for (const e of v.examples.slice(-5)) lines.push(`  Example      ${e.remitDate} ${e.denialWorkflowId} ${e.codes.join(' ')} ${usd(e.amountCents)}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      team: { type: 'string' },
      as: { type: 'string' },
      kind: { type: 'string' },
      what: { type: 'string' },
      'effective-from': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const json = values.json ?? false;
  const config = loadConfig();
  switch (command) {
    case 'list': {
      const store = openConfiguredLedger(config);
      try {
        const tasks = (await store.preventionTasks(values.team ? { ownerTeam: values.team } : {})).sort((a, b) => b.totalCents - a.totalCents);
        if (json) console.log(JSON.stringify(tasks, null, 2));
        else if (!tasks.length) console.log('No prevention tasks yet: they open when a denial with a preventable root cause arrives.');
        else for (const t of tasks) console.log(`${t.status.padEnd(16)} ${String(t.occurrences).padStart(5)}x ${usd(t.totalCents).padStart(12)}  repeats ${t.repeats}  ${t.preventionId}  (${t.control})`);
        return EXIT.ok;
      } finally {
        await store.close();
      }
    }
    case 'show':
      if (!id) throw new UsageError('show needs a prevention id.');
      return withClient(config, async (client) => {
        const v = await view(client, id);
        console.log(json ? JSON.stringify(v, null, 2) : renderView(v));
        return EXIT.ok;
      });
    case 'record-control': {
      if (!id) throw new UsageError('record-control needs a prevention id.');
      const actor = parseActor(values.as);
      if (!values.kind || !values.what) throw new UsageError('record-control needs --kind and --what.');
      return withClient(config, async (client) => {
        const current = await view(client, id);
        try {
          const after = await client.workflow.getHandle(id).executeUpdate(recordControlUpdate, {
            args: [{ taskId: current.taskId, version: current.version, actor, kind: values.kind as never, what: values.what!, ...(values['effective-from'] ? { effectiveFrom: values['effective-from'] } : {}) }],
          });
          console.log(json ? JSON.stringify({ ok: true, view: after }, null, 2) : `Control recorded.\n${renderView(after)}`);
          return EXIT.ok;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) throw new Error(`Refused: ${(err.cause as Error | undefined)?.message ?? err.message}`);
          throw err;
        }
      });
    }
    default:
      throw new UsageError(`Unknown command ${command}.`);
  }
}

if (require.main === module) runMain(main, USAGE);
