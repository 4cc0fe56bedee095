import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTROLS_DOC_PATH, renderControlsDoc } from '../../../scripts/controls-doc';

describe('docs/controls.md', () => {
  it('is what scripts/controls-doc.ts generates from the catalogue (run `npm run docs:controls` after changing it)', () => {
    expect(existsSync(CONTROLS_DOC_PATH), `${CONTROLS_DOC_PATH} is missing`).toBe(true);
    expect(readFileSync(CONTROLS_DOC_PATH, 'utf8')).toBe(renderControlsDoc());
  });
});
