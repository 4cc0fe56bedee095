import { describe, expect, it } from 'vitest';
import { explainDenial } from '../../../domain/policy/explain';
import { RouteSchema, describeRoute, withConfirmedWindow } from '../../../domain/policy/routes';

// commercial-default: corrected claims 90 days from the date of service, an unverified limit.
const corrected = (today: string) =>
  explainDenial({ adjustments: 'CO-97', amount: 300, filingIndicator: '12', serviceDate: '2026-01-10', remitDate: '2026-02-01', today, facts: { correctable: true } }).deadlines.primary;
const confirmed = { dueDate: '2026-07-09', by: 'ar.alex', reason: 'payer rep, call 4471: 180 days from the date of service' };

describe('a window a person confirmed with the payer', () => {
  it('replaces an unverified limit’s last day, counts the days left from it and says who confirmed it', () => {
    const d = corrected('2026-03-05');
    expect(d).toMatchObject({ dueDate: '2026-04-10', verify: true, daysLeft: 36 });
    const moved = withConfirmedWindow(d, confirmed);
    expect(moved).toMatchObject({ kind: 'corrected_claim', dueDate: '2026-07-09', verify: false, daysLeft: 126, limitId: d!.limitId });
    expect(moved?.source).toBe('confirmed with the payer by ar.alex: payer rep, call 4471: 180 days from the date of service');
    expect(moved?.description).toMatch(/window confirmed with the payer by ar\.alex: last day 2026-07-09$/);
    expect(moved?.description).not.toMatch(/unverified limit/);
  });

  it('leaves a verified limit and a route without a deadline as they are', () => {
    const medicare = explainDenial({ adjustments: 'CO-50', remarks: 'N115', amount: 240, filingIndicator: 'MB', serviceDate: '2026-01-10', remitDate: '2026-03-02', today: '2026-03-05' }).deadlines.primary;
    expect(medicare?.verify).toBe(false);
    expect(withConfirmedWindow(medicare, confirmed)).toBe(medicare);
    expect(withConfirmedWindow(null, confirmed)).toBeNull();
  });

  it('verify_window is a route of its own, described in words a person acts on', () => {
    const route = RouteSchema.parse({ kind: 'verify_window', window: 'appeal', unverifiedDueDate: '2026-02-01', appealLevel: 2 });
    expect(describeRoute(route)).toBe('check the appeal (level 2) window with the payer (by an unverified limit it ended 2026-02-01)');
    expect(RouteSchema.safeParse({ kind: 'verify_window', window: 'payer_response', unverifiedDueDate: '2026-02-01' }).success).toBe(false);
  });
});
