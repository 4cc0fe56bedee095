/**
 * `npm run ingest -- <files or folders> [--dry-run] [--json]`: feeds 835, 837 and claim status (277,
 * 277CA, 999) files through the intake and prints what each claim or answer became. Exit code 0 when every file was accepted without errors, 1 otherwise,
 * 2 for a usage error.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { codecKeysFile } from '../../runtime/codec';
import { ConfigError, loadConfig } from '../../runtime/config';
import { connectClient } from '../../runtime/temporal';
import { existingClaimIdKey } from '../../runtime/at-rest/claim-id-key';
import { loadFeeSchedule } from '../ingest/fee-schedule-file';
import { ingestFile, IngestInputError } from '../ingest/pipeline';
import { createIntake } from '../ingest/intake';
import { quarantinedClaimLines } from '../ingest/quarantined-text';
import { isStatusReport, type IngestReport } from '../ingest/report';
import { statusAnswerLines, statusSummaryLine } from '../ingest/status-answer-text';
import { reportJson } from '../ingest/report-json';
import { summaryOnly, type ReportSink } from '../ingest/report-stream';
import { textOut } from '../ingest/text-out';
import { EXIT, UsageError, runMain } from './output';

const USAGE = `Usage: npm run ingest -- <file or folder>... [--dry-run] [--json]

  Reads X12 835 remittance files (folders: every file inside, recursively), detects denials and
  underpayments, and starts one denial workflow per denied claim (later remittances for the same claim
  go to its workflow). Running the same file again starts nothing new and says so.
  An 837P/837I file (the practice's own claims, told by ST01) is stored claim by claim instead, to be
  matched to its denials; a claim already stored is reported already known.
  A 277, 277CA or 999 (claim status and acknowledgements) goes to the denial each answer is about, as a
  signal, once; each answer is listed with its denial, or why it matched none.

  --dry-run   parse and detect only; no Temporal, nothing recorded
  --json      print the reports as one JSON document, each claim written as it is produced (CLP01,
              status, charge, paid, denial and why, adjustments); the run's totals come last`;

function expand(inputs: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) if (!entry.startsWith('.')) walk(path.join(p, entry));
    } else if (stat.isFile()) files.push(p);
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) missing.push(input);
    else walk(input);
  }
  return { files, missing };
}

const PASS_LABEL: Record<string, string> = { validate: 'checking', deliver: 'delivering', store: 'storing' };

function progressPrinter(enabled: boolean) {
  let last = 0;
  return (p: { file: string; pass: string; bytesRead: number; bytesTotal: number; claims: number }) => {
    if (!enabled || p.bytesTotal < 5_000_000) return;
    const now = Date.now();
    if (now - last < 1000 && p.bytesRead < p.bytesTotal) return;
    last = now;
    const pct = Math.floor((100 * p.bytesRead) / p.bytesTotal);
    process.stderr.write(`  ${p.file}: ${PASS_LABEL[p.pass] ?? p.pass} ${pct}% (${p.claims} claims)\n`);
  };
}

function summaryLine(r: IngestReport): string {
  const t = r.totals;
  if (r.verdict === 'rejected') {
    const first = r.findings.find((f) => f.severity !== 'warning');
    return `${r.file}: REJECTED, nothing ${r.transaction === '837' ? 'stored' : isStatusReport(r) ? 'signaled' : 'started'}. ${first ? first.message + (first.position.segmentId ? ` (segment ${first.position.segment}, ${first.position.segmentId})` : '') : ''}`;
  }
  if (r.transaction === '837') return claimsSummaryLine(r);
  if (isStatusReport(r)) return statusSummaryLine(r);
  const parts = [`${t.claims} claims`, `${t.denials} denials`];
  if (r.dryRun) parts.push('dry run: nothing started');
  else parts.push(`${t.started} started`, `${t.signaled} signaled`, `${t.duplicates} duplicates`);
  if (t.notTracked) parts.push(`${t.notTracked} payments without a denial workflow`);
  if (t.closed) parts.push(`${t.closed} for closed workflows (not delivered)`);
  if (t.reopened) parts.push(`${t.reopened} recovered denials reopened (the payer took money back)`);
  if (t.quarantined) parts.push(`${t.quarantined} quarantined`);
  if (t.skippedSets) parts.push(`${t.skippedSets} non-835 sets skipped`);
  if (t.warnings) parts.push(`${t.warnings} warnings`);
  if (t.errors) parts.push(`${t.errors} errors`);
  const tail = r.alreadyIngested ? ' Already ingested: nothing new.' : '';
  const silent = r.silentMoney && r.silentMoney.items.length + r.silentMoney.itemsOmitted > 0 ? `\n  ${silentMoneyLine(r.silentMoney)}` : '';
  return `${r.file}: ${parts.join(', ')}.${tail}${silent}`;
}

/** An 837 of the practice's own claims: what was stored, what the store already had. */
function claimsSummaryLine(r: IngestReport): string {
  const t = r.totals;
  const parts = [`837: ${t.claims} submitted claims (${t.claimsTotalCharge} charged)`];
  parts.push(r.dryRun ? 'dry run: nothing stored' : `${t.stored} stored, ${t.alreadyKnown} already known`);
  if (t.quarantined) parts.push(`${t.quarantined} quarantined`);
  if (t.skippedSets) parts.push(`${t.skippedSets} non-837 sets skipped`);
  if (t.warnings) parts.push(`${t.warnings} warnings`);
  if (t.errors) parts.push(`${t.errors} errors`);
  return `${r.file}: ${parts.join(', ')}.${r.alreadyIngested ? ' Already known: nothing new.' : ''}`;
}

