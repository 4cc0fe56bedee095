// Memory stays bounded regardless of file size: a remittance far larger than the allowed heap growth is
// generated chunk by chunk (never held whole) and read to the end while the heap is sampled.
import { describe, expect, it } from 'vitest';
import { readRemittance } from '../../../domain/remittance';

const CLAIMS = 350_000;

/** One balanced claim: 3 lines, CO-45 and PR-2 each. Made-up data. */
function claim(i: number): string {
  const n = String(i).padStart(7, '0');
  return (
    `CLP*PCN${n}*1*300*180*60*12*ICN${n}*11*1~NM1*QC*1*DOE*JANE****MI*M${n}~DTM*232*20260105~` +
    `SVC*HC:99213:25*100*60**1~DTM*472*20260105~CAS*CO*45*20~CAS*PR*2*20~REF*6R*L${n}1~AMT*B6*80~`.repeat(3)
  );
}

async function* generated835(claims: number): AsyncGenerator<string> {
  yield 'ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*SUNRISECLINIC  *260302*0930*^*00501*000000077*0*P*:~';
  yield 'GS*HP*ACMEHEALTH*SUNRISECLINIC*20260302*0930*77*X*005010X221A1~ST*835*0001*005010X221A1~';
  yield `BPR*I*${claims * 180}*C*ACH*CCP*01*011000015*DA*1*1512345678**01*021000021*DA*2*20260302~TRN*1*EFT77*1512345678~`;
  yield 'N1*PR*ACME HEALTH PLAN*XV*ACME01~N1*PE*SUNRISE FAMILY CLINIC*XX*1234567893~LX*1~';
  let chunk = '';
  for (let i = 0; i < claims; i++) {
    chunk += claim(i);
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  const segments = 7 + claims * 21; // ST BPR TRN N1 N1 LX … SE
  yield `${chunk}SE*${segments}*0001~GE*1*77~IEA*1*000000077~`;
}

describe('memory', () => {
  it(`reads ${CLAIMS} claims (~${Math.round((claim(0).length * CLAIMS) / 1e6)} MB) with bounded heap`, async () => {
    const inputBytes = claim(0).length * CLAIMS;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let claims = 0;
    let last: unknown;
    for await (const event of readRemittance(generated835(CLAIMS), 'generated.835')) {
      if (event.kind === 'claim' && ++claims % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      last = event;
    }
    expect(last).toMatchObject({ kind: 'end', verdict: 'accepted', counts: { claims: CLAIMS, warnings: 0 } });
    const growth = peak - before;
    // The input is ~134 MB; holding it, or its claims, would need far more than this.
    expect(inputBytes).toBeGreaterThan(120e6);
    expect(growth).toBeLessThan(96e6);
  });
});
