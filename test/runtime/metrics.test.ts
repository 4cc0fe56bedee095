// The metrics endpoint: the product's denials_* metrics, counted and read from a real ledger (SQLite),
// in Prometheus' text format over HTTP. The SDK's own worker metrics are scraped through the start
// command in test/temporal/launcher.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoveredAppeal, denialEntry } from '../fixtures/ledger';
import { keyringWith, randomKey } from '../support/codec-keys';
import { openLedgerStore } from '../../runtime/store/open-ledger-store';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { startMetricsServer, type MetricsServer } from '../../runtime/metrics/metrics-server';
import { countIngest, watchLedger } from '../../runtime/metrics/product-metrics';
import { countActivityFailures } from '../../worker/failure-metrics';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-'));
let ledger: LedgerStore;
let server: MetricsServer;

beforeAll(async () => {
  ledger = openLedgerStore({ dataDir, keyring: keyringWith(randomKey('metrics')) });
  // An appeal in work (a task open, due 2026-08-29) and a denial lost to its deadline.
  for (const e of recoveredAppeal('d-open').slice(0, 4)) await ledger.append(e);
  await ledger.append(denialEntry('d-lost', 1, { amounts: { atRiskCents: 10_000 } }));
  await ledger.append(denialEntry('d-lost', 2, { stage: 'timely_filing_loss', fromStage: 'intake', facts: { resolution: 'timely_filing_loss' }, amounts: { atRiskCents: 0, lostCents: 10_000 } }));
  watchLedger(ledger, () => new Date('2026-08-25T12:00:00Z'));
  server = await startMetricsServer({ host: '127.0.0.1', port: 0, sdkAddress: '127.0.0.1:1' });
});

afterAll(async () => {
  await server?.close();
  await ledger?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function scrape(): Promise<string> {
  const res = await fetch(server.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The sample's value, by its exact name and labels as Prometheus prints them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('reports the open work, dollars at risk, deadlines due within 7 days, open tasks and breaches from the ledger', async () => {
    const text = await scrape();
    expect(sample(text, 'denials_open{stage="in_work",route="appeal",team="none"}')).toBe(1);
    expect(sample(text, 'denials_at_risk_dollars{stage="in_work",route="appeal",team="none"}')).toBe(240);
    expect(sample(text, 'denials_deadlines_next_7_days{team="none"}')).toBe(1);
    expect(sample(text, 'denials_tasks_open{team="none"}')).toBe(1);
    expect(sample(text, 'denials_deadline_breaches')).toBe(1);
    // Closed denials are not open work; no series carries a denial's id.
    expect(text).not.toMatch(/timely_filing_loss",route/);
    expect(text).not.toMatch(/d-open|d-lost/);
  });

  it('counts intake files, claims and rejections, but not dry runs', async () => {
    const totals = { started: 2, signaled: 1, duplicates: 0, notTracked: 5, closed: 0, quarantined: 1 };
    countIngest({ verdict: 'accepted', via: 'http', dryRun: false, totals });
    countIngest({ verdict: 'accepted', via: 'http', dryRun: true, totals });
    countIngest({ verdict: 'rejected', via: 'inbox', dryRun: false, totals: { ...totals, started: 0, signaled: 0, notTracked: 0, quarantined: 0 } });
    const text = await scrape();
    expect(sample(text, 'denials_intake_files_total{verdict="accepted",via="http"}')).toBe(1);
    expect(sample(text, 'denials_intake_files_total{verdict="rejected",via="inbox"}')).toBe(1);
    expect(sample(text, 'denials_intake_rejections_total')).toBe(1);
    expect(sample(text, 'denials_intake_claims_total{outcome="started"}')).toBe(2);
    expect(sample(text, 'denials_intake_claims_total{outcome="not_tracked"}')).toBe(5);
    expect(sample(text, 'denials_intake_claims_total{outcome="quarantined"}')).toBe(1);
  });

  it('counts failed activity attempts by type, and failed notifications by kind without echoing free input', async () => {
    const run = (activityType: string, err: Error, args: unknown[] = []) =>
      countActivityFailures({ info: { activityType } } as never)
        .inbound!.execute!({ args, headers: {} } as never, async () => {
          throw err;
        })
        .catch(() => undefined);
    await run('buildAppealPacket', ApplicationFailure.nonRetryable('no template', 'TemplateMissing'));
    await run('notify', new Error('SMTP refused'), [{ kind: 'reminder' }]);
    await run('notify', new Error('SMTP refused'), [{ kind: 'Jane Doe 1234' }]);
    const text = await scrape();
    expect(sample(text, 'denials_activity_failures_total{activity_type="buildAppealPacket",failure_type="TemplateMissing"}')).toBe(1);
    expect(sample(text, 'denials_activity_failures_total{activity_type="notify",failure_type="Error"}')).toBe(2);
    expect(sample(text, 'denials_notification_failures_total{kind="reminder"}')).toBe(1);
    expect(sample(text, 'denials_notification_failures_total{kind="unknown"}')).toBe(1);
    expect(text).not.toMatch(/Jane Doe/);
  });

  it('has every denials_* metric the operations guide, its alerts and its dashboard name', async () => {
    const root = path.resolve(__dirname, '../..');
    const guide = fs.readFileSync(path.join(root, 'docs', 'operations.md'), 'utf8') + fs.readFileSync(path.join(root, 'docs', 'grafana-dashboard.json'), 'utf8');
    const named = new Set(guide.match(/\bdenials_[a-z0-9_]+/g));
    const served = new Set((await scrape()).match(/^# TYPE (denials_[a-z0-9_]+)/gm)?.map((l) => l.slice('# TYPE '.length)));
    expect(named.size).toBeGreaterThan(8);
    expect([...named].filter((n) => !served.has(n))).toEqual([]);
  });

  it('says so in a comment when the SDK exporter cannot be reached, and answers 404 elsewhere', async () => {
    expect(await scrape()).toMatch(/^# Temporal SDK metrics unavailable: /m);
    expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
  });
});
