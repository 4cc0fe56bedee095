import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertNoPhi,
  createMailNotifier,
  findPhi,
  shortWorkflowRef,
  type NotificationConfigInput,
  type NotifyInput,
} from '../../services/notifications';
import type { Logger } from '../../runtime/log';
import { postgresSentMarkers } from '../../runtime/store/sent-markers';
import { describeWithPostgres } from '../support/postgres';
import { parseMessage, startSmtp, type ReceivedMail } from '../support/smtp';
import { SAMPLE_PHI } from './packet-fixtures';

let received: ReceivedMail[] = [];
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let smtpUrl: string;
let dir: string;

const config: NotificationConfigInput = {
  from: 'Denials <denials@hospital.example>',
  teams: { coding: ['coding-team@hospital.example', 'coding-lead@hospital.example'], patient_access: ['access@hospital.example'] },
  supervisors: ['rcm-supervisor@hospital.example'],
  people: { 'u-dana': 'dana.whitfield@hospital.example' },
  publicUrl: 'https://denials.hospital.example/',
};

const workflowId = 'denial-6f1c2a9e0b7d4c13a5e8';
const phiValues = [SAMPLE_PHI.patientName, SAMPLE_PHI.memberId, 'RA-2026-004417', SAMPLE_PHI.dateOfBirth, '2226030412345'];

const logLines: unknown[] = [];
const log: Logger = {
  debug: (m, meta) => logLines.push([m, meta]),
  info: (m, meta) => logLines.push([m, meta]),
  warn: (m, meta) => logLines.push([m, meta]),
  error: (m, meta) => logLines.push([m, meta]),
};

beforeAll(async () => {
  smtp = await startSmtp();
  smtpUrl = smtp.url;
  received = smtp.received;
});

