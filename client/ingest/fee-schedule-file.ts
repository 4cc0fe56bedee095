/**
 * The fee schedule that finds underpayments: a JSON file of { payerId, procedureCode, modifier?,
 * expectedAllowed } rows (dollars, per unit), named by FEE_SCHEDULE. Without it, underpayments are not
 * looked for: the intake says so once, rather than guessing contract prices.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { createFeeSchedule, type FeeSchedule } from '../../domain/remittance';

const Row = z.strictObject({
  payerId: z.string().trim().min(1),
  procedureCode: z.string().trim().min(1),
  modifier: z.string().trim().min(1).optional(),
  expectedAllowed: z.number().nonnegative({ error: 'expected the allowed amount per unit in dollars' }),
});

export function loadFeeSchedule(file: string): FeeSchedule {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`FEE_SCHEDULE ${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  const rows = z.array(Row).safeParse(raw);
  if (!rows.success) {
    throw new Error(`FEE_SCHEDULE ${file}: ${rows.error.issues.slice(0, 5).map((i) => `row ${String(i.path[0])}${i.path.length > 1 ? `.${i.path.slice(1).join('.')}` : ''}: ${i.message}`).join('; ')}`);
  }
  return createFeeSchedule(
    rows.data.map((r) => ({ payerId: r.payerId, procedureCode: r.procedureCode, ...(r.modifier ? { modifier: r.modifier } : {}), expectedAllowedCents: Math.round(r.expectedAllowed * 100) })),
  );
}
