// `npm run denial` against a real dev server with the product's worker: show, act, attach, history, a
// rejected action explained, exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, type Intake } from '../../client/ingest/intake';
import type { DenialView } from '../../workflows/denial-messages';
import { remittance835 } from '../../domain/remittance/sample-835';
import { daysFromNow } from '../fixtures/remittances';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { runCli } from '../support/cli';

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli('denial.ts', args, env);

describe('npm run denial', () => {
  let dev: DevEnv;
  let intake: Intake;
  let env: NodeJS.ProcessEnv;
  let workflowId: string;

  beforeAll(async () => {
    dev = await startDevEnv();
    intake = createIntake(dev.config, dev.client, () => undefined);
    env = { TEMPORAL_ADDRESS: dev.env.address, DATA_DIR: dev.config.dataDir, CODEC_KEYS: dev.config.CODEC_KEYS, DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY };
    const file = path.join(dev.config.dataDir, 'denied.835');
    fs.writeFileSync(
      file,
      remittance835({ remitDate: daysFromNow(-3), claims: [{ account: 'CLI-1', icn: 'ICN-CLI-1', status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-30), adjustments: [['CO', '50', 240]], remarks: ['N115'] }] }),
    );
    const report = await intake.ingest(file, { via: 'cli', dryRun: false });
    workflowId = report.claims[0]!.workflowId!;
  });

  afterAll(async () => {
    await intake?.close();
    await dev?.teardown();
  });

  it('shows the denial, its task and why; acts through the Updates; explains a rejection', async () => {
    let shown: DenialView | undefined;
    for (let i = 0; i < 50 && shown?.task?.kind !== 'prepare_appeal'; i++) {
      const r = await cli(['show', workflowId, '--json'], env);
      expect(r.code).toBe(0);
      shown = JSON.parse(r.stdout) as DenialView;
      if (shown.task?.kind !== 'prepare_appeal') await new Promise((res) => setTimeout(res, 200));
    }
    expect(shown?.task?.kind).toBe('prepare_appeal');
    const human = await cli(['show', workflowId], env);
    expect(human.stdout).toMatch(/^Route {10}appeal level 1/m);

    const doc = await PDFDocument.create();
    doc.addPage().drawText('Progress note');
    const pdfFile = path.join(dev.config.dataDir, 'progress-note.pdf');
    fs.writeFileSync(pdfFile, await doc.save());
    const attached = await cli(['attach', workflowId, pdfFile, '--as', 'ar.alex:ar_specialist', '--description', 'Progress note'], env);
    expect(attached.stderr).toBe('');
    expect(attached.stdout).toMatch(/Attached progress-note\.pdf/);

    // A medical-necessity appeal without the clinical argument is refused, saying what is missing.
    const bare = await cli(['act', workflowId, 'approve-packet', '--as', 'ar.alex:ar_specialist'], env);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/^Rejected: The appeal packet could not be built: .*needs the clinical rationale/m);
    const argument = 'The progress note documents six weeks of failed conservative therapy, which the LCD requires.';
    const approved = await cli(['act', workflowId, 'approve-packet', '--as', 'ar.alex:ar_specialist', '--json', '--data', JSON.stringify({ argument })], env);
    expect(approved.stdout + approved.stderr).not.toMatch(/Rejected/);
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    const after = JSON.parse(approved.stdout) as DenialView;
    expect(after.stage).toBe('packet_ready');
    expect(after.packet!.pages).toBeGreaterThan(3); // letter, summary, index and the attached note

    const wrongRole = await cli(['act', workflowId, 'record-submission', '--as', 'bot:automation', '--data', JSON.stringify({ date: daysFromNow(0), channel: 'portal', reference: 'C-1' })], env);
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.stderr).toMatch(/^Rejected: Role automation may not complete record_submission/);

    const out = path.join(dev.config.dataDir, 'appeal.pdf');
    const saved = await cli(['packet', workflowId, '--out', out], env);
    expect(saved.code).toBe(0);
    expect((await PDFDocument.load(fs.readFileSync(out))).getPageCount()).toBe(after.packet!.pages);

    const history = await cli(['history', workflowId, '--json'], env);
    const entries = JSON.parse(history.stdout) as { type: string; actor: { id: string } }[];
    expect(entries.some((e) => e.type === 'task_completed' && e.actor.id === 'ar.alex')).toBe(true);

    const usage = await cli(['act', workflowId, 'fly-away', '--as', 'ar.alex:ar_specialist'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Unknown action fly-away/);
    // With --json the error is JSON on stdout, like every other command's.
    const usageJson = await cli(['act', workflowId, 'fly-away', '--as', 'ar.alex:ar_specialist', '--json'], env);
    expect(usageJson.code).toBe(2);
    expect(JSON.parse(usageJson.stdout)).toEqual({ ok: false, error: expect.stringMatching(/Unknown action fly-away/) });
  });
});
