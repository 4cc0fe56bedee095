/**
 * `npm run sample-835 -- [--out DIR] [--json]`: writes two demo remittances dated relative to today (a
 * Medicare Part B file and a commercial one) so a walkthrough meets live deadlines rather than ones that
 * expired when the repository's fixed samples were written, and the 837P of the claims they answer, so
 * each denial shows its submitted claim. Made-up people only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { professional837 } from '../../domain/claims/sample-837';
import { remittance835, type ClaimSpec } from '../../domain/remittance/sample-835';
import { EXIT, runMain } from './output';

const USAGE =
  'Usage: npm run sample-835 -- [--out DIR] [--json]\n\nWrites two demo 835 files dated relative to today into DIR (default: the current folder),\nand the 837P of the claims they answer (same patient control numbers, payers, dates and charges).';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const MEDICARE: [string, string] = ['MEDICARE PART B', '04412'];
const ACME: [string, string] = ['ACME HEALTH PLAN', 'ACME01'];

/** The demo claims, each with the payer that answers it: the 835s deny or pay them, the 837P sent them. */
function demoClaims(stamp: string): { payer: [string, string]; claim: ClaimSpec }[] {
  return [
    { payer: MEDICARE, claim: { account: 'DEMO-1001', icn: `${stamp}0001`, status: '4', charge: 240, paid: 0, serviceDate: day(-40), adjustments: [['CO', '50', 240]], remarks: ['N115'] } },
    { payer: MEDICARE, claim: { account: 'DEMO-1002', icn: `${stamp}0002`, status: '1', charge: 180, paid: 0, serviceDate: day(-35), procedure: '97110', adjustments: [['CO', '97', 180]], remarks: ['M15'] } },
    { payer: MEDICARE, claim: { account: 'DEMO-1003', icn: `${stamp}0003`, status: '1', charge: 120, paid: 96, serviceDate: day(-30), procedure: '99213', adjustments: [['PR', '2', 24]] } },
    { payer: ACME, claim: { account: 'DEMO-2001', icn: `${stamp}1001`, status: '4', charge: 300, paid: 0, filing: '12', serviceDate: day(-25), procedure: '99214', adjustments: [['CO', '4', 300]], remarks: ['N519'] } },
    { payer: ACME, claim: { account: 'DEMO-2002', icn: `${stamp}1002`, status: '4', charge: 300, paid: 0, filing: '12', serviceDate: day(-20), procedure: '20610', adjustments: [['CO', '96', 300]], remarks: ['N130'] } },
  ];
}

export function demoRemittances(): { name: string; text: string }[] {
  const stamp = day(0).replaceAll('-', '');
  const claims = demoClaims(stamp);
  const of = (payer: [string, string]) => claims.filter((c) => c.payer === payer).map((c) => c.claim);
  return [
    { name: `demo-medicare-${stamp}.835`, text: remittance835({ control: '7001', remitDate: day(-3), trace: `EFT${stamp}1`, claims: of(MEDICARE) }) },
    { name: `demo-commercial-${stamp}.835`, text: remittance835({ control: '7002', remitDate: day(-2), trace: `CHK${stamp}2`, payer: ACME, claims: of(ACME) }) },
  ];
}

/** The 837P the practice sent for the demo remittances' claims, dated the week before the first remittance. */
export function demoClaimFile(): { name: string; text: string } {
  const stamp = day(0).replaceAll('-', '');
  const claims = demoClaims(stamp).map(({ payer, claim }) => ({ payer, ...claim }));
  return { name: `demo-claims-${stamp}.837`, text: professional837({ control: '7000', submitDate: day(-18), claims }) };
}

export function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string', default: '.' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  fs.mkdirSync(values.out!, { recursive: true });
  // The 837 first: ingested in name order (a folder, the inbox), each denial finds its claim at once.
  const written = [demoClaimFile(), ...demoRemittances()].map(({ name, text }) => {
    const file = path.join(values.out!, name);
    fs.writeFileSync(file, text);
    return file;
  });
  console.log(values.json ? JSON.stringify({ ok: true, files: written }) : written.map((f) => `wrote ${f}`).join('\n'));
  return EXIT.ok;
}

if (require.main === module) runMain(main, USAGE);
