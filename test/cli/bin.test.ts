// The `denials` bin as a user runs it: spawned from a cwd outside the clone (also through a symlink, as npm
// links bins, and through `npx` inside the clone), dispatching to each command with its --json and exit codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloneDataDir, COMMANDS } from '../../client/cli/index';
import { loadKeyring } from '../../runtime/codec';
import { SqliteLedgerStore } from '../../runtime/store/sqlite-ledger';
import { recoveredAppeal, volume } from '../fixtures/ledger';
import { repoRoot } from '../support/launcher';

const BIN = path.join(repoRoot, 'bin', 'denials.mjs');
const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-cwd-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denials-data-'));

function denials(args: string[], opts: { bin?: string; cwd?: string } = {}) {
  return spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd ?? elsewhere,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '' },
    encoding: 'utf8',
  });
}

describe('the denials bin', () => {
  beforeAll(async () => {
    // The key ring the commands load from the data folder (embedded default): generated here first.
    const store = SqliteLedgerStore.open(dataDir, loadKeyring({ dataDir, embedded: true, warn: () => undefined }));
    for (const e of recoveredAppeal('denial-won')) await store.append(e);
    await store.recordRemittanceVolume(volume('MEDICARE-A:T1', { claims: 8, chargeCents: 800_000 }));
    await store.close();
  });

  it('--help lists every command', () => {
    const r = denials(['--help']);
    expect(r.status).toBe(0);
    for (const name of ['ingest', 'list', 'show', 'act', 'attach', 'history', 'packet', 'claim', 'status-inquiry', 'explain', 'kpis', 'report', 'prevention', 'users', 'files', 'sample-835']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(Object.keys(COMMANDS)).toHaveLength(16);
  });

  it('an unknown command exits 2 naming the known ones', () => {
    const r = denials(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Unknown command "frobnicate"; the commands are ingest, sample-835, list, show, act, attach, history, packet, claim, status-inquiry, explain, prevention, kpis, report, users, files\./);
    expect(denials([]).status).toBe(2);
  });

  it('explain --json prints the explanation as JSON', () => {
    const r = denials(['explain', '--json', '--adjustment', 'CO-50', '--remark', 'N115', '--filing-indicator', 'MB', '--service-date', '2026-01-10', '--remit-date', '2026-03-02', '--amount', '240', '--today', '2026-03-10']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout) as { classification: { primary: { category: string } }; deadlines: { primary: { dueDate: string } } };
    expect(e.classification.primary.category).toBe('medical_necessity');
    expect(e.deadlines.primary.dueDate).toBe('2026-07-05');
  });

  it('kpis --json reads the ledger of DATA_DIR, and a bad flag keeps exit code 2', () => {
    const r = denials(['kpis', '--from', '2026-03-01', '--to', '2026-03-07', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const k = JSON.parse(r.stdout) as { denials: { count: number }; recoveredCents: number };
    expect(k.denials.count).toBe(1);
    expect(k.recoveredCents).toBe(24_000);

    const bad = denials(['kpis', '--from', '2026-02-30', '--json']);
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({ ok: false, error: '--from: expected a date YYYY-MM-DD' });
    // A denial subcommand: the usage error of `denial show` without an id.
    const show = denials(['show']);
    expect(show.status).toBe(2);
    expect(show.stderr).toMatch(/^show needs a workflow id\n\n`denials show --help` lists its options\./);
  });

  it('runs through a symlink from another folder, as npm links bins', () => {
    const link = path.join(elsewhere, 'denials');
    fs.symlinkSync(BIN, link);
    const r = denials(['--help'], { bin: link });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: denials <command>/);
  });

  it('runs as `npx denials` from a folder inside the clone', () => {
    const r = spawnSync('npx', ['--offline', 'denials', 'explain', '--help'], { cwd: path.join(repoRoot, 'client'), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run explain/);
  });

  it("defaults DATA_DIR to the clone's data folder, not the cwd", () => {
    expect(cloneDataDir({}, '/srv/denials')).toBe('/srv/denials/data');
    expect(cloneDataDir({ DATA_DIR: 'elsewhere' }, '/srv/denials')).toBeUndefined();
    expect(cloneDataDir({ DENIALS_CONFIG: 'prod.json' }, '/srv/denials')).toBeUndefined();
    expect(cloneDataDir({})).toBe(path.join(repoRoot, 'data'));
  });
});
