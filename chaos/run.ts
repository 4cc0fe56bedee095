/**
 * One chaos run, on real parts only: a Temporal dev server and a worker as separate OS processes, a real
 * SMTP server on loopback, the product's intake, Updates, ledger and document store. In order:
 *
 *   1. ingest one generated 835 of N denials; the worker is killed -9 at a random start (and restarted);
 *   2. ingest the same file again (it must change nothing);
 *   3. stop the dev server and start it again on the same database, while the worker works through the
 *      backlog (at a random share of the denials parked);
 *   4. ingest the same file a third time (it must change nothing);
 *   5. people double-click approve-packet on ~5% of the denials (appeals) and confirm-route on ~2.5%
 *      (corrected claims); the worker is killed -9 at a random click;
 *   6. a later remittance pays ~10% of the claims in full; the worker is killed -9 at a random payment;
 *   7. wait until everything settles, then observe (chaos/observe.ts) and judge (chaos/figures.ts).
 *
 * The seed chooses the moments of the faults and which denials people act on and the payer answers.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { IntakeJournal } from '../client/ingest/journal';
import { sqliteDatabase } from '../runtime/store/sql-database';
import { ingestFile, type Deliverer } from '../client/ingest/pipeline';
import type { IngestReport } from '../client/ingest/report';
import { temporalDeliverer } from '../client/ingest/temporal-delivery';
import { isClosed } from '../domain/kpis/denial-facts';
import { loadConfig, type Config } from '../runtime/config';
import { openDenialsStore } from '../runtime/store/schema';
import { SqliteLedgerStore } from '../runtime/store/sqlite-ledger';
import { deploymentKeyring } from '../runtime/at-rest/keyring';
import { connectClient, dataConverter } from '../runtime/temporal';
import { startDevServer, type DevServer } from '../worker/dev-server';
import { generateAnswers, generatedClaim, generateRemittance, prng, type GeneratedClaim, type GeneratorOptions } from '../bench/remittance-generator';
import { startSmtp } from '../test/support/smtp';
import { freePort } from '../test/support/ports';
import { judge, settledAsExpected, type CaseObservation, type DoubleClick, type Figure, type Observations } from './figures';
import { countWorkflows, eachLimited, historiesThatDoNotReplay, workerLogLinesAbout, messageIdKey, observeCase, packetsByWorkflow, taskMailKey, workflowTaskTrouble } from './observe';
import { doubleClick, type Act, type ActOutcome } from './people';
import { WorkerProcess, workerEnvironment } from './processes';

export interface ChaosOptions {
  denials: number;
  seed: number;
  /** Keep the run's folder (data, logs, the 835s) instead of removing it. */
  keep?: boolean;
  /**
   * Where a failing history goes even when the folder is not kept: the history, the worker log lines about
   * it and the run's throwaway keys (the data is generated), so a failure seen once can be replayed.
   */
  evidence?: string;
  progress: (line: string) => void;
  /** Registers the run's cleanup so Ctrl-C runs it too; returns a function that unregisters it. */
  onCleanup?: (cleanup: () => Promise<void>) => () => void;
}

export interface ChaosResult {
  ok: boolean;
  seed: number;
  denials: number;
  figures: Figure[];
  /** The faults, as they happened. */
  faults: string[];
  /** What the run did besides the faults (sizes, people, answers). */
  workload: string;
  settledAfterSeconds: number | null;
  /** Workflow tasks that timed out (killed workers, load): not judged, a retry follows each. */
  workflowTaskTimeouts: number;
  seconds: number;
  phases: Record<string, number>;
  machine: { cpus: number; loadBefore: number; loadAfter: number };
  /** The run's folder, when it was kept. */
  folder?: string;
}

const CLAIMS_PER_SET = 200; // a multiple of the generator's cycle of 20 claims
/**
 * Five lines: the smallest claim then bills $112.50, above the $100 below which the rules write a CO-50
 * reconsideration off without asking anyone; so every denial of the file waits for a person.
 */
