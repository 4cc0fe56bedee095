// The submitted claim store on both databases: a claim is stored once however often it arrives, its
// patient control number and X12 segments only sealed, and a denial's claim reference kept once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { read837Text, type SubmittedClaim } from '../../domain/claims';
import { storedClaimOf } from '../../client/ingest/submitted-claim-record';
import { denialsStorePath } from '../../runtime/store/schema';
import { SubmittedClaimStore } from '../../runtime/store/submitted-claims';
import type { CodecKeyring } from '../../runtime/codec';
import { keyringWith, randomKey } from '../support/codec-keys';
import { describeWithPostgres } from '../support/postgres';
import { sampleText } from '../domain/claims/support';

const oldKey = randomKey('claims-test');
const newKey = randomKey('claims-test-2');
const keyring = keyringWith(oldKey);
const idKey = crypto.randomBytes(32);
const source = { sourceFile: 'a'.repeat(64), reportId: 'rpt-1', receivedAt: '2026-03-01T10:00:00.000Z' };
const claims = read837Text(sampleText('valid-837p.txt'), 'valid-837p.txt').flatMap((e) => (e.kind === 'claim' ? [e.claim] : [])) as SubmittedClaim[];
const stored = () => claims.map((c) => storedClaimOf(c, idKey, source));

/** The contract, on a store and a way to read its raw rows. */
function contract(open: (ring?: CodecKeyring) => SubmittedClaimStore, rawRows: () => Promise<string>) {
  it('stores each claim once: a second add of the same claims reports them all already known', async () => {
    const store = open();
    try {
      const first = await store.add(stored());
      expect(first.size).toBe(0);
      const again = await store.add(stored());
      expect([...again].sort()).toEqual(stored().map((c) => c.claimId).sort());
      const [one] = stored();
      const back = await store.claim(one!.claimId);
      expect(back).toMatchObject({ claimId: one!.claimId, payerId: '999996666', patientControlNumber: '26463774', frequency: '1', kind: 'professional', chargeCents: 10000, serviceFrom: '20240110', sourceFile: source.sourceFile });
      expect(back!.original.claim[0]).toMatch(/^CLM\*26463774\*/);
      expect((await store.claimsByMatchKey(one!.matchKey)).map((c) => c.claimId)).toContain(one!.claimId);
    } finally {
      await store.close();
    }
  });

  it('keeps the patient control number, member id and segments only sealed; ids are keyed hashes', async () => {
    const raw = await rawRows();
    expect(raw).not.toContain('26463774');
    expect(raw).not.toMatch(/CLM\*|NM1\*IL/);
    for (const c of stored()) expect(c.claimId).toMatch(/^claim-[0-9a-f]{40}$/);
  });

  it('seals every row again under the ring’s new first key with rotate, so the old key can go', async () => {
    const store = open();
    try {
      await store.add(stored());
      await store.recordDenialRefs([{ workflowId: 'denial-rot', matchKey: 'r'.repeat(40), payerId: 'ACME01', patientControlNumber: 'ACCT-9' }]);
      expect(await store.sealStoredText({ rotate: false })).toBe(0);
    } finally {
      await store.close();
    }
    const rotated = open(keyringWith(newKey, oldKey));
    try {
      expect(await rotated.sealStoredText({ rotate: true })).toBeGreaterThan(0);
      expect(await rotated.sealStoredText({ rotate: true })).toBe(0);
    } finally {
      await rotated.close();
    }
    const newOnly = open(keyringWith(newKey));
    try {
      expect((await newOnly.claim(stored()[0]!.claimId))?.patientControlNumber).toBe('26463774');
      expect(await newOnly.denialRef('denial-rot')).toMatchObject({ patientControlNumber: 'ACCT-9' });
    } finally {
      await newOnly.close();
    }
  });

  it('hands out control numbers for corrected claims that never repeat', async () => {
    const store = open();
    try {
      const numbers = await Promise.all([store.nextControlNumber(), store.nextControlNumber(), store.nextControlNumber()]);
      expect(new Set(numbers).size).toBe(3);
      expect(await store.nextControlNumber()).toBe(Math.max(...numbers) + 1);
    } finally {
      await store.close();
    }
  });

  it('records a denial’s claim reference once and reads it back opened', async () => {
    const store = open();
    try {
      const ref = { workflowId: 'denial-1', matchKey: 'k'.repeat(40), payerId: 'ACME01', serviceFrom: '20260105', serviceTo: '20260105', patientControlNumber: 'ACCT-1' };
      await store.recordDenialRefs([ref]);
      await store.recordDenialRefs([{ ...ref, payerId: 'OTHER' }]);
      expect(await store.denialRef('denial-1')).toEqual(ref);
      expect(await store.denialRef('denial-2')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
}

describe('submitted claim store: SQLite', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-store-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  contract(
    (ring = keyring) => SubmittedClaimStore.open({ dataDir, keyring: ring }),
    async () => {
      const db = new Database(denialsStorePath(dataDir), { readonly: true });
      try {
        return JSON.stringify([db.prepare('SELECT * FROM submitted_claims').all(), db.prepare('SELECT * FROM denial_claim_refs').all()]);
      } finally {
        db.close();
      }
    },
  );
});

describeWithPostgres('submitted claim store: PostgreSQL', (pg) => {
  let url = '';
  beforeAll(async () => {
    url = await pg().newDatabase();
  });
  contract(
    (ring = keyring) => SubmittedClaimStore.open({ dataDir: '/nonexistent/claim-store-test', databaseUrl: url, keyring: ring }),
    async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const claimsRows = (await client.query('SELECT * FROM submitted_claims')).rows;
        const refs = (await client.query('SELECT * FROM denial_claim_refs')).rows;
        return JSON.stringify([claimsRows, refs]);
      } finally {
        await client.end();
      }
    },
  );
});
