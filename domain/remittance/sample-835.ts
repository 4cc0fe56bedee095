/**
 * Builds small, valid 835s from a few facts per claim: test fixtures and the demo remittance
 * (`npm run sample-835`) dated relative to today, so their deadlines are live. Made-up people only.
 */
export interface ClaimSpec {
  account?: string;
  status: string;
  charge: number;
  paid: number;
  filing?: string;
  icn?: string;
  serviceDate: string;
  procedure?: string;
  adjustments?: [group: string, reason: string, amount: number][];
  remarks?: string[];
}

const d8 = (iso: string) => iso.replaceAll('-', '');

/** A provider-level adjustment: PLB03 reason and reference (e.g. WO and the payer's claim number), PLB04 amount taken. */
export type PlbSpec = [reason: string, reference: string, amount: number];

export function remittance835(opts: { control?: string; remitDate: string; trace?: string; payer?: [name: string, id: string]; claims: ClaimSpec[]; plb?: PlbSpec[] }): string {
  const control = opts.control ?? '0001';
  // BPR02 = Σ CLP04 − Σ PLB04: what the payer sent after its provider-level adjustments.
  const paid = opts.claims.reduce((n, c) => n + c.paid, 0) - (opts.plb ?? []).reduce((n, [, , amount]) => n + amount, 0);
  const [payerName, payerId] = opts.payer ?? ['MEDICARE PART B', '04412'];
  const body = [
    `ST*835*${control}*005010X221A1`,
    `BPR*${paid === 0 ? 'H' : 'I'}*${paid}*C*${paid === 0 ? 'NON' : 'ACH'}************${d8(opts.remitDate)}`,
    `TRN*1*${opts.trace ?? `EFT${control}`}*1512345678`,
    `N1*PR*${payerName}*XV*${payerId}`,
    'N1*PE*SAMPLE CLINIC*XX*1234567893',
    'LX*1',
  ];
  for (const c of opts.claims) {
    body.push(
      `CLP*${c.account ?? 'ACCT-1001'}*${c.status}*${c.charge}*${c.paid}**${c.filing ?? 'MB'}*${c.icn ?? '2026061000123'}*11*1`,
      'NM1*QC*1*DOE*JANE****MI*1EG4TE5MK72',
      `DTM*232*${d8(c.serviceDate)}`,
      `SVC*HC:${c.procedure ?? '99214'}*${c.charge}*${c.paid}**1`,
      `DTM*472*${d8(c.serviceDate)}`,
    );
    for (const [g, r, a] of c.adjustments ?? []) body.push(`CAS*${g}*${r}*${a}`);
    for (const rarc of c.remarks ?? []) body.push(`LQ*HE*${rarc}`);
  }
  for (const [reason, reference, amount] of opts.plb ?? []) body.push(`PLB*1234567893*${opts.remitDate.slice(0, 4)}1231*${reason}:${reference}*${amount}`);
  const segments = [...body, `SE*${body.length + 1}*${control}`];
  const isaDate = d8(opts.remitDate).slice(2);
  return (
    [
      `ISA*00*          *00*          *ZZ*${payerId.padEnd(15)}*ZZ*SAMPLECLINIC   *${isaDate}*1200*^*00501*${control.padStart(9, '0')}*0*P*:`,
      `GS*HP*${payerId}*SAMPLECLINIC*${d8(opts.remitDate)}*1200*${Number(control)}*X*005010X221A1`,
      ...segments,
      `GE*1*${Number(control)}`,
      `IEA*1*${control.padStart(9, '0')}`,
    ].join('~\n') + '~\n'
  );
}

