import { describe, expect, it } from 'vitest';
import { routeOfKind } from '../../client/web/work/forms';

describe('override to a payment dispute from the task page', () => {
  it('takes the process with the kind, since each payer class disputes an underpayment its own way', () => {
    expect(routeOfKind('payment_dispute:fee_schedule_reopening', { appealLevel: 0 })).toEqual({ kind: 'payment_dispute', process: 'fee_schedule_reopening' });
    expect(routeOfKind('payment_dispute:contract_payment_dispute', { appealLevel: 0 })).toEqual({ kind: 'payment_dispute', process: 'contract_payment_dispute' });
    expect(routeOfKind('payment_dispute:arbitration', { appealLevel: 0 })).toBeUndefined();
    expect(routeOfKind('payment_dispute', { appealLevel: 0 })).toBeUndefined();
  });
});
