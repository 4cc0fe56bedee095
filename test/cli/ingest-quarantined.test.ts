// A claim the reader quarantines is listed, not lost: in --json among the report's claims (CLP01, charge
// as given, position, why) and in the readable output under "Quarantined claims", while the good denial
// in the same file is still processed. No patient name or member id in either.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestReport } from '../../client/ingest/report';
import { fixturePatient, malformedClaimsRemittance, segmentNumber } from '../fixtures/remittances';
import { runCli } from '../support/cli';

const at = (prefix: string) => segmentNumber(malformedClaimsRemittance, prefix);

function expectNoPatient(text: string): void {
  for (const phi of Object.values(fixturePatient)) expect(text).not.toContain(phi);
}

describe('ingest lists quarantined claims', () => {
  let file: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-quarantined-'));
    file = path.join(dir, 'malformed.835');
    fs.writeFileSync(file, malformedClaimsRemittance);
    env = { DATA_DIR: path.join(dir, 'data') };
  });

  it('--json: each quarantined claim with CLP01, charge, position and why; the denial still detected', async () => {
    const r = await runCli('ingest.ts', ['--dry-run', '--json', file], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // quarantined claims are errors: the file was not read whole
    const report = (JSON.parse(r.stdout) as { reports: IngestReport[] }).reports[0]!;
    expect(report.verdict).toBe('accepted');
    expect(report.totals).toMatchObject({ claims: 1, denials: 1, quarantined: 2 });
    expect(report.claims).toHaveLength(3);
    expect(report.claims[0]).toMatchObject({ clp01: 'ACCT-1001', charge: '240', denial: true, delivery: 'dry-run' });
    expect(report.claims.slice(1)).toMatchObject([
      {
        clp01: 'ACCT-2002',
        charge: '80',
        delivery: 'quarantined',
        position: { set: '0003', segment: at('CLP*ACCT-2002') },
        why: [{ code: 'invalid-amount', message: "CAS03 amount '8O' is not a number." }],
      },
      {
        clp01: 'ACCT-3003',
        charge: '',
        delivery: 'quarantined',
        position: { set: '0003', segment: at('CLP*ACCT-3003') },
        why: [{ code: 'invalid-amount', message: "CLP03 amount 'EIGHTY' is not a number." }],
      },
    ]);
    expectNoPatient(r.stdout);
  });

  it('readable: a "Quarantined claims" section naming CLP01, charge, segment and reason', async () => {
    const r = await runCli('ingest.ts', ['--dry-run', file], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^malformed\.835: 1 claims, 1 denials, dry run: nothing started, 2 quarantined, 2 errors\.$/m);
    const section = r.stdout.slice(r.stdout.indexOf('Quarantined claims'));
    expect(section.split('\n').slice(0, 3)).toEqual([
      'Quarantined claims (not delivered):',
      `    ACCT-2002, charge 80, set 0003, segment ${at('CLP*ACCT-2002')}: invalid-amount: CAS03 amount '8O' is not a number.`,
      `    ACCT-3003, charge unreadable, set 0003, segment ${at('CLP*ACCT-3003')}: invalid-amount: CLP03 amount 'EIGHTY' is not a number.`,
    ]);
    expectNoPatient(`${r.stdout}${r.stderr}`);
  });
});
