/**
 * The fee schedule that finds underpayments: a JSON file of { payerId, procedureCode, modifier?,
 * expectedAllowed } rows (dollars, per unit), named by FEE_SCHEDULE. Without it, underpayments are not
 * looked for: the intake says so once, rather than guessing contract prices.
 */
import { z } from 'zod';
import { createFeeSchedule, type FeeSchedule } from '../../domain/remittance';
import { readJsonFile } from '../../runtime/json-file';

const Row = z.strictObject({
  payerId: z.string().trim().min(1),
  procedureCode: z.string().trim().min(1),
  modifier: z.string().trim().min(1).optional(),
  expectedAllowed: z.number().nonnegative({ error: 'expected the allowed amount per unit in dollars' }),
});

export function loadFeeSchedule(file: string): FeeSchedule {
  const rows = readJsonFile('FEE_SCHEDULE', file, z.array(Row), (p) => `row ${String(p[0])}${p.length > 1 ? `.${p.slice(1).join('.')}` : ''}`);
  return createFeeSchedule(
    rows.map((r) => ({ payerId: r.payerId, procedureCode: r.procedureCode, ...(r.modifier ? { modifier: r.modifier } : {}), expectedAllowedCents: Math.round(r.expectedAllowed * 100) })),
  );
}
