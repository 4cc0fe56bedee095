/**
 * The one source of configuration: environment variables over an optional JSON config file over defaults
 * made for the embedded case (local dev server, SQLite file, local outbox). Every setting is validated
 * once at start-up; a bad value stops the process with the setting's name and the expected form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { clearinghouseSettingsFrom, CLEARINGHOUSE_KEYS, CLEARINGHOUSE_SECRETS } from './clearinghouse/config-settings';
import type { ClearinghouseSettings } from './clearinghouse/settings';

const port = (what: string) =>
  z.coerce
    .number({ error: `expected ${what} as a whole number from 1 to 65535` })
    .int({ error: `expected ${what} as a whole number from 1 to 65535` })
    .min(1, { error: `expected ${what} as a whole number from 1 to 65535` })
    .max(65535, { error: `expected ${what} as a whole number from 1 to 65535` });

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, { error: 'expected host:port, for example temporal.example.org:7233' });

/** The sign-in ceilings' defaults: failed attempts in 15 minutes (see client/web/auth/login-limit.ts). */
export const LOGIN_FAILURE_DEFAULTS = { perUser: 5, perAddress: 20, total: 100 } as const;

/** A sign-in ceiling: failed attempts in 15 minutes. */
/** A whole number from `min` to `max`; every way of missing says `expected`. */
const wholeNumber = (expected: string, min: number, max: number) =>
  z.coerce.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });

const failures = (what: string, fallback: number) =>
  z.coerce
    .number({ error: `expected ${what} as a whole number of failed sign-ins, 1 or more` })
    .int({ error: `expected ${what} as a whole number of failed sign-ins, 1 or more` })
    .min(1, { error: `expected ${what} as a whole number of failed sign-ins, 1 or more` })
    .default(fallback);

