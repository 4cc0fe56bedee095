/**
 * Builds a small 837P (005010X222A1) of the claims a demo remittance answers (`npm run sample-835`): the
 * same patient control numbers, payers, dates of service, procedures and charges, one subscriber loop a
 * claim (the patient is the subscriber), so a new user can ingest both and see each denial matched to its
 * claim. Made-up people only.
 */
import { type ClaimSpec } from '../remittance/sample-835';

export interface SampleClaim extends Pick<ClaimSpec, 'account' | 'charge' | 'serviceDate' | 'procedure' | 'filing'> {
  payer: [name: string, id: string];
}

const d8 = (iso: string) => iso.replaceAll('-', '');

export function professional837(opts: { control: string; submitDate: string; claims: SampleClaim[] }): string {
  const control = opts.control;
  const body = [
    `ST*837*0001*005010X222A1`,
    `BHT*0019*00*${control}*${d8(opts.submitDate)}*1200*CH`,
    'NM1*41*2*SAMPLE CLINIC*****46*1234567893',
    'PER*IC*BILLING OFFICE*TE*8005550199',
    'NM1*40*2*CLEARINGHOUSE*****46*CLEARINGHOUSE',
    'HL*1**20*1',
    'NM1*85*2*SAMPLE CLINIC*****XX*1234567893',
    'N3*200 MAIN ST',
    'N4*SPRINGFIELD*IL*62704',
    'REF*EI*371234567',
  ];
  opts.claims.forEach((c, i) => {
    const [payerName, payerId] = c.payer;
    body.push(
      `HL*${i + 2}*1*22*0`,
      `SBR*P*18*******${c.filing === '12' ? 'CI' : 'MB'}`,
      'NM1*IL*1*DOE*JANE****MI*1EG4TE5MK72',
      'N3*1 ELM ST',
      'N4*SPRINGFIELD*IL*62704',
      'DMG*D8*19800101*F',
      `NM1*PR*2*${payerName}*****PI*${payerId}`,
      `CLM*${c.account ?? 'ACCT-1001'}*${c.charge}***11:B:1*Y*A*Y*Y`,
      'HI*ABK:M545',
      'LX*1',
      `SV1*HC:${c.procedure ?? '99214'}*${c.charge}*UN*1***1`,
      `DTP*472*D8*${d8(c.serviceDate)}`,
    );
  });
  const segments = [...body, `SE*${body.length + 1}*0001`];
  const isaControl = control.padStart(9, '0');
  return (
    [
      `ISA*00*          *00*          *ZZ*SAMPLECLINIC   *ZZ*CLEARINGHOUSE  *${d8(opts.submitDate).slice(2)}*1200*^*00501*${isaControl}*0*P*:`,
      `GS*HC*SAMPLECLINIC*CLEARINGHOUSE*${d8(opts.submitDate)}*1200*${Number(control)}*X*005010X222A1`,
      ...segments,
      `GE*1*${Number(control)}`,
      `IEA*1*${isaControl}`,
    ].join('~\n') + '~\n'
  );
}
