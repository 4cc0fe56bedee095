// HL rules shared by the 837 and 276: HL01 counts 1, 2, 3... in the set, HL02 names an HL already sent
// whose level may parent this one, HL03 is a level the guide knows, and HL04 says whether children follow.
import { issueAt, type ValidationIssue } from './validate-issue';
import { el, type X12Segment } from './validate-x12';

/** A level code and the level codes its parent may have (empty: a top level, HL02 not sent). */
export type LevelParents = Readonly<Record<string, readonly string[]>>;

export interface HierarchicalLevel {
  hl: X12Segment;
  level: string;
  /** The HL and the segments after it up to the next HL (or the end of the set). */
  segments: X12Segment[];
  /** Whether any later HL names this one as its parent. */
  hasChildren: boolean;
}

/** Cuts the set body at each HL; segments before the first HL are the header. */
export function splitLevels(body: readonly X12Segment[]): { header: X12Segment[]; levels: HierarchicalLevel[] } {
  const header: X12Segment[] = [];
  const levels: HierarchicalLevel[] = [];
  for (const segment of body) {
    if (segment.id === 'HL') levels.push({ hl: segment, level: el(segment, 3) ?? '', segments: [segment], hasChildren: false });
    else if (levels.length === 0) header.push(segment);
    else levels[levels.length - 1]?.segments.push(segment);
  }
  const byId = new Map(levels.map((l) => [el(l.hl, 1) ?? '', l]));
  for (const l of levels) {
    const parent = el(l.hl, 2);
    if (parent !== undefined) {
      const p = byId.get(parent);
      if (p) p.hasChildren = true;
    }
  }
  return { header, levels };
}

export function checkHierarchy(levels: readonly HierarchicalLevel[], parents: LevelParents): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, string>();
  levels.forEach((l, i) => {
    const { hl, level } = l;
    const id = el(hl, 1);
    if (id !== String(i + 1)) {
      issues.push(issueAt(hl, 'hl-sequence', `HL01 '${id ?? ''}' should be ${i + 1}: HL ids count up from 1 in the transaction set.`, 'HL01'));
    }
    const allowed = parents[level];
    if (allowed === undefined) {
      issues.push(issueAt(hl, 'hl-level', `HL03 '${level}' is not a level of this transaction (${Object.keys(parents).join(', ')}).`, 'HL03'));
    } else {
      const parent = el(hl, 2);
      if (allowed.length === 0 && parent !== undefined) {
        issues.push(issueAt(hl, 'hl-parent', `HL level ${level} is a top level: HL02 must not be sent.`, 'HL02'));
      } else if (allowed.length > 0) {
        const parentLevel = parent === undefined ? undefined : seen.get(parent);
        if (parentLevel === undefined) {
          issues.push(issueAt(hl, 'hl-parent', `HL02 must name an earlier HL of level ${allowed.join(' or ')}; ${parent === undefined ? 'it is empty' : `HL '${parent}' was not sent before`}.`, 'HL02'));
        } else if (!allowed.includes(parentLevel)) {
          issues.push(issueAt(hl, 'hl-parent', `HL level ${level} must be under level ${allowed.join(' or ')}, not ${parentLevel}.`, 'HL02'));
        }
      }
    }
    if (id !== undefined) seen.set(id, level);
    const child = el(hl, 4);
    if (child !== undefined && child !== (l.hasChildren ? '1' : '0')) {
      issues.push(issueAt(hl, 'hl-child-code', `HL04 is '${child}' but this level ${l.hasChildren ? 'has' : 'has no'} child levels.`, 'HL04', 'warning'));
    }
  });
  return issues;
}
