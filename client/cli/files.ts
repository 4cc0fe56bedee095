/**
 * `npx denials files`: the files the app keeps encrypted at rest. `show` prints one in clear (a kept 835,
 * its report or error file, a document); `seal` is the one-off migration of what a release before
 * encryption at rest left in clear (documents, kept 835s and reports, the ledger's free text), and with
 * --rotate re-encrypts what an older key sealed, so the key can leave CODEC_KEYS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { IntakeJournal } from '../ingest/journal';
import { inboxFolders } from '../ingest/inbox';
import { deploymentKeyring } from '../../runtime/at-rest/keyring';
import { OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { resealFolders } from '../../runtime/at-rest/reseal';
import { readOpenedFile } from '../../runtime/at-rest/sealed-files';
import { loadConfig } from '../../runtime/config';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { denialsStorePath } from '../../runtime/store/schema';
import { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import { reportsFolder } from '../ingest/saved-report';
import { EXIT, UsageError, runMain } from './output';

const USAGE = `Usage: npx denials files show <file> [--out <file>]
       npx denials files seal [--rotate] [--json]

  show <file>   print a file the app keeps encrypted (a processed or rejected 835, its .report.json or
                .error.txt, an upload, a document) in clear; --out writes it to a file (owner-only)
  seal          encrypt what a release before encryption at rest kept in clear under DATA_DIR
                (documents, processed/, rejected/, uploads/, reports/) and the free text of the ledger (also at
                DATABASE_URL) and of the intake reports; safe to run while the app runs, and again
  --rotate      with seal: also re-encrypt what a key other than the first of CODEC_KEYS sealed; once it
                has run, that key can be removed from CODEC_KEYS (keep it as long as Temporal holds
                payloads it encrypted)
  --json        print the counts as JSON`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, rotate: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const [command, file] = positionals;
  const config = loadConfig();
  const keyring = deploymentKeyring(config);
  if (command === 'show') {
    if (!file) throw new UsageError('show needs the file to print.');
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    const plain = readOpenedFile(file, keyring);
    if (values.out) fs.writeFileSync(values.out, plain, { mode: OWNER_ONLY_FILE });
    else process.stdout.write(plain);
    return EXIT.ok;
  }
  if (command !== 'seal') throw new UsageError(command ? `Unknown files command ${command}.` : 'Name a files command: show or seal.');
  const rotate = values.rotate ?? false;
  const kept = inboxFolders(config.dataDir);
  const folders = [path.join(config.dataDir, 'documents'), kept.processed, kept.rejected, path.join(config.dataDir, 'uploads'), reportsFolder(config.dataDir)];
  const files = await resealFolders(folders, keyring, rotate);
  const ledger = openConfiguredLedger(config);
  let rows: number;
  try {
    rows = await ledger.sealStoredText({ rotate });
  } finally {
    await ledger.close();
  }
  let reports = 0;
  let claims = 0;
  if (config.DATABASE_URL || fs.existsSync(denialsStorePath(config.dataDir))) {
    const journal = IntakeJournal.open({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring });
    const claimStore = SubmittedClaimStore.open({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring });
    try {
      reports = await journal.sealStoredReports({ rotate });
      claims = await claimStore.sealStoredText({ rotate });
    } finally {
      await journal.close();
      await claimStore.close();
    }
  }
  const counts = { ok: true, key: keyring.active.id, filesChecked: files.checked, filesSealed: files.sealed, ledgerRowsSealed: rows, intakeReportsSealed: reports, submittedClaimRowsSealed: claims };
  console.log(
    values.json
      ? JSON.stringify(counts)
      : `Sealed with key ${counts.key}: ${files.sealed} of ${files.checked} kept files, ${rows} ledger rows, ${reports} intake reports, ${claims} submitted claim rows${rotate ? ' (in clear or under an older key)' : ' (that were in clear)'}.`,
  );
  return EXIT.ok;
}

if (require.main === module) runMain(main, USAGE);
