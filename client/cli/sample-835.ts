/**
 * `npm run sample-835 -- [--out DIR] [--json]`: writes two demo remittances dated relative to today (a
 * Medicare Part B file and a commercial one) so a walkthrough meets live deadlines rather than ones that
 * expired when the repository's fixed samples were written. Made-up people only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { remittance835 } from '../../domain/remittance/sample-835';
import { EXIT, runMain } from './output';

const USAGE = 'Usage: npm run sample-835 -- [--out DIR] [--json]\n\nWrites two demo 835 files dated relative to today into DIR (default: the current folder).';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export function demoRemittances(): { name: string; text: string }[] {
  const stamp = day(0).replaceAll('-', '');
  return [
    {
      name: `demo-medicare-${stamp}.835`,
      text: remittance835({
        control: '7001',
        remitDate: day(-3),
        trace: `EFT${stamp}1`,
        claims: [
          { account: 'DEMO-1001', icn: `${stamp}0001`, status: '4', charge: 240, paid: 0, serviceDate: day(-40), adjustments: [['CO', '50', 240]], remarks: ['N115'] },
          { account: 'DEMO-1002', icn: `${stamp}0002`, status: '1', charge: 180, paid: 0, serviceDate: day(-35), procedure: '97110', adjustments: [['CO', '97', 180]], remarks: ['M15'] },
          { account: 'DEMO-1003', icn: `${stamp}0003`, status: '1', charge: 120, paid: 96, serviceDate: day(-30), procedure: '99213', adjustments: [['PR', '2', 24]] },
        ],
      }),
    },
    {
      name: `demo-commercial-${stamp}.835`,
      text: remittance835({
        control: '7002',
        remitDate: day(-2),
        trace: `CHK${stamp}2`,
        payer: ['ACME HEALTH PLAN', 'ACME01'],
        claims: [
          { account: 'DEMO-2001', icn: `${stamp}1001`, status: '4', charge: 300, paid: 0, filing: '12', serviceDate: day(-25), procedure: '99214', adjustments: [['CO', '4', 300]], remarks: ['N519'] },
          { account: 'DEMO-2002', icn: `${stamp}1002`, status: '4', charge: 300, paid: 0, filing: '12', serviceDate: day(-20), procedure: '20610', adjustments: [['CO', '96', 300]], remarks: ['N130'] },
        ],
      }),
    },
  ];
}

export function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string', default: '.' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  fs.mkdirSync(values.out!, { recursive: true });
  const written = demoRemittances().map(({ name, text }) => {
    const file = path.join(values.out!, name);
    fs.writeFileSync(file, text);
    return file;
  });
  console.log(values.json ? JSON.stringify({ ok: true, files: written }) : written.map((f) => `wrote ${f}`).join('\n'));
  return EXIT.ok;
}

if (require.main === module) runMain(main, USAGE);