const LINES_PER_CLAIM = 5;
/** Denials per cycle of 20 claims sit at these positions (bench/remittance-generator.ts). */
const DENIAL_POSITIONS = [2, 6, 9, 15];
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Claims a generated file needs to hold exactly `denials` denials. */
export function claimsFor(denials: number): number {
  const rest = denials % DENIAL_POSITIONS.length;
  return 20 * Math.floor(denials / DENIAL_POSITIONS.length) + (rest ? (DENIAL_POSITIONS[rest - 1] as number) + 1 : 0);
}

/** What the seed decides: where each fault falls (a share of its phase) and whom people and the payer pick. */
export function planRun(denials: number, seed: number) {
  const rand = prng(seed);
  const share = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const pick = <T>(from: readonly T[], n: number): T[] => {
    const a = [...from];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    return a.slice(0, n);
  };
  return {
    killAtStart: share(0.15, 0.85),
    restartAtParked: share(0.2, 0.8),
    killAtClick: share(0.15, 0.85),
    killAtPayment: share(0.15, 0.85),
    approvals: Math.max(3, Math.round(denials * 0.05)),
    confirmations: Math.max(2, Math.round(denials * 0.025)),
    answers: Math.max(5, Math.round(denials * 0.1)),
    pick,
  };
}

/** A deliverer that counts what reached Temporal and calls `hook` with the running count. */
function counting(inner: Deliverer, hook: (n: number) => void): Deliverer {
  let n = 0;
  return {
    async start(...args) {
      const r = await inner.start(...args);
      if (r === 'started') hook(++n);
      return r;
    },
    async signal(...args) {
      const r = await inner.signal(...args);
      if (r === 'delivered') hook(++n);
      return r;
    },
    async reopen(...args) {
      const r = await inner.reopen(...args);
      if (r === 'reopened') hook(++n);
      return r;
    },
  };
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const t0 = Date.now();
  const say = (line: string) => opts.progress(`[chaos ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const loadBefore = os.loadavg()[0] as number;
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string) => {
    phases[name] = Math.round((Date.now() - phaseStart) / 1000);
    phaseStart = Date.now();
  };
  const plan = planRun(opts.denials, opts.seed);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-chaos-'));
  const dataDir = path.join(folder, 'data');

  // Everything the cleanup must stop, as it comes into being.
  let stopping = false;
  let dev: DevServer | undefined;
  let worker: WorkerProcess | undefined;
  let client: Client | undefined;
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  let ledger: SqliteLedgerStore | undefined;
  const cleanup = async () => {
    stopping = true;
    await worker?.stop(10_000).catch(() => undefined);
    await dev?.stop().catch(() => undefined);
    await client?.connection.close().catch(() => undefined);
    await smtp?.close().catch(() => undefined);
    await ledger?.close().catch(() => undefined);
    if (!opts.keep) fs.rmSync(folder, { recursive: true, force: true });
  };
  const unregister = opts.onCleanup?.(cleanup) ?? (() => undefined);

  try {
    // ---- set-up: the 835s, SMTP, the dev server, the ledger, the worker ------------------------------
    const generator: GeneratorOptions = {
      claims: claimsFor(opts.denials),
      linesPerClaim: LINES_PER_CLAIM,
      claimsPerSet: CLAIMS_PER_SET,
      seed: opts.seed,
      // Yesterday's remittance: every deadline still runs, so every denial waits for a person.
      remitDate: isoDay(Date.now() - DAY),
    };
    const file = path.join(folder, 'remittance.835');
    const generated = await generateRemittance(file, generator);
    const claims: GeneratedClaim[] = Array.from({ length: generator.claims }, (_, i) => generatedClaim(i, generator)).filter((c) => c.reason);
    const appeals = plan.pick(claims.filter((c) => c.kind === 'denied' && c.reason === '50'), plan.approvals);
    // Full CO-97 denials: a corrected claim a person must confirm (a partial denial's one small line can be
    // worth less than the work, and confirming that route writes it off: closed, with no task left).
    const corrections = plan.pick(claims.filter((c) => c.kind === 'denied' && c.reason === '97'), plan.confirmations);
    const paid = plan.pick(claims, plan.answers);
    const answersFile = path.join(folder, 'answers.835');
    await generateAnswers(answersFile, generator, paid.map((c) => c.index), isoDay(Date.now()));
    say(`generated ${generated.claims.toLocaleString('en-US')} claims (${generated.expected.denials} denials, ${(generated.bytes / 1e6).toFixed(1)} MB) and a later remittance paying ${paid.length}`);

    smtp = await startSmtp();
    const [temporalPort, uiPort] = [await freePort(), await freePort()];
    const devConfig = loadConfig({ DATA_DIR: dataDir, TEMPORAL_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort) });
    const settings = {
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      DATA_DIR: dataDir,
      CODEC_KEYS: `chaos=${crypto.randomBytes(32).toString('base64')}`,
      DENIAL_ID_KEY: crypto.randomBytes(32).toString('base64'),
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_SECONDS: '5',
    };
    const config: Config = loadConfig(settings);
    dev = await startDevServer(devConfig, say);
    // The chaos run's own store connection first: it applies the migrations before the worker opens the file.
    const db = openDenialsStore(dataDir);
    const keyring = deploymentKeyring(config);
    ledger = new SqliteLedgerStore(db, keyring);
    const journal = new IntakeJournal(sqliteDatabase(db), keyring);
    client = await connectClient(config, dataConverter(config));
    const c = client;

    let incarnations = 0;
    const workers: WorkerProcess[] = [];
    const spawnWorker = () => {
      if (stopping) return;
      const w = new WorkerProcess(++incarnations, workerEnvironment(settings), path.join(folder, `worker-${incarnations}.log`));
      workers.push(w);
      worker = w;
      // A worker that ends by itself is a finding; the run starts another so the rest can still be observed.
      void w.exited.then(() => {
        if (w.exitedByItself && worker === w && !stopping) {
          say(`worker ${w.incarnation} exited by itself (${w.exitDescription}); starting another`);
          spawnWorker();
        }
      });
    };
    const currentWorker = () => {
      if (!worker) throw new Error('no worker');
      return worker;
    };
    spawnWorker();
    await currentWorker().ready;
    say(`worker 1 ready (pid ${currentWorker().child.pid})`);
    phase('set-up');

    const faults: string[] = [];
    const kills: Observations['kills'] = [];
    const pendingFaults: Promise<void>[] = [];
    /** kill -9 of the current worker (once it runs: a worker still starting is not the fault), and a new one. */
    const killWorker = (when: string) => {
      const victim = currentWorker();
      pendingFaults.push(
        (async () => {
          await victim.ready;
          await victim.kill9();
          kills.push({ at: Date.now(), what: `worker ${victim.incarnation} killed -9` });
          faults.push(`worker ${victim.incarnation} killed -9 ${when}`);
          say(`worker ${victim.incarnation} killed -9 ${when}; starting worker ${incarnations + 1}`);
          spawnWorker();
        })(),
      );
    };

    const recordVolumes = async (volumes: Parameters<SqliteLedgerStore['recordRemittanceVolume']>[0][]) => {
      for (const v of volumes) await ledger!.recordRemittanceVolume(v);
    };
    const claimIdKey = Buffer.from(settings.DENIAL_ID_KEY, 'base64');
    const ingest = async (path835: string, hook: (n: number) => void = () => undefined): Promise<IngestReport> => {
      const deliverer = counting(temporalDeliverer(c, config.TEMPORAL_TASK_QUEUE), hook);
      const report = await ingestFile(path835, { via: 'cli', dryRun: false }, { claimIdKey, deliverer, journal, recordVolumes });
      await journal.saveReport(report);
      return report;
    };

    // ---- 1. the intake, with a kill -9 of the worker at a random start -------------------------------
    const killStart = Math.max(1, Math.floor(opts.denials * plan.killAtStart));
    const first = await ingest(file, (n) => {
      if (n === killStart) killWorker(`at start ${n} of ${opts.denials}`);
      if (n % 250 === 0 && n < opts.denials) say(`intake: ${n} workflows started`);
    });
    if (first.verdict !== 'accepted' || first.totals.denials !== opts.denials || first.totals.started !== opts.denials) {
      throw new Error(`the generated 835 did not start ${opts.denials} workflows: verdict ${first.verdict}, ${first.totals.denials} denials, ${first.totals.started} started, ${first.totals.errors} errors`);
    }
    const workflowOfClaim = new Map(first.claims.filter((l) => l.denial && l.workflowId && l.payerClaimControlNumber).map((l) => [l.payerClaimControlNumber!, l.workflowId!]));
    const workflowOf = (g: GeneratedClaim) => {
      const id = workflowOfClaim.get(g.payerClaimNumber);
      if (!id) throw new Error(`claim ${g.index} of the generated file has no workflow in the intake report`);
      return id;
    };
    say(`intake: ${first.totals.started} workflows started`);
    phase('intake');

    // ---- 2. the same file again -----------------------------------------------------------------------
    const second = await ingest(file);
    say(`second ingestion: ${second.totals.started} started, ${second.totals.signaled} signaled, ${second.totals.duplicates} duplicates`);
    phase('second ingestion');

    // ---- 3. the dev server stopped and started again on the same database ---------------------------------
    const parkedNow = async () => (await ledger!.denialFacts()).filter((f) => !!f.taskKind).length;
    const restartAt = Math.max(1, Math.floor(opts.denials * plan.restartAtParked));
    for (let waited = 0, parked = await parkedNow(); parked < restartAt; parked = await parkedNow()) {
      if ((waited += 500) > 600_000) throw new Error(`only ${parked} of ${opts.denials} denials reached their first task in 10 minutes: is the worker running?`);
      await sleep(500);
    }
    const parkedAtRestart = await parkedNow();
    await dev.stop();
    say(`dev server stopped with ${parkedAtRestart} of ${opts.denials} denials parked; starting it again`);
    dev = await startDevServer(devConfig, say);
    faults.push(`dev server restarted on the same database with ${parkedAtRestart} of ${opts.denials} denials parked`);
    phase('server restart');

    // ---- 4. the same file a third time ------------------------------------------------------------------
    const third = await ingest(file);
    say(`third ingestion: ${third.totals.started} started, ${third.totals.signaled} signaled, ${third.totals.duplicates} duplicates`);
    phase('third ingestion');

    // ---- 5. people double-click, with a kill -9 of the worker at a random click ------------------------
    await Promise.all(pendingFaults.splice(0));
    await currentWorker().ready;
    const acts: Act[] = [
      ...appeals.map((g): Act => ({
        workflowId: workflowOf(g),
        action: 'approve-packet',
        task: 'prepare_appeal',
        route: 'reconsideration',
        // Since the commercial default's 2026.2 version its reconsideration window is unverified: a person confirms it first.
        first: { action: 'confirm-route', task: 'confirm_route', data: { decision: 'confirm', reason: 'The payer confirmed its reconsideration window by phone.' } },
        data: { argument: 'The progress notes document the medical necessity of the service.' },
      })),
      ...corrections.map((g): Act => ({
        workflowId: workflowOf(g),
        action: 'confirm-route',
        task: 'confirm_route',
        route: 'corrected_claim',
        data: { decision: 'confirm', reason: 'The modifier was missing; a corrected claim follows.' },
      })),
    ];
    const killClick = Math.max(1, Math.floor(acts.length * 2 * plan.killAtClick));
    let clicks = 0;
    const outcomes: ActOutcome[] = await eachLimited(acts, 4, (act) =>
      doubleClick(c, act, () => {
        if (++clicks === killClick) killWorker(`at click ${clicks} of ${acts.length * 2}`);
      }),
    );
    const accepted = outcomes.reduce((n, o) => n + o.accepted, 0);
    say(`people: ${acts.length} double clicks, ${accepted} clicks accepted, ${outcomes.reduce((n, o) => n + o.refusals.length, 0)} refused`);
    phase('people');

    // ---- 6. the later remittance, with a kill -9 of the worker at a random payment ----------------------
    await Promise.all(pendingFaults.splice(0));
    await currentWorker().ready;
    const killPayment = Math.max(1, Math.floor(paid.length * plan.killAtPayment));
    const answers = await ingest(answersFile, (n) => {
      if (n === killPayment) killWorker(`at payment ${n} of ${paid.length}`);
    });
    if (answers.totals.signaled !== paid.length) throw new Error(`the later remittance signaled ${answers.totals.signaled} of ${paid.length} workflows (${answers.totals.notTracked} not tracked, ${answers.totals.closed} closed)`);
    await Promise.all(pendingFaults.splice(0));
    say(`later remittance: ${answers.totals.signaled} payments delivered`);
    phase('answers');

    // ---- 7. settle, observe, judge -----------------------------------------------------------------------------
    const answeredIds = new Set(paid.map(workflowOf));
    const ids = [...new Set(first.claims.filter((l) => l.denial && l.workflowId).map((l) => l.workflowId!))];
    const observeAll = async (): Promise<CaseObservation[]> => {
      const facts = new Map((await ledger!.denialFacts()).map((f) => [f.workflowId, f]));
      return eachLimited(ids, 16, (id) => {
        const f = facts.get(id);
        const row = f ? { stage: f.stage, lastSeq: f.lastSeq, ...(f.resolution ? { resolution: f.resolution } : {}), ...(f.taskKind ? { taskKind: f.taskKind } : {}) } : null;
        return observeCase(c, ledger!, id, answeredIds.has(id), row);
      });
    };
    const settled = await settle({
      client: c,
      ledger,
      expected: ids.length,
      answered: answeredIds,
      observeAll,
      mails: () => smtp!.received.length,
      say,
      timeoutMs: 300_000 + opts.denials * 600,
      ready: () => currentWorker().ready,
    });
    phase('settle');

    // Settled: nothing moved since the views were read, and a fresh worker would replay every workflow to
    // answer them again (minutes for 1,000). Otherwise read them once more as they are now.
    say('observing: views and ledger');
    const cases = settled.cases ?? (await observeAll());
    say('observing: visibility and histories');
    const workflowCount = await countWorkflows(c, "WorkflowType='denialWorkflow'");
    const failed = await countWorkflows(c, "ExecutionStatus='Failed'");
    const tasks = await workflowTaskTrouble(c, (done, total) => say(`histories: ${done} of ${total} read`));
    // What the worker said when it failed the task (core prints the commands it compared), for the report.
    for (const f of tasks.failures) f.log = workerLogLinesAbout(folder, [f.workflowId, ...tasks.histories.filter((h) => h.workflowId === f.workflowId).map((h) => h.runId)]);
    say(`observing: replaying ${tasks.histories.length} histories`);
    const unreplayable = await historiesThatDoNotReplay(tasks.histories, dataConverter(config));
    // A history that failed is the evidence: kept beside the worker logs, to replay under a debugger.
    const bad = new Set([...tasks.failures.map((f) => f.workflowId), ...unreplayable.map((u) => u.workflowId)]);
    const evidence = opts.keep ? folder : bad.size && opts.evidence ? path.join(opts.evidence, `seed-${opts.seed}`) : null;
    if (evidence && bad.size) {
      fs.mkdirSync(path.join(evidence, 'histories'), { recursive: true, mode: 0o700 });
      for (const h of tasks.histories.filter((x) => bad.has(x.workflowId))) {
        const name = `${h.workflowId}-${h.runId}`;
        fs.writeFileSync(path.join(evidence, 'histories', `${name}.json`), historyToJSON(temporal.api.history.v1.History.fromObject(h.history)), { mode: 0o600 });
        if (evidence !== folder) fs.writeFileSync(path.join(evidence, 'histories', `${name}.log`), workerLogLinesAbout(folder, [h.workflowId, h.runId]).join('\n'), { mode: 0o600 });
      }
      if (evidence !== folder) fs.writeFileSync(path.join(evidence, 'settings.json'), JSON.stringify({ ...settings, SMTP_URL: undefined }, null, 2), { mode: 0o600 });
      say(`observing: ${bad.size} failing histories written to ${evidence}`);
    }
    say('observing: mail and packets');
    const observations: Observations = {
      denials: opts.denials,
      workflows: workflowCount,
      failed,
      workflowTaskFailures: tasks.failures,
      unreplayable,
      cases,
      reingests: [second, third].map((r) => ({ started: r.totals.started, signaled: r.totals.signaled, duplicates: r.totals.duplicates })),
      mails: smtp.received.map((m) => ({
        id: messageIdKey(m.headers['message-id'] ?? ''),
        at: m.at,
        kind: m.headers['x-denials-kind'] ?? '?',
        workflowId: m.headers['x-denials-workflow'] ?? '?',
      })),
      kills,
      taskMailId: taskMailKey,
      doubleClicks: outcomes.map((o): DoubleClick => ({ workflowId: o.workflowId, action: o.action, taskId: o.taskId })),
      packetsByWorkflow: await packetsByWorkflow(path.join(dataDir, 'documents'), keyring, workflowOfClaim),
    };
    // What arrived, for a look afterwards beside the sent-markers and the worker logs.
    if (opts.keep) {
      fs.writeFileSync(path.join(folder, 'observations.json'), JSON.stringify({ ...observations, packetsByWorkflow: Object.fromEntries(observations.packetsByWorkflow) }));
      // The run's own throwaway keys, so the kept Temporal database can be read again (npm start with this environment).
      fs.writeFileSync(path.join(folder, 'settings.json'), JSON.stringify({ ...settings, SMTP_URL: undefined }, null, 2), { mode: 0o600 });
    }
    const selfExits = workers.filter((w) => w.exitedByItself);
    const figures: Figure[] = [
      ...judge(observations),
      {
        name: 'worker exits the run did not cause',
        value: String(selfExits.length),
        want: '0',
        ok: selfExits.length === 0,
        ...(selfExits.length ? { examples: selfExits.map((w) => `worker ${w.incarnation}: ${w.exitDescription}, see worker-${w.incarnation}.log`) } : {}),
      },
    ];
    phase('observe');
    return {
      ok: figures.every((f) => f.ok),
      seed: opts.seed,
      denials: opts.denials,
      figures,
      faults,
      workload:
        `${opts.denials.toLocaleString('en-US')} denials in one 835 of ${generated.claims.toLocaleString('en-US')} claims (${(generated.bytes / 1e6).toFixed(1)} MB), ingested 3 times; ` +
        `${appeals.length} approve-packet and ${corrections.length} confirm-route double clicks; ${paid.length} claims paid by a later remittance; ${smtp.received.length.toLocaleString('en-US')} mails received`,
      settledAfterSeconds: settled.seconds,
      workflowTaskTimeouts: tasks.timeouts,
      seconds: Math.round((Date.now() - t0) / 1000),
      phases,
      machine: { cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg()[0] as number },
      ...(opts.keep ? { folder } : {}),
    };
  } catch (err) {
    // The logs that say why are in the run's folder, which the cleanup removes unless it is kept.
    const logs = opts.keep ? `the run's folder ${folder} holds the worker logs and temporal-server.log` : 'run again with --keep to keep the worker logs and temporal-server.log';
    throw new Error(`${(err as Error).message} (${logs})`, { cause: err });
  } finally {
    await cleanup();
    unregister();
  }
}

