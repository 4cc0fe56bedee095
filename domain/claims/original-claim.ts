// A stored claim back as the reader gives it, from the original segments the store keeps: the writer of
// corrected claims works on a SubmittedClaim, and re-reading the segments as they were sent rebuilds one
// exactly (one claim, its loops, its envelope), so nothing but the segments needs storing.
import { type OriginalSegments, type SubmittedClaim } from './model';
import { read837Text } from './reader';

export function claimFromOriginal(original: OriginalSegments): SubmittedClaim | undefined {
  const { element, segment } = original.delimiters;
  const field = (s: string | undefined, n: number) => s?.split(element)[n] ?? '';
  const set = [original.transaction, ...original.header, ...original.billingProvider, ...original.subscriber, ...(original.patient ?? []), ...original.claim];
  const stControl = field(original.transaction, 2);
  const segments = [
    ...(original.interchange ? [original.interchange] : []),
    ...(original.group ? [original.group] : []),
    ...set,
    ['SE', String(set.length + 1), stControl].join(element),
    ...(original.group ? [['GE', '1', field(original.group, 6)].join(element)] : []),
    ...(original.interchange ? [['IEA', '1', field(original.interchange, 13)].join(element)] : []),
  ];
  const events = read837Text(segments.map((s) => s + segment).join(''), 'stored-claim');
  for (const e of events) if (e.kind === 'claim') return e.claim;
  return undefined;
}
