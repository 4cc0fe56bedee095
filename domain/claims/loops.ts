// The HL hierarchy above the claims: 2000A billing provider, 2000B subscriber, 2000C patient. Each loop
// keeps its raw segments (HL first) for re-emission and the few fields the claim model needs.
import { opt } from './fields';
import { type SubmittedClaim } from './model';

export type LoopLevel = 'billing-provider' | 'subscriber' | 'patient';

export interface HierarchyLoop {
  level: LoopLevel;
  id: string;
  segments: string[];
  /** Why claims under this loop cannot be trusted (a broken hierarchy); undefined when fine. */
  broken: string | undefined;
  billingProvider: Partial<SubmittedClaim['billingProvider']> | undefined;
  subscriber: SubmittedClaim['subscriber'];
  payer: SubmittedClaim['payer'] | undefined;
  /** NM1 entity of the open sub-loop (2010AA = 85, 2010BB = PR...): REF*EI belongs to 85 only. */
  entity: string | undefined;
}

const LEVELS: Readonly<Record<string, LoopLevel>> = { '20': 'billing-provider', '22': 'subscriber', '23': 'patient' };

/** Segments a hierarchy loop may hold before its first CLM. */
export const LOOP_SEGMENTS: ReadonlySet<string> = new Set(['PRV', 'CUR', 'NM1', 'N3', 'N4', 'REF', 'PER', 'SBR', 'PAT', 'DMG']);

export function levelOf(code: string | undefined): LoopLevel | undefined {
  return code === undefined ? undefined : LEVELS[code];
}

export function openLoop(level: LoopLevel, e: readonly string[], text: string): HierarchyLoop {
  return { level, id: e[1] ?? '', segments: [text], broken: undefined, billingProvider: undefined, subscriber: {}, payer: undefined, entity: undefined };
}

/** A segment of loop 2000A/B/C before the claim: kept raw, and read when the model needs it. */
export function readLoopSegment(loop: HierarchyLoop, id: string, e: readonly string[], text: string): void {
  loop.segments.push(text);
  if (id === 'NM1') {
    const entity = e[1] ?? '';
    loop.entity = entity;
    if (entity === '85' && loop.level === 'billing-provider') {
      const name = [e[3], e[4]].filter((p) => p !== undefined && p.length > 0).join(' ');
      loop.billingProvider = { name, npi: e[8] === 'XX' ? opt(e, 9) : undefined };
    } else if (entity === 'IL' && loop.level === 'subscriber') loop.subscriber.memberId = opt(e, 9);
    else if (entity === 'PR' && loop.level === 'subscriber') loop.payer = { name: e[3] ?? '', idQualifier: opt(e, 8), id: opt(e, 9) };
  } else if (id === 'REF' && e[1] === 'EI' && loop.entity === '85' && loop.billingProvider !== undefined) {
    loop.billingProvider.taxId = opt(e, 2);
  } else if (id === 'SBR' && loop.level === 'subscriber') {
    loop.subscriber.payerResponsibility = opt(e, 1);
    loop.subscriber.relationship = opt(e, 2);
    loop.subscriber.filingIndicator = opt(e, 9);
  }
}
