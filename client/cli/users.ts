/**
 * `npm run users`: the people who sign in to the web app and the API keys automation uses, in the identity
 * store of DATA_DIR (no Temporal needed). Passwords and keys are shown once, never stored in clear.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { RoleSchema } from '../../domain/lifecycle/tasks';
import { loadConfig } from '../../runtime/config';
import { AccountError, NewUserSchema, type PublicUser } from '../web/auth/accounts';
import { NewApiKeySchema, type PublicApiKey } from '../web/auth/api-keys';
import { createIdentity, openIdentityStore, type Identity } from '../web/auth/identity';
import { generatePassword } from '../web/auth/passwords';
import { TeamSchema } from '../web/auth/principal';
import { EXIT, UsageError, runMain } from './output';

const USAGE = `Usage: npm run users -- add <id> --name "Display Name" --role ROLE [--team TEAM] [--password-stdin] [--json]
       npm run users -- list [--json]
       npm run users -- disable <id> [--json]
       npm run users -- set-password <id> [--password-stdin] [--json]
       npm run users -- keys create --label "what uses it" [--role ROLE] [--json]
       npm run users -- keys list [--json]
       npm run users -- keys revoke <key-id> [--json]

  <id>              a staff id such as ar.alex (never patient data)
  --role            ${RoleSchema.options.join(', ')} (keys: default automation)
  --team            the owning team whose work an AR specialist sees: ${TeamSchema.options.join(', ')}
  --password-stdin  read the password from stdin; without it one is generated and printed once`;

/** Which flag a field of the input came from, so a validation error names what to fix. */
const FLAG: Record<string, string> = { id: '<id>', displayName: '--name', role: '--role', team: '--team', password: 'password', label: '--label' };

function usageFrom(err: z.ZodError): UsageError {
  return new UsageError(err.issues.map((i) => `${FLAG[String(i.path[0])] ?? String(i.path[0] ?? 'input')}: ${i.message}`).join('\n'));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function userLine(u: PublicUser): string {
  return `${u.id.padEnd(20)} ${u.role.padEnd(13)} ${(u.team ?? '-').padEnd(15)} ${u.disabled ? 'disabled' : 'active  '}  ${u.displayName}`;
}

function keyLine(k: PublicApiKey): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt.slice(0, 10)}` : `last used ${k.lastUsedAt?.slice(0, 16) ?? 'never'}`;
  return `${k.id.padEnd(22)} ${k.role.padEnd(13)} created ${k.createdAt.slice(0, 10)}  ${state.padEnd(28)} ${k.label}`;
}

interface Flags {
  name?: string;
  role?: string;
  team?: string;
  label?: string;
  passwordStdin: boolean;
}

/** Runs one command; returns what to print as JSON and as text. */
async function run(identity: Identity, args: string[], flags: Flags): Promise<{ json: unknown; text: string }> {
  const [command, sub, third] = args;
  const password = async () => (flags.passwordStdin ? { password: await readStdin(), generated: false } : { password: generatePassword(), generated: true });
  const shownOnce = (p: { password: string; generated: boolean }) => (p.generated ? `\nPassword (shown once): ${p.password}` : '');
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new UsageError(`${command}${command === 'keys' ? ` ${sub}` : ''} needs ${what}.`);
    return value;
  };
  switch (command) {
    case 'add': {
      const id = need(sub, 'a user id');
      const p = await password();
      const user = await identity.accounts.add(NewUserSchema.parse({ id, displayName: flags.name ?? '', role: flags.role, team: flags.team, password: p.password }));
      const team = user.team ? `, team ${user.team}` : '';
      return { json: { ok: true, user, ...(p.generated ? { password: p.password } : {}) }, text: `Added ${user.id} (${user.displayName}), ${user.role}${team}.${shownOnce(p)}` };
    }
    case 'list': {
      const users = await identity.accounts.list();
      return { json: users, text: users.length ? users.map(userLine).join('\n') : 'No users yet: the web app creates "admin" on its first start.' };
    }
    case 'disable': {
      const id = need(sub, 'a user id');
      await identity.accounts.disable(id);
      return { json: { ok: true, id, disabled: true }, text: `Disabled ${id} and ended their sessions; their history stays in the ledger.` };
    }
    case 'set-password': {
      const id = need(sub, 'a user id');
      const p = await password();
      await identity.accounts.setPassword(id, p.password);
      return { json: { ok: true, id, ...(p.generated ? { password: p.password } : {}) }, text: `Changed the password of ${id} and ended their sessions.${shownOnce(p)}` };
    }
    case 'keys':
      switch (sub) {
        case 'create': {
          const { key, record } = await identity.apiKeys.create(NewApiKeySchema.parse({ label: flags.label ?? '', role: flags.role }));
          return { json: { ok: true, key, apiKey: record }, text: `Created API key ${record.id} (${record.label}), role ${record.role}.\nKey (shown once): ${key}` };
        }
        case 'list': {
          const keys = await identity.apiKeys.list();
          return { json: keys, text: keys.length ? keys.map(keyLine).join('\n') : 'No API keys yet: `npm run users -- keys create --label "..."` makes one.' };
        }
        case 'revoke': {
          const id = need(third, 'a key id (`keys list` shows them)');
          if (!(await identity.apiKeys.revoke(id))) throw new AccountError(`No active API key ${id}; \`npm run users -- keys list\` shows the keys and which are revoked.`);
          return { json: { ok: true, id, revoked: true }, text: `Revoked API key ${id}: requests with it are refused from now on.` };
        }
        default:
          throw new UsageError(sub ? `Unknown keys command ${sub}; use create, list or revoke.` : 'keys needs a command: create, list or revoke.');
      }
    default:
      throw new UsageError(`Unknown command ${command}.`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      label: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help || !positionals.length) {
    console.log(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const config = loadConfig();
  const identity = createIdentity(openIdentityStore(config), { secureCookie: false });
  try {
    const out = await run(identity, positionals, { ...values, passwordStdin: values['password-stdin'] ?? false });
    console.log(values.json ? JSON.stringify(out.json, null, 2) : out.text);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof z.ZodError) throw usageFrom(err);
    throw err;
  } finally {
    await identity.close();
  }
}

if (require.main === module) runMain(main, USAGE);
