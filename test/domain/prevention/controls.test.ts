import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessDenial } from '../../../domain/lifecycle/assess';
import { classifyAdjustment } from '../../../domain/policy/classify';
import { ROOT_CAUSES, type GroupCode, type RootCause } from '../../../domain/policy/taxonomy';
import { LEAKAGE_CONTROLS, controlForRootCause, type ExampleClaim, type LeakageControl } from '../../../domain/prevention/controls';
import { detectDenial, readRemittanceText, toDenialCase, type ClaimEvent } from '../../../domain/remittance';
import { remittance835 } from '../../../domain/remittance/sample-835';
import { exampleClaimSpec } from '../../fixtures/control-examples';

/** The guide's table, beside the repository (<repo>/../shared/reference). */
const GUIDE_PATH = resolve(__dirname, '../../../../shared/reference/leakage-controls.md');

const ROOT_CAUSE_KEYS = Object.keys(ROOT_CAUSES) as RootCause[];
const isDefect = (rc: RootCause) => ROOT_CAUSES[rc].leakPoint !== null;
const remittanceRows = LEAKAGE_CONTROLS.filter((c) => c.detection.kind === 'remittance');

/** The example as an 835, read, detected and classified the way intake and the denial workflow do it. */
function classifyExample(example: ExampleClaim) {
  const text = remittance835({ remitDate: '2026-03-02', claims: [exampleClaimSpec(example, { serviceDate: '2026-02-10' })] });
  const events = readRemittanceText(text, 'example.835');
  const claims = events.filter((e): e is ClaimEvent => e.kind === 'claim');
  expect(claims).toHaveLength(1);
  const { claim, context } = claims[0] as ClaimEvent;
  const decision = detectDenial(claim, context);
  expect(decision.outcome).toBe('denial');
  const denial = toDenialCase(claim, context, decision);
  return assessDenial(denial, { today: '2026-03-05', appealLevel: 0 }).explanation.classification.primary;
}

describe('leakage controls catalogue', () => {
  it('has leak points 1..27, each once, in order', () => {
    expect(LEAKAGE_CONTROLS.map((c) => c.leakPoint)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
  });

  it('maps every defect root cause to exactly one control, at the root cause’s own leak point', () => {
    for (const rc of ROOT_CAUSE_KEYS.filter(isDefect)) {
      const owners = LEAKAGE_CONTROLS.filter((c) => c.rootCauses.includes(rc));
      expect(owners.map((c) => c.leakPoint), rc).toEqual([ROOT_CAUSES[rc].leakPoint]);
      expect(controlForRootCause(rc), rc).toBe(owners[0]);
    }
  });

  it('maps root causes that are not defects to no control', () => {
    const notDefects = ROOT_CAUSE_KEYS.filter((rc) => !isDefect(rc));
    expect(notDefects).toEqual(expect.arrayContaining(['contractual_adjustment', 'patient_cost_share', 'payer_processing', 'unknown', 'non_covered_benefit']));
    for (const rc of notDefects) expect(controlForRootCause(rc), rc).toBeUndefined();
  });

  it('gives every remittance-detected row a root cause to open its task with', () => {
    expect(remittanceRows.filter((c) => c.rootCauses.length === 0).map((c) => c.leakPoint)).toEqual([]);
  });

  // The signal text is what teams read: every code it names must really classify into the row.
  it('names in each remittance signal only codes that classify into that row’s root causes', () => {
    const problems: string[] = [];
    for (const c of remittanceRows) {
      if (c.detection.kind !== 'remittance') continue;
      // "CO-151 + N362" names a pair: the two classify together, and neither alone belongs to the row.
      for (const [, group, carc, code] of c.detection.signal.matchAll(/\b(CO|PR|OA)-([A-Z]?\d+) \+ ((?:MA|M|N)\d+)\b/g)) {
        const rc = classifyAdjustment({ group: group as GroupCode, carc: carc as string, amount: 100 }, [{ code: code as string }]).rootCause;
        if (!c.rootCauses.includes(rc)) problems.push(`${c.leakPoint}: ${group}-${carc} + ${code} → ${rc}`);
      }
      const text = c.detection.signal.replace(/\b(CO|PR|OA)-([A-Z]?\d+) \+ ((?:MA|M|N)\d+)\b/g, '');
      for (const [, group, carc] of text.matchAll(/\b(CO|PR|OA)-([A-Z]?\d+)\b/g)) {
        const rc = classifyAdjustment({ group: group as GroupCode, carc: carc as string, amount: 100 }).rootCause;
        if (!c.rootCauses.includes(rc)) problems.push(`${c.leakPoint}: ${group}-${carc} → ${rc}`);
      }
      for (const [code] of text.matchAll(/\b(?:MA|M|N)\d+\b/g)) {
        const rc = classifyAdjustment({ group: 'CO', carc: '16', amount: 100 }, [{ code }]).rootCause;
        if (!c.rootCauses.includes(rc)) problems.push(`${c.leakPoint}: CO-16 + ${code} → ${rc}`);
      }
    }
    expect(problems).toEqual([]);
  });

  describe.each(remittanceRows.map((c) => [`${c.leakPoint} ${c.leakPointName}`, c] as [string, LeakageControl]))('%s', (_, control) => {
    it('its example 835 is a denial whose primary root cause opens this control', () => {
      if (control.detection.kind !== 'remittance') throw new Error('not a remittance row');
      const primary = classifyExample(control.detection.example);
      expect(primary.isDenial).toBe(true);
      expect(control.rootCauses).toContain(primary.rootCause);
      expect(controlForRootCause(primary.rootCause)).toBe(control);
    });
  });
});

describe('agreement with the guide (leakage-controls.md)', () => {
  const guide = existsSync(GUIDE_PATH) ? readFileSync(GUIDE_PATH, 'utf8') : null;
  if (guide === null) console.log(`SKIPPED the guide comparison: ${GUIDE_PATH} is absent (shared/ not beside the repository)`);

  it.skipIf(guide === null)('has the guide’s 27 rows, word for word', () => {
    const rows = (guide ?? '')
      .split('\n')
      .filter((line) => /^\|\s*\d+\s*\|/.test(line))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(rows).toHaveLength(27);
    const ours = LEAKAGE_CONTROLS.map((c) => [String(c.leakPoint), c.leakPointName, c.earlyWarningSignal, c.rootCausePattern, c.control, c.kpi]);
    expect(ours).toEqual(rows);
  });
});