const optionalPath = z.string().min(1, { error: 'expected a file path' }).optional();

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ConfigSchema = z
  .object({
    TEMPORAL_ADDRESS: hostPort.optional().describe('Temporal frontend to join; unset = launch the embedded dev server'),
    TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9._-]+$/, { error: 'expected a namespace name (letters, digits, . _ -)' }).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1, { error: 'expected a task queue name' }).default('denials'),
    TEMPORAL_TLS_CERT: optionalPath.describe('client certificate (PEM) for mTLS'),
    TEMPORAL_TLS_KEY: optionalPath.describe('client private key (PEM) for mTLS'),
    TEMPORAL_TLS_CA: optionalPath.describe('server CA (PEM), when not a public CA'),
    TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional().describe('API key (Temporal Cloud); implies TLS'),
    TEMPORAL_PORT: port('TEMPORAL_PORT').default(7233).describe('embedded dev server gRPC port'),
    TEMPORAL_UI_PORT: port('TEMPORAL_UI_PORT').default(8233).describe('embedded dev server Web UI port'),
    TEMPORAL_UI_URL: z.url({ error: 'expected a URL such as https://cloud.temporal.io' }).optional(),
    DATA_DIR: z.string().min(1).default('data').describe('embedded state: Temporal database, ledger, documents, outbox, keys'),
    WEB_HOST: z.string().min(1).default('127.0.0.1'),
    WEB_PORT: port('WEB_PORT').default(3000),
    METRICS_PORT: port('METRICS_PORT').optional().describe('serve Prometheus metrics (the SDK\'s and the product\'s denials_*) on this port at /metrics; unset = none'),
    METRICS_HOST: z.string().min(1).default('127.0.0.1').describe('address the metrics endpoint listens on'),
    PUBLIC_URL: z.url({ error: 'expected the URL people use to reach the web app, e.g. https://denials.example.org' }).optional(),
    TRUSTED_PROXY_HOPS: wholeNumber('expected the number of reverse proxies in front of the web app, 0 to 5', 0, 5)
      .default(0)
      .describe('reverse proxies in front of the web app; the sign-in limit reads the address from X-Forwarded-For'),
    LOGIN_FAILURES_PER_USER: failures('LOGIN_FAILURES_PER_USER', LOGIN_FAILURE_DEFAULTS.perUser).describe('failed sign-ins in 15 minutes for one user id from one address before it is refused'),
    LOGIN_FAILURES_PER_ADDRESS: failures('LOGIN_FAILURES_PER_ADDRESS', LOGIN_FAILURE_DEFAULTS.perAddress).describe('failed sign-ins in 15 minutes from one address, any user id'),
    LOGIN_FAILURES_TOTAL: failures('LOGIN_FAILURES_TOTAL', LOGIN_FAILURE_DEFAULTS.total).describe('failed sign-ins in 15 minutes on the whole site before sign-in pauses for everyone'),
    CODEC_KEYS: z
      .string()
      .regex(/^[A-Za-z0-9_-]+=[A-Za-z0-9+/=]+(;[A-Za-z0-9_-]+=[A-Za-z0-9+/=]+)*$/, {
        error: 'expected keyId=base64key pairs separated by ";" (32-byte keys; the first one encrypts)',
      })
      .optional(),
    CODEC_CORS_ORIGIN: z
      .url({ error: 'expected the origin of the Temporal Web UI, e.g. https://temporal.example.org' })
      .refine((v) => new URL(v).origin === v, { error: 'expected an origin only: scheme://host[:port], no path and no trailing slash (e.g. https://temporal.example.org)' })
      .optional()
      .describe('the Temporal Web UI origin allowed to call /api/codec; unset = the origin of the Web UI link'),
    DENIAL_ID_KEY: z
      .base64({ error: 'expected a base64 key of 32 bytes or more (e.g. `openssl rand -base64 32`)' })
      .refine((v) => Buffer.from(v, 'base64').length >= 32, { error: 'expected a base64 key of 32 bytes or more' })
      .optional()
      .describe('HMAC key that maps a claim to its workflow id; must never change for a deployment'),
    INTAKE_API_KEYS: z.string().min(16, { error: 'expected one or more keys of 16+ characters, separated by commas' }).optional(),
    INTAKE_MAX_BYTES: z.coerce.number({ error: 'expected a number of bytes' }).int().positive().default(100_000_000),
    INTAKE_ADMISSION_WINDOW: wholeNumber('expected INTAKE_ADMISSION_WINDOW as a whole number of denials from 0 (no pacing) to 32', 0, 32)
      .default(4)
      .describe('denials the intake keeps started and not yet opened while a worker polls (client/ingest/temporal-delivery.ts); 0 = no pacing'),
    UPLOAD_RETENTION_DAYS: z.coerce
      .number({ error: 'expected a number of days from 1 to 3650' })
      .int({ error: 'expected a whole number of days from 1 to 3650' })
      .min(1, { error: 'expected a number of days from 1 to 3650' })
      .max(3650, { error: 'expected a number of days from 1 to 3650' })
      .default(30)
      .describe('days the intake keeps uploaded and processed 835s, their reports and error files'),
    FEE_SCHEDULE: optionalPath.describe('JSON rows {payerId, procedureCode, modifier?, expectedAllowed}: finds underpayments'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'expected a PostgreSQL URL such as postgres://user:pass@db.example.org:5432/denials' })
      .optional()
      .describe('PostgreSQL for the ledger and its read models; unset = the SQLite file in DATA_DIR'),
    SMTP_URL: z.url({ error: 'expected an SMTP URL such as smtp://user:pass@mail.example.org:587' }).optional().describe('send mail over SMTP; unset = write .eml files to DATA_DIR/outbox'),
    NOTIFICATIONS_CONFIG: optionalPath.describe('JSON: from, teams {team: [addresses]}, supervisors, people, publicUrl'),
    ORGANIZATION_CONFIG: optionalPath.describe('JSON: the provider, the signer and payer appeal addresses for letters'),
    REPORT_SCHEDULE: z
      .string()
      .regex(/^(off|\S+ \S+ \S+ \S+ \S+)$/, { error: 'expected a cron expression of five fields (e.g. "0 7 * * 1", Mondays 07:00) or "off"' })
      .default('0 7 * * 1')
      .describe('when the weekly leakage report goes to the supervisors'),
    REPORT_TIMEZONE: z
      .string()
      .refine(isTimeZone, { error: 'expected an IANA time zone such as America/Chicago' })
      .default('UTC'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    SHUTDOWN_GRACE_SECONDS: z.coerce.number({ error: 'expected a number of seconds' }).positive({ error: 'expected a number of seconds' }).default(30),
    WORKFLOW_CACHE_MB: z.coerce
      .number({ error: 'expected megabytes as a whole number, 0 or more' })
      .int({ error: 'expected megabytes as a whole number, 0 or more' })
      .min(0, { error: 'expected megabytes as a whole number, 0 or more' })
      .default(400)
      .describe('memory a worker gives to cached running workflows; 0 = no cache (every workflow task replays its history)'),
    PAYLOAD_COMPRESSION: z
      .enum(['deflate', 'off'], { error: 'expected deflate or off' })
      .default('deflate')
      .describe('deflate Temporal payloads before encrypting them; off only while nodes of a version that cannot inflate still run'),
  })
  .superRefine((c, ctx) => {
    if (!!c.TEMPORAL_TLS_CERT !== !!c.TEMPORAL_TLS_KEY) {
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_KEY'], message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together' });
    }
    if (!c.TEMPORAL_ADDRESS && (c.TEMPORAL_TLS_CERT || c.TEMPORAL_TLS_CA || c.TEMPORAL_API_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_ADDRESS'], message: 'TLS or API key settings need TEMPORAL_ADDRESS (the cluster to join)' });
    }
  });