/** Money taken back or added without a denial code: what a person reconciling the deposit needs to see. */
function silentMoneyLine(s: NonNullable<IngestReport['silentMoney']>): string {
  const kinds = Object.entries(s.byKind).map(([kind, amount]) => `${kind.replace(/_/g, ' ')} ${amount}`);
  const unexplained = s.unexplained.length ? `; not explained by its claims and adjustments: ${s.unexplained.map((u) => `set ${u.set} ${u.amount}`).join(', ')}` : '';
  return `Silent money: ${s.takenBack} taken back, ${s.added} added (${kinds.join(', ')})${unexplained}.`;
}

export async function main(argv: string[]): Promise<number> {
  let values: { 'dry-run'?: boolean; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    }));
    if (values.help) {
      console.log(USAGE);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new UsageError('Name at least one 835 file or folder.');
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const json = values.json ?? false;
  const dryRun = values['dry-run'] ?? false;
  const say = (line: string) => {
    if (!json) console.log(line);
  };

  const { files, missing } = expand(positionals);
  const errors: string[] = missing.map((m) => `${m}: no such file or folder`);
  const reports: IngestReport[] = [];
  const progress = progressPrinter(!json);

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : (err as Error).message);
    return EXIT.usage;
  }
  const warn = (m: string) => process.stderr.write(`WARN: ${m}\n`);
  const client = dryRun ? undefined : await connectClient(config).catch((err: Error) => {
    throw new Error(`Cannot reach Temporal at ${config.temporalAddress}: ${err.message}. Start it with \`npm start\`, or use --dry-run.`);
  });
  const intake = dryRun ? undefined : createIntake(config, client, warn);
  // A dry run computes the workflow ids with the deployment's key when there is one, and records nothing.
  let feeSchedule;
  try {
    feeSchedule = dryRun && config.FEE_SCHEDULE ? loadFeeSchedule(config.FEE_SCHEDULE) : undefined;
  } catch (err) {
    console.error((err as Error).message);
    return EXIT.usage;
  }
  const dryKey = existingClaimIdKey({ configured: config.DENIAL_ID_KEY, dataDir: config.dataDir }) ?? crypto.randomBytes(32);
  // A kept (sealed) 835 can be dry-run too, with the deployment's keys when it has some; nothing is generated.
  const dryKeyring = config.CODEC_KEYS || fs.existsSync(codecKeysFile(config.dataDir)) ? deploymentKeyring(config, warn) : undefined;
  // --json writes each claim line to stdout as it is produced; `reports` keeps only the summaries.
  const out = json ? textOut(process.stdout) : undefined;
  await out?.write(`{\n  "dryRun": ${dryRun},\n  "reports": [`);
  let printedReports = 0;
  try {
    for (const file of files) {
      const printed = out ? reportJson(out, 2) : undefined;
      const sink: ReportSink = printed
        ? { ...printed, begin: async (head) => (await out!.write(`${printedReports++ ? ',' : ''}\n    `), printed.begin(head)) }
        : summaryOnly;
      try {
        const report = intake
          ? await intake.ingest(file, { via: 'cli', dryRun }, progress, sink)
          : await ingestFile(file, { via: 'cli', dryRun: true }, { claimIdKey: dryKey, onProgress: progress, keyring: dryKeyring, report: sink, ...(feeSchedule ? { feeSchedule } : {}) });
        reports.push(report);
        say(summaryLine(report));
        for (const line of quarantinedClaimLines(report)) say(`  ${line}`);
        for (const line of statusAnswerLines(report)) say(`  ${line}`);
        if (report.verdict === 'rejected') errors.push(`${file}: rejected`);
      } catch (err) {
        if (err instanceof IngestInputError) errors.push(err.message);
        else errors.push(`${file}: ${(err as Error).message}`);
        say(`${file}: FAILED: ${(err as Error).message}`);
        // A report cut short by the failure is closed with its reason, so stdout stays one JSON document.
        await printed?.abort((err as Error).message);
      }
    }
  } finally {
    await intake?.close();
    await client?.connection.close();
  }

  const sum = (k: keyof IngestReport['totals']) => reports.reduce((n, r) => n + Number(r.totals[k]), 0);
  const totals = {
    files: files.length + missing.length,
    accepted: reports.filter((r) => r.verdict === 'accepted').length,
    rejected: reports.filter((r) => r.verdict === 'rejected').length,
    claims: sum('claims'),
    denials: sum('denials'),
    started: sum('started'),
    signaled: sum('signaled'),
    duplicates: sum('duplicates'),
    notTracked: sum('notTracked'),
    claimsStored: sum('stored'),
    claimsAlreadyKnown: sum('alreadyKnown'),
    statusAnswers: sum('answers'),
    statusUnmatched: sum('unmatched'),
    statusAmbiguous: sum('ambiguous'),
    quarantined: sum('quarantined'),
    warnings: sum('warnings'),
    errors: sum('errors') + errors.length,
  };
  if (out) {
    const nested = (value: unknown) => JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
    await out.write(`${printedReports ? '\n  ]' : ']'},\n  "totals": ${nested(totals)},\n  "errors": ${nested(errors)},\n  "ok": ${errors.length === 0}\n}\n`);
    await out.flush();
  } else {
    for (const e of missing) console.error(`${e}: no such file or folder`);
    say('');
    say(
      `Summary: ${totals.files} files (${totals.accepted} accepted, ${totals.rejected} rejected), ${totals.claims} claims, ${totals.denials} denials, ` +
        (dryRun ? 'dry run: nothing started' : `${totals.started} workflows started, ${totals.signaled} signals to existing workflows, ${totals.duplicates} duplicates`) +
        (totals.claimsStored + totals.claimsAlreadyKnown ? `, ${totals.claimsStored} submitted claims stored, ${totals.claimsAlreadyKnown} already known` : '') +
        (totals.statusAnswers ? `, ${totals.statusAnswers} claim status answers (${totals.statusUnmatched} matched no denial, ${totals.statusAmbiguous} more than one)` : '') +
        `, ${totals.warnings} warnings, ${totals.errors} errors.`,
    );
    if (!dryRun && totals.files > 0 && totals.started + totals.signaled === 0 && totals.duplicates > 0) say('Nothing new: every claim in these files was already delivered.');
  }
  return errors.length === 0 && totals.errors === 0 ? EXIT.ok : EXIT.failed;
}

if (require.main === module) runMain(main, USAGE);