interface SettleInput {
  client: Client;
  ledger: SqliteLedgerStore;
  expected: number;
  answered: Set<string>;
  observeAll: () => Promise<CaseObservation[]>;
  mails: () => number;
  say: (line: string) => void;
  timeoutMs: number;
  ready: () => Promise<void>;
}

/**
 * Waits until every denial is where it should be in the ledger's read model and in its own view, no
 * execution has an activity or workflow task pending, and no mail arrived for five seconds. Returns the
 * seconds it took and what it saw last, or null seconds when it gave up (the figures then show what did
 * not settle).
 */
async function settle(s: SettleInput): Promise<{ seconds: number | null; cases?: CaseObservation[] }> {
  const started = Date.now();
  let lastSaid = 0;
  const tell = (line: string) => {
    if (Date.now() - lastSaid < 10_000) return;
    lastSaid = Date.now();
    s.say(`settling: ${line}`);
  };
  while (Date.now() - started < s.timeoutMs) {
    await s.ready();
    const facts = await s.ledger.denialFacts();
    // A denial that closed otherwise than expected never gets there: waiting for it would not end.
    const inLedger = facts.filter((f) => isClosed(f.stage) || (!s.answered.has(f.workflowId) && !!f.taskKind)).length;
    if (inLedger < s.expected) {
      tell(`${inLedger} of ${s.expected} denials where they should be in the ledger`);
      await sleep(2000);
      continue;
    }
    const cases = await s.observeAll();
    const closed = (c: CaseObservation) => !!c.view && isClosed(c.view.stage) && !!c.facts && isClosed(c.facts.stage);
    const agreed = cases.filter((c) => (settledAsExpected(c) || closed(c)) && c.facts?.lastSeq === Math.max(0, ...(c.view?.timeline ?? []).map((t) => t.seq))).length;
    if (agreed < s.expected) {
      s.say(`settling: ${agreed} of ${s.expected} denials agree in view and ledger`);
      await sleep(3000);
      continue;
    }
    const mailsBefore = s.mails();
    const busy = await pendingWork(s.client);
    if (busy) {
      s.say(`settling: ${busy}`);
      await sleep(3000);
      continue;
    }
    await sleep(5000);
    if (s.mails() !== mailsBefore) continue;
    // Nothing was appended since the views were read: they are still what the denials look like.
    const seen = new Map(cases.map((c) => [c.workflowId, c.facts?.lastSeq]));
    if ((await s.ledger.denialFacts()).some((f) => seen.has(f.workflowId) && seen.get(f.workflowId) !== f.lastSeq)) continue;
    return { seconds: Math.round((Date.now() - started) / 1000), cases };
  }
  return { seconds: null };
}

/** What is still pending on any running execution, or '' when nothing is. */
async function pendingWork(client: Client): Promise<string> {
  const running: string[] = [];
  for await (const wf of client.workflow.list({ query: "ExecutionStatus='Running'" })) running.push(wf.workflowId);
  const described = await eachLimited(running, 16, async (id) => {
    const d = await client.workflow.getHandle(id).describe();
    return { activities: d.raw.pendingActivities?.length ?? 0, task: d.raw.pendingWorkflowTask ? 1 : 0 };
  });
  const activities = described.reduce((n, d) => n + d.activities, 0);
  const tasks = described.reduce((n, d) => n + d.task, 0);
  return activities || tasks ? `${activities} activities and ${tasks} workflow tasks pending on ${running.length} running executions` : '';
}