export type Config = z.infer<typeof ConfigSchema> & {
  /** true when no TEMPORAL_ADDRESS is set: this process may launch the local dev server. */
  embedded: boolean;
  /** where the frontend is, embedded or not. */
  temporalAddress: string;
  dataDir: string;
  /** The CLEARINGHOUSE_* settings: the local folder pair under DATA_DIR unless CLEARINGHOUSE_KIND=sftp. */
  clearinghouse: ClearinghouseSettings;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Never echoed back in error messages. */
const SECRETS = new Set(['CODEC_KEYS', 'TEMPORAL_API_KEY', 'DENIAL_ID_KEY', 'INTAKE_API_KEYS', 'SMTP_URL', 'DATABASE_URL', ...CLEARINGHOUSE_SECRETS]);

const KEYS = [...(Object.keys(ConfigSchema.shape ?? {}) as string[]), ...CLEARINGHOUSE_KEYS];

/** `KEY="value": message`, the value left out for a secret or an unset key. */
function problemText(raw: Record<string, unknown>, key: string, message: string): string {
  const shown = key && raw[key] !== undefined && !SECRETS.has(key);
  return `${key}${shown ? `=${JSON.stringify(raw[key])}` : ''}: ${message}`;
}

function fileSettings(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`DENIALS_CONFIG=${file}: cannot read it as JSON (${(err as Error).message})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`DENIALS_CONFIG=${file}: expected a JSON object of settings, e.g. {"WEB_PORT": 3000}`]);
  }
  const unknown = Object.keys(parsed).filter((k) => !KEYS.includes(k));
  if (unknown.length) {
    throw new ConfigError(unknown.map((k) => `${file}: unknown setting ${k} (known: ${KEYS.join(', ')})`));
  }
  return parsed as Record<string, unknown>;
}

/** Loads and validates the configuration; throws ConfigError naming each bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const configFile = env.DENIALS_CONFIG ? path.resolve(cwd, env.DENIALS_CONFIG) : undefined;
  const raw: Record<string, unknown> = configFile ? fileSettings(configFile) : {};
  for (const key of KEYS) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const result = ConfigSchema.safeParse(raw);
  const clearinghouse = clearinghouseSettingsFrom(raw);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => problemText(raw, String(issue.path[0] ?? ''), issue.message))),
    ...(clearinghouse.ok ? [] : clearinghouse.problems.map((p) => problemText(raw, p.key, p.message))),
  ];
  if (!result.success || !clearinghouse.ok) throw new ConfigError(problems);
  const c = result.data;
  return {
    clearinghouse: clearinghouse.settings,
    ...c,
    embedded: !c.TEMPORAL_ADDRESS,
    temporalAddress: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}`,
    dataDir: path.resolve(cwd, c.DATA_DIR),
  };
}
