/**
 * `denials <command> ...`: the package `bin` (also `npx denials` inside the clone), one entry point for
 * every CLI command. Each command keeps its own options, `--json` and exit codes; list, show, act,
 * attach, history, packet, claim and status-inquiry are the `denial` command's subcommands. Commands load on demand, so
 * `denials explain` does not pay for the Temporal client.
 */
import path from 'node:path';
import { restrictUmask } from '../../runtime/at-rest/private-files';
import { EXIT, exitWhenDrained, reportCliError, UsageError } from './output';
import { PACKAGE_ROOT } from '../../runtime/package-root';

type Main = (argv: string[]) => number | Promise<number>;

interface Command {
  group: string;
  summary: string;
  load(): Promise<Main>;
  /** Arguments put before the user's: the `denial` subcommand. */
  prefix?: string[];
}

const denial = (sub: string, summary: string): Command => ({ group: 'Denials', summary, load: async () => (await import('./denial')).main, prefix: [sub] });

export const COMMANDS: Readonly<Record<string, Command>> = {
  ingest: { group: 'Intake', summary: 'feed 835 and 837 files or folders to the intake (--dry-run: parse and detect only)', load: async () => (await import('./ingest')).main },
  'sample-835': { group: 'Intake', summary: 'write demo 835s dated relative to today, and the 837P they answer', load: async () => (await import('./sample-835')).main },
  list: denial('list', 'running denials, soonest deadline first'),
  show: denial('show', 'one denial: classification, route and why, deadline, task, timeline'),
  act: denial('act', "complete the denial's current task"),
  attach: denial('attach', 'attach a supporting PDF to a denial'),
  history: denial('history', 'the ledger of a denial: every state change, who and why'),
  packet: denial('packet', 'save the appeal packet PDF of a denial'),
  claim: denial('claim', 'write the corrected (7) or void (8) 837 of the claim a denial answers'),
  'status-inquiry': denial('status-inquiry', 'write the 276 that asks the payer where the claim a denial answers stands'),
  explain: { group: 'Denials', summary: 'why a denial is classified and routed the way it is', load: async () => (await import('./explain')).main },
  prevention: { group: 'Prevention and KPIs', summary: 'prevention tasks: list, show, record-control', load: async () => (await import('./prevention')).main },
  kpis: { group: 'Prevention and KPIs', summary: 'the leakage KPIs for a period', load: async () => (await import('./kpis')).main },
  report: { group: 'Prevention and KPIs', summary: 'the leakage report PDF for a period (--mail sends it)', load: async () => (await import('./report')).main },
  users: { group: 'Administration', summary: 'users and API keys of the web app', load: async () => (await import('./users')).main },
  files: { group: 'Administration', summary: 'encrypted files: show one in clear, seal what an older release kept in clear', load: async () => (await import('./files')).main },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const groups = new Map<string, string[]>();
  for (const [name, c] of Object.entries(COMMANDS)) groups.set(c.group, [...(groups.get(c.group) ?? []), `  ${name.padEnd(width)}  ${c.summary}`]);
  return [
    'Usage: denials <command> [options]        (inside the clone: npx denials <command> ...)',
    '',
    ...[...groups].flatMap(([group, lines]) => [group, ...lines, '']),
    '`denials <command> --help` lists the options of a command. Every command prints JSON with --json;',
    'exit code 0 means success, 1 a failure, 2 a usage error.',
  ].join('\n');
}

/**
 * Without DATA_DIR (or a DENIALS_CONFIG that may set it), the data/ folder of the clone this CLI belongs
 * to, whatever the cwd: a `data` next to the cwd would be a new, empty deployment with a new codec key.
 */
export function cloneDataDir(env: NodeJS.ProcessEnv, root = PACKAGE_ROOT): string | undefined {
  return env.DATA_DIR || env.DENIALS_CONFIG ? undefined : path.join(root, 'data');
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name) console.log(usage());
    else console.error(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const known = Object.keys(COMMANDS).join(', ');
    return reportCliError(new UsageError(`Unknown command "${name}"; the commands are ${known}.`), '`denials --help` says what each does.', json);
  }
  try {
    const main = await command.load();
    return await main([...(command.prefix ?? []), ...rest]);
  } catch (err) {
    return reportCliError(err, `\`denials ${name} --help\` lists its options.`, json);
  }
}

/** The CLI as a process (bin/denials.mjs, or this file run directly): runs the command, exits with its code. */
export function runProcess(argv: string[]): void {
  restrictUmask();
  // Commands read process.env through loadConfig(): set the default before any of them runs.
  const dataDir = cloneDataDir(process.env);
  if (dataDir) process.env.DATA_DIR = dataDir;
  run(argv).then(
    (code) => exitWhenDrained(code),
    (err: unknown) => exitWhenDrained(reportCliError(err, usage(), argv.includes('--json'))),
  );
}

if (require.main === module) runProcess(process.argv.slice(2));
