// What a remittance brought in, as intake records it for the denial rates: claims adjudicated per payer and,
// for the payer-behaviour test per procedure, claims per procedure code (a claim counts once per code).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemittanceVolume } from '../../domain/kpis/remittance-volume';
import { ingestFile } from '../../client/ingest/pipeline';
import { remittance835 } from '../fixtures/remittances';

describe('remittance volumes at intake', () => {
  let dir: string;
  beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volumes-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts the claims adjudicated per procedure code beside the payer-wide count', async () => {
    const file = path.join(dir, 'mixed.835');
    fs.writeFileSync(
      file,
      remittance835({
        remitDate: '2026-03-04',
        trace: 'EFT-VOL',
        claims: [
          { account: 'A-1', icn: 'ICN-1', status: '4', charge: 120, paid: 0, procedure: '97110', serviceDate: '2026-02-10', adjustments: [['CO', '197', 120]] },
          { account: 'A-2', icn: 'ICN-2', status: '1', charge: 120, paid: 100, procedure: '97110', serviceDate: '2026-02-11', adjustments: [['CO', '45', 20]] },
          { account: 'A-3', icn: 'ICN-3', status: '1', charge: 200, paid: 150, procedure: '99214', serviceDate: '2026-02-12', adjustments: [['CO', '45', 50]] },
        ],
      }),
    );
    const recorded: RemittanceVolume[] = [];
    const report = await ingestFile(file, { via: 'cli', dryRun: false }, { claimIdKey: Buffer.alloc(32, 3), recordVolumes: async (vs) => void recorded.push(...vs) });
    expect(report.totals).toMatchObject({ claims: 3, denials: 1 });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ remitDate: '2026-03-04', claims: 3, deniedClaims: 1, procedureClaims: { '97110': 2, '99214': 1 } });

    const dry: RemittanceVolume[] = [];
    await ingestFile(file, { via: 'cli', dryRun: true }, { claimIdKey: Buffer.alloc(32, 3), recordVolumes: async (vs) => void dry.push(...vs) });
    expect(dry).toEqual([]);
  });
});