afterAll(async () => {
  await smtp.close();
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-'));
  received.length = 0;
  logLines.length = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const clock = () => new Date('2026-04-10T13:00:00Z');
const viaSmtp = () => createMailNotifier({ config, smtpUrl, sentDir: path.join(dir, 'sent'), clock, log });
const viaOutbox = () => createMailNotifier({ config, outboxDir: path.join(dir, 'outbox'), sentDir: path.join(dir, 'sent'), clock, log });

const reminder: NotifyInput = {
  kind: 'reminder',
  idempotencyKey: `${workflowId}:41`,
  workflowId,
  team: 'coding',
  assignee: 'u-dana',
  category: 'medical_necessity',
  amountAtRiskCents: 150_000,
  deadline: '2026-04-13',
  daysLeft: 3,
  task: 'prepare_appeal',
  phiValues,
};

function expectNoPhi(text: string) {
  for (const value of phiValues) expect(text.toLowerCase()).not.toContain(value.toLowerCase());
}

describe('notify over SMTP (real server on loopback)', () => {
  it('delivers a reminder to the assignee with subject, link and no PHI', async () => {
    const result = await viaSmtp().notify(reminder);
    expect(result).toMatchObject({ status: 'sent', transport: 'smtp', recipients: 1 });
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe('denials@hospital.example');
    expect(mail.to).toEqual(['dana.whitfield@hospital.example']);
    expect(mail.headers.subject).toBe('[Denials] Reminder: due in 3 days - Medical necessity, $1,500.00 at risk');
    expect(mail.headers['message-id']).toBe(result.messageId);
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    expect(mail.body).toContain(`https://denials.hospital.example/denials/${workflowId}`);
    expect(mail.body).toContain('April 13, 2026');
    expect(mail.body).toContain('denial-6f1c2a9e');
    expect(mail.body).toContain('Prepare appeal');
    expectNoPhi(mail.raw);
  });

  it('sends each kind to the right people', async () => {
    const notifications = viaSmtp();
    const base = { workflowId, team: 'coding', category: 'coding' as const, amountAtRiskCents: 18_500, phiValues };
    await notifications.notify({ ...base, kind: 'task_assigned', idempotencyKey: 'k1', task: 'correct_claim', deadline: '2026-05-01' });
    await notifications.notify({ ...base, kind: 'escalation', idempotencyKey: 'k2', assignee: 'u-dana', deadline: '2026-04-12', daysLeft: 2, reason: 'deadline_near' });
    await notifications.notify({ ...base, kind: 'deadline_breach', idempotencyKey: 'k3', deadline: '2026-04-12' });
    await notifications.notify({
      ...base,
      kind: 'prevention_task_opened',
      idempotencyKey: 'k4',
      workflowId: 'prevention-wrong_modifier-coding',
      rootCause: 'wrong_modifier',
      occurrences: 7,
      amountAtRiskCents: 412_000,
    });
    await notifications.notify({
      kind: 'payer_issue_opened',
      idempotencyKey: 'k5',
      workflowId: 'payer-issue-CIGNA-CO-50-97110-2026-03-02',
      team: 'supervisors',
      payerId: 'CIGNA',
      code: 'CO-50',
      procedure: '97110',
      week: '2026-03-02',
      evidence: '12 of 60 claims with 97110 (20.0%) denied CO-50 this week against 1.7% before (12 of 720; p = 1.1e-7)',
      denials: 12,
      amountAtRiskCents: 240_000,
      phiValues,
    });
    expect(received.map((m) => [m.headers.subject, [...m.to].sort()])).toEqual([
      ['[Denials] New task: Correct claim - Coding, $185.00 at risk, due May 1, 2026', ['coding-lead@hospital.example', 'coding-team@hospital.example']],
      ['[Denials] Escalation: deadline near - Coding, $185.00 at risk, due April 12, 2026', ['dana.whitfield@hospital.example', 'rcm-supervisor@hospital.example']],
      ['[Denials] Deadline missed: Coding, $185.00 at risk, deadline April 12, 2026', ['coding-lead@hospital.example', 'coding-team@hospital.example', 'rcm-supervisor@hospital.example']],
      ['[Denials] Prevention task opened: Wrong or missing modifier', ['coding-lead@hospital.example', 'coding-team@hospital.example']],
      ['[Denials] Payer issue: CIGNA CO-50 on procedure 97110, week of March 2, 2026', ['rcm-supervisor@hospital.example']],
    ]);
    expect(received[4]!.body).toContain('Payer CIGNA denied CO-50 on procedure 97110 significantly more often');
    expect(received[1]!.headers.to).toBe('rcm-supervisor@hospital.example');
    expect(received[1]!.headers.cc).toBe('dana.whitfield@hospital.example');
    expect(received[3]!.body).toContain('https://denials.hospital.example/prevention/prevention-wrong_modifier-coding');
    expect(received[3]!.body).toContain('7 denials so far');
    for (const m of received) expectNoPhi(m.raw);
  });

  it('does not send twice for the same idempotency key, even from a new worker', async () => {
    const first = await viaSmtp().notify(reminder);
    const again = await viaSmtp().notify(reminder);
    const concurrent = viaSmtp();
    const [a, b] = await Promise.all([concurrent.notify({ ...reminder, idempotencyKey: 'other' }), concurrent.notify({ ...reminder, idempotencyKey: 'other' })]);
    expect(first.status).toBe('sent');
    expect(again).toEqual({ ...first, status: 'already_sent' });
    expect([a.status, b.status].sort()).toEqual(['already_sent', 'sent']);
    expect(received).toHaveLength(2);
  });

  it('records a mail the server accepted at once, even while the thread pool is busy (a worker killed before the record would send it again)', async () => {
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    let poolFreeAt: Promise<number> | undefined;
    // From the moment the server accepts, every thread of the pool is busy for a while (as with the
    // document store's fsyncs under load): the sent-marker must not wait for one.
    const busy = await startSmtp(() => {
      const jobs = Array.from({ length: threads }, () => new Promise<number>((resolve) => crypto.pbkdf2('chaos', 'salt', 400_000, 64, 'sha512', () => resolve(Date.now()))));
      poolFreeAt = Promise.all(jobs).then((done) => Math.min(...done));
    });
    try {
      const notifications = createMailNotifier({ config, smtpUrl: busy.url, sentDir: path.join(dir, 'sent'), clock, log });
      expect((await notifications.notify(reminder)).status).toBe('sent');
      const recordedAt = Date.now();
      expect(fs.readdirSync(path.join(dir, 'sent')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
      expect(recordedAt).toBeLessThan(await poolFreeAt!);
    } finally {
      await busy.close();
    }
  });

  it('refuses (throws, sends nothing, writes no marker) when a PHI value would be in the mail', async () => {
    const notifications = viaSmtp();
    // A workflow id that (wrongly) carries the patient account number.
    const leaky = { ...reminder, workflowId: 'denial-RA-2026-004417', idempotencyKey: 'leak' };
    const err = await notifications.notify(leaky).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe('PhiInNotification');
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as ApplicationFailure).message).not.toContain('RA-2026-004417');
    expect(received).toHaveLength(0);
    expect(fs.existsSync(path.join(dir, 'sent')) ? fs.readdirSync(path.join(dir, 'sent')) : []).toEqual([]);
    expectNoPhi(JSON.stringify(logLines));
  });

  it('rejects input with free text where PHI could hide', async () => {
    const err = await viaSmtp()
      .notify({ ...reminder, patientName: SAMPLE_PHI.patientName } as unknown as NotifyInput)
      .then(
        () => null,
        (e: unknown) => e as ApplicationFailure,
      );
    expect(err?.type).toBe('InvalidNotification');
    expect(err?.message).not.toContain(SAMPLE_PHI.patientName);
  });
});

describeWithPostgres('sent-markers in PostgreSQL (DATABASE_URL)', (pg) => {
  it('does not send twice when the retry runs on another worker node, whose data folder has no marker', async () => {
    const url = await pg().newDatabase();
    const nodes = [postgresSentMarkers(url), postgresSentMarkers(url)];
    try {
      const [first, second] = nodes.map((sentMarkers, i) => createMailNotifier({ config, smtpUrl, sentDir: path.join(dir, `node-${i}`), sentMarkers, clock, log }));
      const sent = await first!.notify(reminder);
      expect(sent.status).toBe('sent');
      expect(await second!.notify(reminder)).toEqual({ ...sent, status: 'already_sent' });
      expect((await second!.notify({ ...reminder, idempotencyKey: 'another' })).status).toBe('sent');
      expect(received).toHaveLength(2);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });
});

describe('notify into the outbox (no SMTP URL)', () => {
  it('writes a real RFC 5322 message as an .eml file, once per key', async () => {
    const notifications = viaOutbox();
    const result = await notifications.notify(reminder);
    expect(result.transport).toBe('outbox');
    expect(result.file).toBeDefined();
    const files = fs.readdirSync(path.join(dir, 'outbox'));
    expect(files).toEqual([path.basename(result.file!)]);
    expect(files[0]).toMatch(/^reminder-[0-9a-f]{20}\.eml$/);
    const raw = fs.readFileSync(result.file!, 'utf8');
    expect(raw).toMatch(/\r\n\r\n/);
    const { headers, body } = parseMessage(raw);
    expect(headers.from).toBe('Denials <denials@hospital.example>');
    expect(headers.to).toBe('dana.whitfield@hospital.example');
    expect(headers.subject).toContain('Reminder: due in 3 days');
    expect(headers['message-id']).toBe(result.messageId);
    expect(headers.date).toBe('Fri, 10 Apr 2026 13:00:00 +0000');
    expect(headers['mime-version']).toBe('1.0');
    expect(headers['content-type']).toMatch(/^text\/plain; charset=utf-8/);
    expect(body).toContain(`https://denials.hospital.example/denials/${workflowId}`);
    expectNoPhi(raw);

    expect((await notifications.notify(reminder)).status).toBe('already_sent');
    expect(fs.readdirSync(path.join(dir, 'outbox'))).toHaveLength(1);
    const markers = fs.readdirSync(path.join(dir, 'sent'));
    expect(markers).toHaveLength(1);
    expectNoPhi(fs.readFileSync(path.join(dir, 'sent', markers[0]!), 'utf8'));
  });

  it('falls back to the supervisors for a team without addresses, and to the team for an unknown person', async () => {
    const notifications = viaOutbox();
    const a = await notifications.notify({ ...reminder, idempotencyKey: 'a', team: 'contracting', assignee: undefined });
    const b = await notifications.notify({ ...reminder, idempotencyKey: 'b', assignee: 'u-nobody' });
    expect(parseMessage(fs.readFileSync(a.file!, 'utf8')).headers.to).toBe('rcm-supervisor@hospital.example');
    expect(parseMessage(fs.readFileSync(b.file!, 'utf8')).headers.to).toBe('coding-team@hospital.example, coding-lead@hospital.example');
  });
});

describe('PHI guard', () => {
  it('finds values regardless of case, spacing and punctuation, but only as whole words', () => {
    expect(findPhi(['Patient margaret  o’leary-nguyen was seen'], [SAMPLE_PHI.patientName])).toBe(0);
    expect(findPhi(['member 1eg4te5mk73'], ['x', SAMPLE_PHI.memberId])).toBe(1);
    expect(findPhi(['case denial-1234abcd'], ['1234'])).toBe(-1);
    expect(findPhi(['account 1234 closed'], ['1234'])).toBe(0);
    expect(findPhi(['nothing to see'], ['', '   '])).toBe(-1);
    expect(() => assertNoPhi(['Dear Ann Smith'], ['ann smith'])).toThrow(/phiValues\[0\]/);
    expect(() => assertNoPhi(['Dear team'], ['ann smith'])).not.toThrow();
  });

  it('shortens workflow ids to the form people quote', () => {
    expect(shortWorkflowRef('denial-6f1c2a9e0b7d4c13a5e8')).toBe('denial-6f1c2a9e');
    expect(shortWorkflowRef('prevention-wrong_modifier-coding')).toBe('prevention-wrong_modifier-coding');
  });
});
